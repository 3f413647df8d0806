from django.db import models


class OrderStatus(models.TextChoices):
    """Manufacturing order statuses (mfg spec "Orders"; Bitrix24 deal stages map onto them)."""

    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class StatusSource(models.TextChoices):
    """Who moved an order to a status, as its history shows it."""

    PLACED = "placed", "Order placed"
    CUSTOMER = "customer", "Customer"
    STAFF = "staff", "Our team"
    CRM = "crm", "Bitrix24"
