"""Etsy sign-in, orders and analytics in the print shop API's words (spec "Authentication Endpoints",
"Order Management", "Analytics"). Amounts are JSON numbers; Etsy ids are strings, as documented."""

from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.base import QueryPlanMixin
from printshop.analytics import PERIODS
from printshop.choices import CommunicationChannel, CommunicationDirection, OrderStatus, ProductionStatus
from printshop.models import Communication, EtsyShop, Order, OrderItem, OrderNote


class AmountField(serializers.DecimalField):
    """A money amount answered as a JSON number (42.48), never a string."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=14, decimal_places=3, coerce_to_string=False, read_only=True, **kwargs)

    def to_representation(self, value):
        return float(value)


class PrintshopLoginSerializer(serializers.Serializer):
    auth_url = serializers.URLField(help_text="Etsy's authorization page: send the seller there.")
    code_verifier = serializers.CharField(help_text="Keep it; send it back with the code to /auth/callback.")
    state = serializers.CharField(help_text="Etsy returns it with the code; send it back to /auth/callback.")


class PrintshopCallbackSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=512)
    code_verifier = serializers.CharField(min_length=43, max_length=128)
    state = serializers.CharField(max_length=512, required=False, allow_blank=True, default="")


NULLABLE_TEXT = {"type": "string", "nullable": True}


class PrintshopUserSerializer(serializers.Serializer):
    """The platform user with their (first) linked Etsy shop; Etsy fields are null until one is linked."""

    id = serializers.IntegerField(source="pk")
    etsy_user_id = serializers.SerializerMethodField()
    username = serializers.CharField()
    first_name = serializers.SerializerMethodField()
    shop_id = serializers.SerializerMethodField()
    shop_name = serializers.SerializerMethodField()
    created_at = serializers.SerializerMethodField()
    updated_at = serializers.SerializerMethodField()

    def shop(self, user) -> EtsyShop | None:
        if not hasattr(user, "_etsy_shop"):
            user._etsy_shop = user.etsy_shops.order_by("id").first()
        return user._etsy_shop

    @extend_schema_field(NULLABLE_TEXT)
    def get_etsy_user_id(self, user):
        shop = self.shop(user)
        return str(shop.etsy_user_id) if shop else None

    def get_first_name(self, user) -> str:
        shop = self.shop(user)
        return (shop.first_name if shop else "") or user.get_short_name()

    @extend_schema_field(NULLABLE_TEXT)
    def get_shop_id(self, user):
        shop = self.shop(user)
        return str(shop.etsy_shop_id) if shop else None

    @extend_schema_field(NULLABLE_TEXT)
    def get_shop_name(self, user):
        shop = self.shop(user)
        return shop.shop_name if shop else None

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_created_at(self, user):
        shop = self.shop(user)
        return serializers.DateTimeField().to_representation(shop.created_at if shop else user.date_joined)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_updated_at(self, user):
        shop = self.shop(user)
        return serializers.DateTimeField().to_representation(shop.updated_at if shop else user.date_joined)


class PrintshopCallbackAnswerSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="A platform access token (Bearer), good on every API.")
    user = PrintshopUserSerializer()


class PrintshopOrderItemSerializer(serializers.ModelSerializer):
    price = AmountField(help_text="Per unit, in the order's currency.")

    class Meta:
        model = OrderItem
        fields = ["id", "title", "quantity", "price", "sku", "variations"]


class PrintshopOrderSerializer(QueryPlanMixin, serializers.ModelSerializer):
    prefetch_related = (Prefetch("items", queryset=OrderItem.objects.order_by("id")),)

    etsy_order_id = serializers.CharField(source="etsy_receipt_id", read_only=True)
    buyer_email = serializers.CharField(read_only=True, help_text="Empty when Etsy does not share it.")
    shop_id = serializers.CharField(source="shop.etsy_shop_id", read_only=True)
    total_amount = AmountField()
    subtotal_amount = AmountField()
    shipping_amount = AmountField()
    tax_amount = AmountField()
    discount_amount = AmountField()
    created_at = serializers.DateTimeField(source="ordered_at", read_only=True, help_text="When the buyer ordered.")
    shipping = serializers.SerializerMethodField()
    items = PrintshopOrderItemSerializer(many=True, read_only=True)

    select_related = ("shop",)

    class Meta:
        model = Order
        fields = [
            "id",
            "etsy_order_id",
            "shop_id",
            "buyer_name",
            "buyer_email",
            "status",
            "production_status",
            "is_paid",
            "is_shipped",
            "total_amount",
            "subtotal_amount",
            "shipping_amount",
            "tax_amount",
            "discount_amount",
            "currency",
            "shipping",
            "message_from_buyer",
            "is_gift",
            "gift_message",
            "notes",
            "created_at",
            "updated_at",
            "items",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                key: {"type": "string"}
                for key in ("name", "first_line", "second_line", "city", "state", "zip", "country", "address")
            },
        }
    )
    def get_shipping(self, order) -> dict:
        return {
            "name": order.shipping_name,
            "first_line": order.shipping_first_line,
            "second_line": order.shipping_second_line,
            "city": order.shipping_city,
            "state": order.shipping_state,
            "zip": order.shipping_zip,
            "country": order.shipping_country,
            "address": order.shipping_address,
        }


class PrintshopOrderUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)
    production_status = serializers.ChoiceField(choices=ProductionStatus.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10_000)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send at least one of status, production_status, notes")
        return attrs


class PrintshopOrderFilterSerializer(serializers.Serializer):
    """The list's query: documented filters, each refused with a 400 when unreadable."""

    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)
    production_status = serializers.ChoiceField(choices=ProductionStatus.choices, required=False)
    start_date = serializers.DateField(required=False, help_text="Ordered on or after (YYYY-MM-DD).")
    end_date = serializers.DateField(required=False, help_text="Ordered on or before (YYYY-MM-DD).")


class PrintshopSyncAnswerSerializer(serializers.Serializer):
    message = serializers.CharField()
    synced_count = serializers.IntegerField(help_text="Orders new to us.")
    total_orders = serializers.IntegerField()


class PrintshopNoteSerializer(serializers.ModelSerializer):
    order_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = OrderNote
        fields = ["id", "order_id", "content", "created_at"]
        read_only_fields = ["id", "order_id", "created_at"]
        extra_kwargs = {"content": {"max_length": 10_000}}


class PrintshopCommunicationSerializer(serializers.ModelSerializer):
    order_id = serializers.IntegerField(read_only=True)
    direction = serializers.ChoiceField(choices=CommunicationDirection.choices)
    channel = serializers.ChoiceField(choices=CommunicationChannel.choices, default=CommunicationChannel.ETSY_MESSAGE)

    class Meta:
        model = Communication
        fields = ["id", "order_id", "message", "direction", "channel", "created_at"]
        read_only_fields = ["id", "order_id", "created_at"]
        extra_kwargs = {"message": {"max_length": 10_000}}


class PrintshopDashboardSerializer(serializers.Serializer):
    total_orders = serializers.IntegerField()
    orders_this_month = serializers.IntegerField()
    revenue_this_month = serializers.FloatField()
    average_order_value = serializers.FloatField()
    currency = serializers.CharField(help_text="The currency of every money figure.")
    total_prints = serializers.IntegerField(help_text="Prints that ran: started, completed or failed.")
    prints_completed = serializers.IntegerField()
    print_success_rate = serializers.FloatField(help_text="Completed prints among finished ones, in percent.")
    filament_used_kg = serializers.FloatField()
    materials_in_stock = serializers.IntegerField(help_text="Filament spools with any left.")
    low_stock_alerts = serializers.IntegerField(help_text="Spools at or under their low-stock threshold.")


DEFAULT_SPAN = {"daily": timedelta(days=29), "weekly": timedelta(weeks=11), "monthly": timedelta(days=334)}
MAX_DAYS = {"daily": 1000, "weekly": 7 * 520, "monthly": 31 * 240}  # a bounded answer: 1,000 days, 10 or 20 years


class PrintshopDashboardQuerySerializer(serializers.Serializer):
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, help_text="Default: most orders' currency.")


class PrintshopRevenueQuerySerializer(PrintshopDashboardQuerySerializer):
    start_date = serializers.DateField(required=False, help_text="Default: 30 days, 12 weeks or 12 months back.")
    end_date = serializers.DateField(required=False, help_text="Default: today.")
    period = serializers.ChoiceField(choices=list(PERIODS), default="daily")

    def validate(self, attrs):
        end = attrs.setdefault("end_date", timezone.localdate())
        start = attrs.setdefault("start_date", end - DEFAULT_SPAN[attrs["period"]])
        if start > end:
            raise serializers.ValidationError({"start_date": "Must not be after end_date"})
        if (end - start).days > MAX_DAYS[attrs["period"]]:
            limit = MAX_DAYS[attrs["period"]]
            raise serializers.ValidationError({"start_date": f"At most {limit} days of {attrs['period']} figures"})
        return attrs


class PrintshopRevenueRowSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The first day of the bucket.")
    revenue = serializers.FloatField()
    order_count = serializers.IntegerField()
    average_order = serializers.FloatField()


class PrintshopRevenueSerializer(serializers.Serializer):
    period = serializers.CharField()
    currency = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    data = PrintshopRevenueRowSerializer(many=True)
    total_revenue = serializers.FloatField()
    total_orders = serializers.IntegerField()
