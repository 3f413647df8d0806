from django.db import models


class ConnectionType(models.TextChoices):
    """How the platform reaches a printer's MQTT reports (docs/printshop-bambu.md)."""

    BAMBU_LAN = "bambu_lan", "Bambu Lab on the LAN"
    BAMBU_CLOUD = "bambu_cloud", "Bambu Lab cloud"


class PrintStatus(models.TextChoices):
    """A scheduled print's life (spec "Print Scheduling"); `cancelled` is what DELETE leaves."""

    QUEUED = "queued", "Queued"
    SCHEDULED = "scheduled", "Scheduled"
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


# Where each status may go (issue 12, "Print queue"): queued → scheduled → started → completed or
# failed, and a waiting print cancelled; anything else is a 409. Finished prints stay finished: a failed
# order line is scheduled again as a new print (POST /orders/{id}/schedule).
PRINT_MOVES = {
    PrintStatus.QUEUED: {PrintStatus.SCHEDULED, PrintStatus.CANCELLED},
    PrintStatus.SCHEDULED: {PrintStatus.STARTED, PrintStatus.CANCELLED},
    PrintStatus.STARTED: {PrintStatus.COMPLETED, PrintStatus.FAILED},
    PrintStatus.FAILED: set(),
    PrintStatus.COMPLETED: set(),
    PrintStatus.CANCELLED: set(),
}
WAITING = (PrintStatus.QUEUED, PrintStatus.SCHEDULED)


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


class NotificationEvent(models.TextChoices):
    """What notifies a printer's owner: the printer's events (spec "Notifications") and a spool running low."""

    PRINT_START = "print_start", "Print started"
    PRINT_COMPLETE = "print_complete", "Print complete"
    PRINT_FAILED = "print_failed", "Print failed"
    MATERIAL_CHANGE = "material_change", "Material changed"
    LOW_STOCK = "low_stock", "Filament running low"
    NEXT_PRINT = "next_print", "Next print up"


# The settings switch each event obeys (docs/printshop-notifications.md). A spool running low is a
# material alert; the next print put up on a printer gone idle comes with the end of the one before.
NOTIFY_FLAG = {
    NotificationEvent.PRINT_START: "notify_print_start",
    NotificationEvent.PRINT_COMPLETE: "notify_print_complete",
    NotificationEvent.PRINT_FAILED: "notify_print_failed",
    NotificationEvent.MATERIAL_CHANGE: "notify_material_change",
    NotificationEvent.LOW_STOCK: "notify_material_change",
    NotificationEvent.NEXT_PRINT: "notify_print_complete",
}


class NotificationChannel(models.TextChoices):
    EMAIL = "email", "Email"
    WEBHOOK = "webhook", "Webhook"


class DeliveryStatus(models.TextChoices):
    """A notification delivery's life in the outbox (printshop/outbox.py)."""

    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
