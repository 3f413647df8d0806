"""Customers of the retail shop API (spec shop-cvety.md "Customers")."""

from rest_framework import serializers

from config.text import TEXT_MAX_LENGTH
from orders.api.shop_serializers import PhoneField
from orders.shop import customer_totals

from ..choices import ImportantDateType
from ..models import ImportantDate, ShopCustomer


class ImportantDateSerializer(serializers.ModelSerializer):
    date_type = serializers.ChoiceField(choices=ImportantDateType.choices)
    description = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)
    reminder_days = serializers.IntegerField(min_value=0, max_value=60, required=False, default=3)

    class Meta:
        model = ImportantDate
        fields = ["id", "date_type", "date", "description", "reminder_days"]


class ShopCustomerSerializer(serializers.ModelSerializer):
    phone = PhoneField()
    preferences = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)
    important_dates = ImportantDateSerializer(many=True, read_only=True)
    orders_count = serializers.IntegerField(read_only=True)
    total_spent = serializers.IntegerField(read_only=True, help_text="KZT paid over the customer's orders")

    class Meta:
        model = ShopCustomer
        fields = [
            "id",
            "phone",
            "name",
            "email",
            "address",
            "birth_date",
            "preferences",
            "important_dates",
            "orders_count",
            "total_spent",
            "created_at",
        ]
        read_only_fields = ["id", "important_dates", "created_at"]

    @classmethod
    def annotate_queryset(cls, queryset):
        """Orders are the customer's by phone within the shop; spent counts paid orders. Two subqueries,
        so a page costs the same at any size."""
        count, spent = customer_totals("shop", "phone")
        return queryset.prefetch_related("important_dates").annotate(orders_count=count, total_spent=spent)
