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
