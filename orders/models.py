import secrets

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from .choices import (
    DeliveryMethod,
    IssueType,
    OrderStatus,
    PaymentStatus,
    ShopOrderStatus,
    StatusSource,
    TaskPriority,
    TaskStatus,
    TaskType,
)


class Order(models.Model):
    """A customer's manufacturing order, priced by the calculator and mirrored as a Bitrix24 deal."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    file = models.ForeignKey("files.ModelFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="orders")
    service_id = models.CharField(max_length=32, db_index=True)
    quantity = models.PositiveIntegerField(default=1)
    # The calculator request as priced (dimensions, material, coefficients) and its full answer.
    calculation_inputs = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    price_details = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    total_price = models.DecimalField(max_digits=14, decimal_places=2)
    special_instructions = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=OrderStatus.choices, default=OrderStatus.PENDING, db_index=True)
    bitrix_deal_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    invoice_url = models.URLField(max_length=1000, blank=True)
    invoice_file = models.FileField(upload_to="invoices/", max_length=255, blank=True)
    invoice_generated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"Order #{self.pk} - {self.service_id}"


class OrderStatusChange(models.Model):
    """One step of an order's life: the status it took, when, and who moved it there."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=16, choices=OrderStatus.choices)
    source = models.CharField(max_length=16, choices=StatusSource.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["order", "changed_at"])]

    def __str__(self):
        return f"{self.get_status_display()} at {self.changed_at:%Y-%m-%d %H:%M}"


def new_tracking_token() -> str:
    """An unguessable public handle for the tracking page and API (16 random bytes, 22 characters)."""
    return secrets.token_urlsafe(16)


class ShopOrder(models.Model):
    """A retail shop's order (shop spec "Orders"): whole-tenge amounts, a status flow, a public tracking token."""

    shop = models.ForeignKey("accounts.Shop", on_delete=models.CASCADE, related_name="orders")
    status = models.CharField(max_length=16, choices=ShopOrderStatus.choices, default=ShopOrderStatus.NEW)
    customer_phone = models.CharField(max_length=16)
    recipient_phone = models.CharField(max_length=16, blank=True)
    recipient_name = models.CharField(max_length=255, blank=True)
    address = models.CharField(max_length=500, blank=True)
    delivery_method = models.CharField(max_length=16, choices=DeliveryMethod.choices, default=DeliveryMethod.DELIVERY)
    delivery_from = models.DateTimeField(null=True, blank=True)
    delivery_to = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The customer's wishes: a card's text, where to leave it")
    flower_sum = models.PositiveIntegerField(default=0, help_text="KZT")
    delivery_fee = models.PositiveIntegerField(default=0, help_text="KZT")
    total = models.PositiveIntegerField(help_text="KZT")
    tracking_token = models.CharField(max_length=43, unique=True, default=new_tracking_token, editable=False)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["shop", "status"]),
            models.Index(fields=["shop", "customer_phone"]),
            models.Index(fields=["shop", "created_at"]),
        ]

    def __str__(self):
        return f"Shop order #{self.pk}"


class ShopOrderItem(models.Model):
    """One line of a shop order, priced from the shop's product when it was ordered."""

    order = models.ForeignKey(ShopOrder, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey("catalog.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    product_name = models.CharField(max_length=255)
    quantity = models.PositiveIntegerField()
    price = models.PositiveIntegerField(help_text="KZT per unit")
    total = models.PositiveIntegerField(help_text="KZT")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.quantity} × {self.product_name}"


class ShopOrderStatusChange(models.Model):
    """One step of a shop order's status, for the tracking timeline."""

    order = models.ForeignKey(ShopOrder, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=16, choices=ShopOrderStatus.choices, blank=True)
    new_status = models.CharField(max_length=16, choices=ShopOrderStatus.choices)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.old_status or '—'} → {self.new_status}"


class ShopOrderIssue(models.Model):
    """A problem reported on a shop order (shop spec "Report Issue")."""

    order = models.ForeignKey(ShopOrder, on_delete=models.CASCADE, related_name="issues")
    issue_type = models.CharField(max_length=32, choices=IssueType.choices)
    comment = models.TextField(blank=True)
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.get_issue_type_display()} on order #{self.order_id}"


class ShopOrderPhoto(models.Model):
    """A photo of the flowers of a shop order (the bouquet as made), shown on its public tracking."""

    order = models.ForeignKey(ShopOrder, on_delete=models.CASCADE, related_name="photos")
    image = models.OneToOneField("files.Image", on_delete=models.CASCADE, related_name="shop_order_photo")
    position = models.PositiveSmallIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"Photo {self.position + 1} of order #{self.order_id}"


class ShopPayment(models.Model):
    """A payment notice from the provider, kept once per `payment_id` with the answer first given."""

    order = models.ForeignKey(ShopOrder, on_delete=models.CASCADE, related_name="payments")
    payment_id = models.CharField(max_length=255, unique=True)
    payment_method = models.CharField(max_length=64)
    amount = models.PositiveBigIntegerField(help_text="KZT")
    status = models.CharField(max_length=16, choices=PaymentStatus.choices)
    accepted = models.BooleanField(default=False, help_text="Whether it paid the order")
    answer = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return self.payment_id


class ProductionTask(models.Model):
    """A florist's job in the shop's production queue (shop spec "Production")."""

    shop = models.ForeignKey("accounts.Shop", on_delete=models.CASCADE, related_name="production_tasks")
    order = models.ForeignKey(
        ShopOrder, null=True, blank=True, on_delete=models.SET_NULL, related_name="production_tasks"
    )
    task_type = models.CharField(max_length=16, choices=TaskType.choices)
    priority = models.CharField(max_length=8, choices=TaskPriority.choices, default=TaskPriority.NORMAL)
    status = models.CharField(max_length=16, choices=TaskStatus.choices, default=TaskStatus.PENDING)
    deadline = models.DateTimeField(null=True, blank=True)
    items = models.JSONField(default=list, help_text="[{product_name, quantity, special_requests}]")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["shop", "status"])]

    def __str__(self):
        return f"{self.get_task_type_display()} task #{self.pk}"
