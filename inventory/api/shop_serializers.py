"""Warehouse of the retail shop API (spec shop-cvety.md "Warehouse")."""

from decimal import Decimal

from rest_framework import serializers

from ..choices import Currency
from ..models import SupplyDelivery, SupplyDeliveryLine, WarehouseItem


class WarehouseItemSerializer(serializers.ModelSerializer):
    cost_per_stem = serializers.IntegerField(read_only=True, help_text="KZT, from the latest delivery")

    class Meta:
        model = WarehouseItem
        fields = [
            "id",
            "variety",
            "supplier",
            "height_cm",
            "quantity",
            "cost_per_stem",
            "on_showcase",
            "to_write_off",
            "updated_at",
        ]


class PositionSerializer(serializers.Serializer):
    variety = serializers.CharField(max_length=200)
    height_cm = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=0)
    qty = serializers.IntegerField(min_value=1, max_value=1_000_000)
    cost_per_stem = serializers.DecimalField(
        max_digits=12,
        decimal_places=4,
        min_value=Decimal(0),
        coerce_to_string=False,
        help_text="In the delivery's currency",
    )


class DeliveryCreateSerializer(serializers.Serializer):
    supplier = serializers.CharField(max_length=200)
    farm = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    delivery_date = serializers.DateTimeField()
    currency = serializers.ChoiceField(choices=Currency.choices)
    rate = serializers.DecimalField(
        max_digits=12,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        coerce_to_string=False,
        required=False,
        help_text="KZT for one unit of the currency; required for USD and EUR, ignored for KZT",
    )
    positions = serializers.ListField(child=PositionSerializer(), min_length=1, max_length=500)

    def validate(self, attrs):
        if attrs["currency"] != Currency.KZT and attrs.get("rate") is None:
            raise serializers.ValidationError({"rate": [f"A {attrs['currency']} delivery needs its rate in KZT"]})
        return attrs


class DeliveryLineSerializer(serializers.ModelSerializer):
    item_id = serializers.IntegerField(read_only=True)
    cost_per_stem = serializers.DecimalField(max_digits=12, decimal_places=4, coerce_to_string=False, read_only=True)

    class Meta:
        model = SupplyDeliveryLine
        fields = ["item_id", "variety", "height_cm", "qty", "cost_per_stem", "cost_per_stem_kzt", "total_kzt"]


class DeliverySerializer(serializers.ModelSerializer):
    lines = DeliveryLineSerializer(many=True, read_only=True)
    rate = serializers.DecimalField(max_digits=12, decimal_places=4, coerce_to_string=False, read_only=True)

    class Meta:
        model = SupplyDelivery
        fields = ["id", "supplier", "farm", "delivery_date", "currency", "rate", "total_cost", "lines", "created_at"]

    @classmethod
    def annotate_queryset(cls, queryset):
        return queryset.prefetch_related("lines")
