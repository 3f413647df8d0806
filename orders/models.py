from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from .choices import OrderStatus, StatusSource


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
