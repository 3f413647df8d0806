"""Products of the retail shop API (spec "Products"): each shop's own catalogue."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.parsers import MultiPartParser

from config.api.shop import ShopGenericAPIView, ShopTenantMixin
from config.body_limits import upload_body_bytes
from config.errors import NotFound, Refused

from .. import shop
from ..models import Product, ProductPhoto
from .shop_filters import ShopProductFilter
from .shop_serializers import ShopProductPhotoSerializer, ShopProductPhotoUploadSerializer, ShopProductSerializer


class ShopProductMixin(ShopTenantMixin):
    queryset = Product.objects.order_by("id")
    serializer_class = ShopProductSerializer
    lookup_url_kwarg = "product_id"
    not_found_message = "Product not found"


class ProductListCreateView(ShopProductMixin, mixins.ListModelMixin, ShopGenericAPIView):
    filterset_class = ShopProductFilter

    def get(self, request):
        return self.list(request)

    @extend_schema(responses={201: ShopProductSerializer})
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_created(shop.save_product(self.shop, **serializer.validated_data))


class ProductDetailView(ShopProductMixin, mixins.RetrieveModelMixin, ShopGenericAPIView):
    def get(self, request, product_id):
        return self.retrieve(request)

    def patch(self, request, product_id):
        product = self.get_object()
        serializer = self.get_serializer(product, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self.answer_updated(shop.save_product(self.shop, product, **serializer.validated_data))


class ProductPhotoMixin(ShopTenantMixin):
    queryset = ProductPhoto.objects.order_by("position", "id")
    serializer_class = ShopProductPhotoSerializer
    shop_field = "product__shop"
    lookup_url_kwarg = "photo_id"
    not_found_message = "Photo not found"

    def product(self) -> Product:
        product = Product.objects.filter(shop=self.shop, pk=self.kwargs["product_id"]).first()
        if product is None:
            raise NotFound("Product not found")
        return product

    def get_visible_queryset(self):
        return super().get_visible_queryset().filter(product_id=self.kwargs["product_id"])


class ProductPhotoCreateView(ProductPhotoMixin, ShopGenericAPIView):
    parser_classes = [MultiPartParser]
    max_body_bytes = upload_body_bytes(settings.SHOP_PHOTO_MAX_UPLOAD_BYTES)

    @extend_schema(
        request={"multipart/form-data": ShopProductPhotoUploadSerializer}, responses={201: ShopProductPhotoSerializer}
    )
    def post(self, request, product_id):
        product = self.product()
        upload = request.data.get("file")
        if not hasattr(upload, "read"):
            raise Refused("file", "Send the photo as the multipart field `file`", "missing")
        photo = shop.add_photo(product, owner=request.user, file_name=upload.name, content=upload.read())
        return self.answer_created(photo)


class ProductPhotoDetailView(ProductPhotoMixin, ShopGenericAPIView):
    @extend_schema(responses={204: None})
    def delete(self, request, product_id, photo_id):
        shop.delete_photo(self.get_object())
        return self.answer_deleted()
