"""Warehouse routes of the retail shop API (spec shop-cvety.md "Warehouse"): each shop sees its own stock."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from config.api.shop import ShopGenericAPIView, ShopTenantMixin

from ..models import SupplyDelivery, WarehouseItem
from ..services import warehouse
from .shop_filters import WarehouseFilter
from .shop_serializers import DeliveryCreateSerializer, DeliverySerializer, WarehouseItemSerializer


class WarehouseView(ShopTenantMixin, generics.ListAPIView, ShopGenericAPIView):
    queryset = WarehouseItem.objects.order_by("variety", "id")
    serializer_class = WarehouseItemSerializer
    filterset_class = WarehouseFilter


class DeliveriesView(ShopTenantMixin, ShopGenericAPIView):
    queryset = SupplyDelivery.objects.order_by("-delivery_date", "-id")
    serializer_class = DeliverySerializer

    @extend_schema(request=DeliveryCreateSerializer, responses={201: DeliverySerializer})
    def post(self, request):
        serializer = DeliveryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        positions = [warehouse.Position(**position) for position in data.pop("positions")]
        delivery = warehouse.record_delivery(self.shop, positions=positions, rate=data.pop("rate", 1), **data)
        return self.answer_created(delivery)
