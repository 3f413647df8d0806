"""Shop products as the shop API writes them (spec "Products")."""

from django.db.models import Prefetch
from rest_framework import serializers

from config.api.base import QueryPlanMixin
from config.text import TEXT_MAX_LENGTH
from files.api.serializers import PhotoSerializer

from .. import shop
from ..models import Product, ProductPhoto

MAX_PRICE = 10**9  # tenge


class ShopProductPhotoSerializer(PhotoSerializer):
    photo_url = staticmethod(shop.photo_url)

    class Meta:
        model = ProductPhoto
        fields = PhotoSerializer.FIELDS
        read_only_fields = fields


class ShopProductSerializer(QueryPlanMixin, serializers.ModelSerializer):
    prefetch_related = (Prefetch("photos", queryset=ProductPhoto.objects.select_related("image")),)
    description = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)
    cost_price = serializers.IntegerField(min_value=0, max_value=MAX_PRICE, required=False, help_text="KZT")
    retail_price = serializers.IntegerField(min_value=0, max_value=MAX_PRICE, help_text="KZT")
    sale_price = serializers.IntegerField(
        min_value=0, max_value=MAX_PRICE, required=False, allow_null=True, help_text="KZT, below retail_price"
    )
    current_price = serializers.IntegerField(read_only=True, help_text="The sale price when set, else retail")
    discount_percentage = serializers.IntegerField(read_only=True)
    photos = ShopProductPhotoSerializer(many=True, read_only=True, help_text="Added by POST /products/{id}/photos")

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
            "photos",
        ]
        read_only_fields = ["id"]
