"""Shop orders, production tasks and tracking as the shop API writes them (spec shop-cvety.md)."""

from django.db.models import Prefetch
from rest_framework import serializers

from accounts.otp import PHONE_FORMAT, normalise_phone
from config.api.base import QueryPlanMixin
from config.errors import Refused
from config.ids import MAX_ID
from config.text import TEXT_MAX_LENGTH
from files.api.serializers import PhotoSerializer

from .. import shop
from ..choices import DeliveryMethod, IssueType, PaymentStatus, ShopOrderStatus, TaskPriority, TaskType
from ..models import ProductionTask, ShopOrder, ShopOrderPhoto

MAX_AMOUNT = 10**12  # tenge; far above any bouquet, far below what the columns hold


class PhoneField(serializers.CharField):
    """`+7XXXXXXXXXX`; `8 701 ...` and spaces or dashes are read as the same number."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("help_text", "`+7XXXXXXXXXX`")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value == "" and self.allow_blank:
            return value
        try:
            return normalise_phone(value)
        except Refused:
            raise serializers.ValidationError(PHONE_FORMAT, code="value_error") from None


def Amount(**kwargs):  # noqa: N802 (a field factory read as a type)
    return serializers.IntegerField(min_value=0, max_value=MAX_AMOUNT, help_text="KZT, whole tenge", **kwargs)


class ShopDeliveryWindowInSerializer(serializers.Serializer):
    from_time = serializers.DateTimeField()
    to_time = serializers.DateTimeField()


class ShopDeliveryWindowSerializer(serializers.Serializer):
    # `from` is a Python keyword: the field is named in the constructor's `fields` below.
    to = serializers.DateTimeField()

    def get_fields(self):
        fields = super().get_fields()
        return {"from": serializers.DateTimeField(), **fields}


class ShopOrderCreateSerializer(serializers.Serializer):
    customer_phone = PhoneField()
    recipient_phone = PhoneField(required=False, allow_blank=True)
    recipient_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    delivery_method = serializers.ChoiceField(choices=DeliveryMethod.choices, default=DeliveryMethod.DELIVERY)
    delivery_window = ShopDeliveryWindowInSerializer(required=False, allow_null=True)
    delivery_fee = Amount(default=0)
    comment = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, help_text="The customer's wishes"
    )

    def validate(self, attrs):
        window = attrs.pop("delivery_window", None) or {}
        attrs["delivery_from"] = window.get("from_time")
        attrs["delivery_to"] = window.get("to_time")
        if attrs["delivery_method"] == DeliveryMethod.DELIVERY and not attrs.get("address", "").strip():
            raise serializers.ValidationError({"address": ["A delivery needs an address"]}, code="value_error")
        return attrs


class ShopOrderPlainCreateSerializer(ShopOrderCreateSerializer):
    flower_sum = Amount()
    total = Amount(required=False)


class ShopOrderLineInSerializer(serializers.Serializer):
    product_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    quantity = serializers.IntegerField(min_value=1, max_value=1000)


class ShopOrderWithItemsSerializer(ShopOrderCreateSerializer):
    items = ShopOrderLineInSerializer(many=True, allow_empty=False, max_length=100)


class ShopOrderItemSerializer(serializers.Serializer):
    product_id = serializers.IntegerField(allow_null=True)
    product_name = serializers.CharField()
    quantity = serializers.IntegerField()
    price = serializers.IntegerField()
    total = serializers.IntegerField()


class ShopCustomerSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="The shop's customer with this phone, if recorded")
    name = serializers.CharField(allow_null=True)
    phone = serializers.CharField()
    orders_count = serializers.IntegerField()
    total_spent = serializers.IntegerField(help_text="KZT paid over the customer's orders at this shop")


def delivery_window(order) -> dict | None:
    if not (order.delivery_from and order.delivery_to):
        return None
    return ShopDeliveryWindowSerializer({"from": order.delivery_from, "to": order.delivery_to}).data


class ShopOrderPhotoSerializer(PhotoSerializer):
    photo_url = staticmethod(shop.photo_url)

    class Meta:
        model = ShopOrderPhoto
        fields = [*PhotoSerializer.FIELDS, "added_at"]
        read_only_fields = fields


class ShopOrderSerializer(QueryPlanMixin, serializers.ModelSerializer):
    prefetch_related = ("items", Prefetch("photos", queryset=ShopOrderPhoto.objects.select_related("image")))
    delivery_window = serializers.SerializerMethodField()
    customer = serializers.SerializerMethodField()
    items = ShopOrderItemSerializer(many=True, read_only=True)
    photos = ShopOrderPhotoSerializer(
        many=True, read_only=True, help_text="The flowers as made, added by POST /orders/{id}/photos"
    )

    class Meta:
        model = ShopOrder
        fields = [
            "id",
            "created_at",
            "updated_at",
            "status",
            "customer_phone",
            "recipient_phone",
            "recipient_name",
            "address",
            "delivery_method",
            "delivery_window",
            "comment",
            "flower_sum",
            "delivery_fee",
            "total",
            "tracking_token",
            "customer",
            "items",
            "photos",
        ]
        read_only_fields = fields

    @classmethod
    def annotate_queryset(cls, queryset):
        count, spent = shop.customer_totals("shop", "customer_phone")
        return super().annotate_queryset(queryset).annotate(customer_orders_count=count, customer_total_spent=spent)

    def get_delivery_window(self, order) -> ShopDeliveryWindowSerializer(allow_null=True):
        return delivery_window(order)

    def get_customer(self, order) -> ShopCustomerSummarySerializer:
        known = self.context.get("customers")
        if known is None:
            known = shop.customers_by_phone(order.shop_id, [order.customer_phone])
        customer_id, name = known.get(order.customer_phone, (None, None))
        return {
            "id": customer_id,
            "name": name,
            "phone": order.customer_phone,
            "orders_count": getattr(order, "customer_orders_count", 0),
            "total_spent": getattr(order, "customer_total_spent", 0),
        }


class ShopOrderStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ShopOrderStatus.choices)


class ShopOrderIssueSerializer(serializers.Serializer):
    issue_type = serializers.ChoiceField(choices=IssueType.choices)
    comment = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")


class ShopPaymentWebhookSerializer(serializers.Serializer):
    payment_method = serializers.CharField(max_length=64)
    payment_id = serializers.CharField(max_length=255)
    amount = Amount()
    status = serializers.ChoiceField(choices=PaymentStatus.choices)


class ShopPaymentAnswerSerializer(serializers.Serializer):
    order_id = serializers.IntegerField()
    payment_id = serializers.CharField()
    accepted = serializers.BooleanField(help_text="Whether this payment paid the order")
    order_status = serializers.ChoiceField(choices=ShopOrderStatus.choices)
    message = serializers.CharField()


class ShopTaskItemSerializer(serializers.Serializer):
    product_name = serializers.CharField(max_length=255)
    quantity = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    special_requests = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")


class ShopTaskSerializer(QueryPlanMixin, serializers.ModelSerializer):
    order_id = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, help_text="One of the shop's orders"
    )
    items = ShopTaskItemSerializer(many=True, required=False, max_length=100)

    class Meta:
        model = ProductionTask
        fields = ["id", "order_id", "task_type", "priority", "status", "deadline", "items", "created_at", "updated_at"]
        read_only_fields = ["id", "status", "created_at", "updated_at"]
        extra_kwargs = {"task_type": {"choices": TaskType.choices}, "priority": {"choices": TaskPriority.choices}}


class ShopTrackingSerializer(serializers.ModelSerializer):
    delivery_window = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()

    class Meta:
        model = ShopOrder
        fields = ["status", "updated_at", "delivery_method", "delivery_window", "address", "photos", "tracking_token"]
        read_only_fields = fields

    def get_delivery_window(self, order) -> ShopDeliveryWindowSerializer(allow_null=True):
        return delivery_window(order)

    def get_address(self, order) -> str:
        return shop.mask_address(order.address)

    def get_photos(self, order) -> list[str]:
        """Public addresses of the photos of the order's flowers."""
        return [shop.photo_url(photo) for photo in order.photos.select_related("image")]
