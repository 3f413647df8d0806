from django.db import models


class OrderStatus(models.TextChoices):
    """A supplier order's state (spec "OrderModel")."""

    PENDING = "pending", "Pending"
    ORDERED = "ordered", "Ordered"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"


DEFAULT_LOCATION_TYPE = "standard"
