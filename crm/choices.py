from django.db import models


class CallRequestStatus(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class SyncEntity(models.TextChoices):
    DEAL = "deal", "Deal (order)"
    CONTACT = "contact", "Contact (user)"
    LEAD = "lead", "Lead (call request)"


class SyncOperation(models.TextChoices):
    CREATE = "create", "Create"
    UPDATE = "update", "Update"


class SyncStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class EventStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    PROCESSED = "processed", "Processed"
    IGNORED = "ignored", "Ignored"
    FAILED = "failed", "Failed"


class ImportantDateType(models.TextChoices):
    """Shop spec "Add Important Date"."""

    BIRTHDAY = "birthday", "Birthday"
    ANNIVERSARY = "anniversary", "Anniversary"
    OTHER = "other", "Other"


class WebhookEvent(models.TextChoices):
    """What a shop's webhook endpoints are told (shop spec "Webhooks")."""

    ORDER_STATUS_CHANGED = "order.status_changed", "Order status changed"
    PAYMENT_RECEIVED = "payment.received", "Payment received"
    CUSTOMER_CREATED = "customer.created", "New customer registered"
    CUSTOMER_IMPORTANT_DATE = "customer.important_date", "A customer's important date is near"


class WebhookStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
