"""Manufacturing orders in the customer's one list of orders (accounts/order_history.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.order_history import OrderSummary

from .models import Order


class ManufacturingOrders:
    kind = _("3D printing and machining")

    def count(self, user) -> int:
        return Order.objects.filter(user=user).count()

    def newest(self, user, limit: int) -> list[OrderSummary]:
        orders = Order.objects.filter(user=user).select_related("file").order_by("-created_at", "-id")[:limit]
        return [
            OrderSummary(
                kind=self.kind,
                number=f"#{order.pk}",
                description=order.file.original_filename if order.file_id else "",
                placed_at=order.created_at,
                status=order.get_status_display(),
                status_code=order.status,
                total=order.total_price,
                currency="RUB",
                url=reverse("orders:detail", args=[order.pk]),
            )
            for order in orders
        ]
