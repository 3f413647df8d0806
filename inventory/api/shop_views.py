"""Warehouse routes of the retail shop API (spec shop-cvety.md "Warehouse"): each shop sees its own stock."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from config.api.base import OwnRowsOnlyMixin
from config.api.shop import ShopGenericAPIView
from config.errors import Forbidden

from ..models import SupplyDelivery, WarehouseItem
from ..services import warehouse
from .shop_filters import WarehouseFilter
from .shop_serializers import DeliveryCreateSerializer, DeliverySerializer, WarehouseItemSerializer


def shop_of(user):
    """The caller's shop (the tenant); an account without one may not write shop rows."""
    shop = getattr(user, "shop", None)
    if shop is None:
        raise Forbidden("This account has no shop: sign in with the shop's phone")
    return shop


class WarehouseView(OwnRowsOnlyMixin, generics.ListAPIView, ShopGenericAPIView):
    owner_field = "shop__owner"
    queryset = WarehouseItem.objects.order_by("variety", "id")
    serializer_class = WarehouseItemSerializer
    filterset_class = WarehouseFilter


class DeliveriesView(OwnRowsOnlyMixin, ShopGenericAPIView):
    owner_field = "shop__owner"
    queryset = SupplyDelivery.objects.order_by("-delivery_date", "-id")
    serializer_class = DeliverySerializer

    @extend_schema(request=DeliveryCreateSerializer, responses={201: DeliverySerializer})
    def post(self, request):
        shop = shop_of(request.user)
        serializer = DeliveryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        positions = [warehouse.Position(**position) for position in data.pop("positions")]
        return self.answer_created(
            warehouse.record_delivery(shop, positions=positions, rate=data.pop("rate", 1), **data)
        )
