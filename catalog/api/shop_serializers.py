"""Shop products as the shop API writes them (spec "Products")."""

from rest_framework import serializers

from config.api.base import QueryPlanMixin
from config.text import TEXT_MAX_LENGTH

from ..models import Product

MAX_PRICE = 10**9  # tenge


class ShopProductSerializer(QueryPlanMixin, serializers.ModelSerializer):
    description = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)
    cost_price = serializers.IntegerField(min_value=0, max_value=MAX_PRICE, required=False, help_text="KZT")
    retail_price = serializers.IntegerField(min_value=0, max_value=MAX_PRICE, help_text="KZT")
    sale_price = serializers.IntegerField(
        min_value=0, max_value=MAX_PRICE, required=False, allow_null=True, help_text="KZT, below retail_price"
    )
    current_price = serializers.IntegerField(read_only=True, help_text="The sale price when set, else retail")
    discount_percentage = serializers.IntegerField(read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "category",
            "description",
            "cost_price",
            "retail_price",
            "sale_price",
            "is_active",
            "is_popular",
            "is_new",
            "current_price",
            "discount_percentage",
        ]
        read_only_fields = ["id"]
