from rest_framework import serializers

from catalog.api.serializers import MfgPriceRequestSerializer
from config.api.base import QueryPlanMixin
from config.ids import MAX_ID
from config.text import TEXT_MAX_LENGTH

from ..choices import OrderStatus
from ..models import Order


class MfgOrderCreateSerializer(MfgPriceRequestSerializer):
    file_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    special_instructions = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class MfgOrderSerializer(QueryPlanMixin, serializers.ModelSerializer):
    order_id = serializers.IntegerField(source="pk", read_only=True)
    total_price = serializers.FloatField()

    class Meta:
        model = Order
        fields = ["order_id", "user_id", "service_id", "file_id", "quantity", "status", "total_price", "created_at"]
        read_only_fields = fields


class MfgOrderFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    original_filename = serializers.CharField()


class MfgOrderDetailSerializer(MfgOrderSerializer):
    select_related = ("file",)
    file = MfgOrderFileSerializer(allow_null=True, read_only=True)

    class Meta(MfgOrderSerializer.Meta):
        fields = [*MfgOrderSerializer.Meta.fields, "file"]
        read_only_fields = fields


class MfgMissingInvoiceSerializer(MfgOrderSerializer):
    has_deal = serializers.SerializerMethodField()

    class Meta(MfgOrderSerializer.Meta):
        fields = ["order_id", "user_id", "status", "created_at", "has_deal"]
        read_only_fields = fields

    def get_has_deal(self, order) -> bool:
        return order.bitrix_deal_id is not None


class MfgOrderStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices)
