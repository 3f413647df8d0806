from django.db import models


class OrderStatus(models.TextChoices):
    """A supplier order's state (spec "OrderModel")."""

    PENDING = "pending", "Pending"
    ORDERED = "ordered", "Ordered"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"


DEFAULT_LOCATION_TYPE = "standard"


class TaskStatus(models.TextChoices):
    """A background task's state, written as the spec writes it ("Task Enums")."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    RETRY = "RETRY"


class TaskPriority(models.TextChoices):
    LOW = "LOW"
    NORMAL = "NORMAL"
    HIGH = "HIGH"
    URGENT = "URGENT"


class TaskType(models.TextChoices):
    CSV_IMPORT = "CSV_IMPORT"
    CSV_ENRICHMENT = "CSV_ENRICHMENT"
    PART_ENRICHMENT = "PART_ENRICHMENT"
    DATASHEET_FETCH = "DATASHEET_FETCH"
    IMAGE_FETCH = "IMAGE_FETCH"
    BULK_ENRICHMENT = "BULK_ENRICHMENT"
    PRICE_UPDATE = "PRICE_UPDATE"
    DATABASE_CLEANUP = "DATABASE_CLEANUP"
    INVENTORY_AUDIT = "INVENTORY_AUDIT"
    BACKUP_CREATION = "BACKUP_CREATION"


FINISHED_TASK_STATUSES = (TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED)


class Currency(models.TextChoices):
    """What a supply delivery is invoiced in (shop spec "Supported Currencies"); KZT needs no rate."""

    USD = "USD", "US Dollar"
    EUR = "EUR", "Euro"
    KZT = "KZT", "Tenge"
