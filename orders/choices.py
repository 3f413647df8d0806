from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    """Manufacturing order statuses (mfg spec "Orders"; Bitrix24 deal stages map onto them)."""

    PENDING = "pending", _("Pending")
    PROCESSING = "processing", _("Processing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class StatusSource(models.TextChoices):
    """Who moved an order to a status, as its history shows it."""

    PLACED = "placed", _("Order placed")
    CUSTOMER = "customer", _("Customer")
    STAFF = "staff", _("Our team")
    CRM = "crm", _("Bitrix24")
