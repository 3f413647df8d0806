"""Products of the retail shop API (spec "Products"): each shop's own catalogue."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins

from config.api.shop import ShopGenericAPIView, ShopPhotoDeleteView, ShopPhotoUploadView, ShopTenantMixin
from files.api.serializers import PhotoUploadSerializer

from .. import shop
from ..models import Product, ProductPhoto
from .shop_filters import ShopProductFilter
from .shop_serializers import ShopProductPhotoSerializer, ShopProductSerializer


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


class ProductPhotoMixin:
    queryset = ProductPhoto.objects.order_by("position", "id")
    serializer_class = ShopProductPhotoSerializer
    parent_model, parent_field, parent_not_found = Product, "product", "Product not found"
    add_photo = staticmethod(shop.add_photo)
    delete_photo = staticmethod(shop.delete_photo)


@extend_schema(request={"multipart/form-data": PhotoUploadSerializer}, responses={201: ShopProductPhotoSerializer})
class ProductPhotoCreateView(ProductPhotoMixin, ShopPhotoUploadView):
    pass


@extend_schema(responses={204: None})
class ProductPhotoDetailView(ProductPhotoMixin, ShopPhotoDeleteView):
    pass
