"""Shop products as the shop API writes them (spec "Products")."""

from django.db.models import Prefetch
from rest_framework import serializers

from config.api.base import QueryPlanMixin
from config.text import TEXT_MAX_LENGTH

from .. import shop
from ..models import Product, ProductPhoto

MAX_PRICE = 10**9  # tenge


class ShopProductPhotoSerializer(QueryPlanMixin, serializers.ModelSerializer):
    select_related = ("image",)
    url = serializers.SerializerMethodField(help_text="Public address of the picture (no token needed)")
    content_type = serializers.CharField(source="image.content_type", read_only=True)
    width = serializers.IntegerField(source="image.width", read_only=True)
    height = serializers.IntegerField(source="image.height", read_only=True)
    size = serializers.IntegerField(source="image.file_size", read_only=True, help_text="Bytes")

    class Meta:
        model = ProductPhoto
        fields = ["id", "url", "content_type", "width", "height", "size", "position"]
        read_only_fields = fields

    def get_url(self, photo) -> str:
        return shop.photo_url(photo)


class ShopProductPhotoUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PNG, JPEG, GIF or WebP, at most 10 MB; checked by decoding it")


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
