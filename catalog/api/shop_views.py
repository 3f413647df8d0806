"""Products of the retail shop API (spec "Products"): each shop's own catalogue."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins

from config.api.shop import ShopGenericAPIView, ShopTenantMixin

from .. import shop
from ..models import Product
from .shop_filters import ShopProductFilter
from .shop_serializers import ShopProductSerializer


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
