from django.conf import settings
from django.db import models

from printshop.choices import CommunicationChannel, CommunicationDirection, OrderStatus, ProductionStatus

from .etsy import EtsyShop

MONEY = {"max_digits": 14, "decimal_places": 3}  # Etsy's divisors go to 1000 (KWD, BHD)


class Order(models.Model):
    """An Etsy receipt as an order of the print farm; the Etsy fields are refreshed by each sync."""

    shop = models.ForeignKey(EtsyShop, on_delete=models.CASCADE, related_name="orders")
    etsy_receipt_id = models.PositiveBigIntegerField()
    etsy_buyer_user_id = models.PositiveBigIntegerField(null=True, blank=True)
    buyer_name = models.CharField(max_length=255, blank=True)
    buyer_email = models.EmailField(blank=True)
    status = models.CharField(max_length=24, choices=OrderStatus.choices, default=OrderStatus.OPEN)
    production_status = models.CharField(
        max_length=16, choices=ProductionStatus.choices, default=ProductionStatus.PENDING
    )
    is_paid = models.BooleanField(default=False)
    is_shipped = models.BooleanField(default=False)
    currency = models.CharField(max_length=3)
    total_amount = models.DecimalField(**MONEY)
    subtotal_amount = models.DecimalField(**MONEY, default=0)
    shipping_amount = models.DecimalField(**MONEY, default=0)
    tax_amount = models.DecimalField(**MONEY, default=0)
    discount_amount = models.DecimalField(**MONEY, default=0)
    shipping_name = models.CharField(max_length=255, blank=True)
    shipping_first_line = models.CharField(max_length=255, blank=True)
    shipping_second_line = models.CharField(max_length=255, blank=True)
    shipping_city = models.CharField(max_length=255, blank=True)
    shipping_state = models.CharField(max_length=255, blank=True)
    shipping_zip = models.CharField(max_length=32, blank=True)
    shipping_country = models.CharField(max_length=2, blank=True)
    shipping_address = models.TextField(blank=True)
    message_from_buyer = models.TextField(blank=True)
    is_gift = models.BooleanField(default=False)
    gift_message = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    ordered_at = models.DateTimeField()
    etsy_updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-ordered_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "etsy_receipt_id"], name="printshop_order_unique_receipt"),
        ]
        indexes = [
            models.Index(fields=["shop", "-ordered_at"], name="printshop_order_shop_date"),
            models.Index(fields=["ordered_at"], name="printshop_order_date"),
        ]

    def __str__(self):
        return f"Etsy order {self.etsy_receipt_id}"


class OrderItem(models.Model):
    """One Etsy transaction of an order: a listing bought in some quantity at a unit price."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    etsy_transaction_id = models.PositiveBigIntegerField()
    etsy_listing_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=255)
    sku = models.CharField(max_length=100, blank=True)
    quantity = models.PositiveIntegerField(default=1)
    price = models.DecimalField(**MONEY)
    variations = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "etsy_transaction_id"], name="printshop_item_unique_transaction"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.title}"


class OrderNote(models.Model):
    """An internal note on an order, never shown to the buyer."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="order_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    content = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Note on {self.order}"


class Communication(models.Model):
    """A message exchanged with the buyer about an order, logged by the seller."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="communications")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    message = models.TextField()
    direction = models.CharField(max_length=8, choices=CommunicationDirection.choices)
    channel = models.CharField(
        max_length=16, choices=CommunicationChannel.choices, default=CommunicationChannel.ETSY_MESSAGE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_direction_display()} {self.get_channel_display()} on {self.order}"
