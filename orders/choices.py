from django.db import models


class OrderStatus(models.TextChoices):
    """Manufacturing order statuses (mfg spec "Orders"; Bitrix24 deal stages map onto them)."""

    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
