from django.db import models


class OrderStatus(models.TextChoices):
    """An Etsy order's status: Etsy's receipt statuses, and `shipped` (paid and sent)."""

    OPEN = "open", "Open"
    PAYMENT_PROCESSING = "payment_processing", "Payment processing"
    PAID = "paid", "Paid"
    SHIPPED = "shipped", "Shipped"
    COMPLETED = "completed", "Completed"
    CANCELED = "canceled", "Canceled"
    FULLY_REFUNDED = "fully_refunded", "Fully refunded"
    PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"


# Orders that earned nothing: left out of revenue and order counts (issue 12, "Analytics").
NO_REVENUE_STATUSES = (OrderStatus.CANCELED, OrderStatus.FULLY_REFUNDED, OrderStatus.PARTIALLY_REFUNDED)


class ProductionStatus(models.TextChoices):
    """Where the print farm is with an order; ours alone, never changed by a sync."""

    PENDING = "pending", "Pending"
    IN_PROGRESS = "in_progress", "In progress"
    ON_HOLD = "on_hold", "On hold"
    COMPLETED = "completed", "Completed"


class CommunicationDirection(models.TextChoices):
    INBOUND = "inbound", "From the customer"
    OUTBOUND = "outbound", "To the customer"


class CommunicationChannel(models.TextChoices):
    ETSY_MESSAGE = "etsy_message", "Etsy message"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    OTHER = "other", "Other"
