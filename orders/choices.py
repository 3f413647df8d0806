from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    """Manufacturing order statuses (mfg spec "Orders"; Bitrix24 deal stages map onto them)."""

    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class ShopOrderStatus(models.TextChoices):
    """Shop order statuses (shop spec "Order Status Flow"); the moves allowed are in orders/shop.py."""

    NEW = "new", _("New")
    PAID = "paid", _("Paid")
    ASSEMBLED = "assembled", _("Assembled")
    DELIVERY = "delivery", _("Out for delivery")
    SELF_PICKUP = "self_pickup", _("Ready for pickup")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    ISSUE = "issue", _("Issue")


class DeliveryMethod(models.TextChoices):
    DELIVERY = "delivery", _("Delivery")
    SELF_PICKUP = "self_pickup", _("Self pickup")


class IssueType(models.TextChoices):
    """What went wrong with a shop order (shop spec "Report Issue")."""

    WRONG_ADDRESS = "wrong_address", "Wrong address"
    RECIPIENT_UNAVAILABLE = "recipient_unavailable", "Recipient unavailable"
    QUALITY_ISSUE = "quality_issue", "Quality issue"
    WRONG_ORDER = "wrong_order", "Wrong order"
    DELIVERY_DELAY = "delivery_delay", "Delivery delay"
    OTHER = "other", "Other"


class PaymentStatus(models.TextChoices):
    """What the payment provider says of a payment."""

    SUCCESS = "success", "Success"
    FAILED = "failed", "Failed"
    PENDING = "pending", "Pending"


class TaskType(models.TextChoices):
    BOUQUET = "bouquet", "Bouquet"
    COMPOSITION = "composition", "Composition"
    WEDDING = "wedding", "Wedding decoration"
    EVENT = "event", "Event decoration"


class TaskPriority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class TaskStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
