"""Configured-product orders in the customer's one list of orders (accounts/order_history.py)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.order_history import OrderSummary

from .models import Order


class ProductOrders:
    kind = _("Configured products")

    def count(self, user) -> int:
        return Order.objects.filter(quote__user=user).count()

    def newest(self, user, limit: int) -> list[OrderSummary]:
        orders = (
            Order.objects.filter(quote__user=user)
            .select_related("quote__configuration")
            .order_by("-created_at", "-id")[:limit]
        )
        return [
            OrderSummary(
                kind=self.kind,
                number=order.order_number,
                description=order.quote.configuration.name if order.quote.configuration_id else "",
                placed_at=order.created_at,
                status=order.get_status_display(),
                status_code=order.status,
                total=order.quote.total_amount,
                currency=settings.CONFIGURATOR_CURRENCY,
                url=reverse("configurator:order", args=[order.pk]),
            )
            for order in orders
        ]
