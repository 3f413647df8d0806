"""Orders: placed once from an accepted quote, then advanced along the production flow."""

from django.db import transaction
from django.utils import timezone

from config.errors import Refused

from ..choices import ConfigurationStatus, OrderStatus, QuoteStatus
from ..models import Configuration, Order, OrderItem, Quote
from .numbers import numbered_save

ORDER_FLOW = [OrderStatus.CONFIRMED, OrderStatus.PRODUCTION, OrderStatus.SHIPPED, OrderStatus.INSTALLED]


def place_order(*, quote: Quote, required_date=None, special_instructions=None, installation_address=None) -> Order:
    """An order from an accepted quote, once, with one item for the quoted configuration."""
    with transaction.atomic():
        # Lock only the quote: PostgreSQL refuses FOR UPDATE on the nullable side of the customer join.
        quote = Quote.objects.select_for_update(of=("self",)).select_related("customer").get(pk=quote.pk)
        if Order.objects.filter(quote=quote).exists():
            raise Refused(None, "An order already exists for this quote", "order_exists")
        if quote.status != QuoteStatus.ACCEPTED:
            raise Refused(None, "Quote must be in 'accepted' status to create an order", "invalid_status")
        order_date = timezone.localdate()
        if required_date is not None and required_date < order_date:
            raise Refused("required_date", "Required date cannot be before the order date", "not_past")
        if installation_address is None and quote.customer is not None:
            installation_address = quote.customer.address
        order = Order(
            quote=quote,
            order_date=order_date,
            required_date=required_date,
            special_instructions=special_instructions,
            installation_address=installation_address,
        )
        numbered_save(order, "order_number", "O")
        OrderItem.objects.create(
            order=order,
            configuration_id=quote.configuration_id,
            quantity=1,
            unit_price=quote.total_amount,
            total_price=quote.total_amount,
        )
        Configuration.objects.filter(pk=quote.configuration_id).update(
            status=ConfigurationStatus.ORDERED, updated_at=timezone.now()
        )
        return order


def advance_order(order: Order) -> Order:
    """Move an order one step along confirmed -> production -> shipped -> installed."""
    position = ORDER_FLOW.index(order.status)
    if position + 1 < len(ORDER_FLOW):
        order.status = ORDER_FLOW[position + 1]
        order.save(update_fields=["status", "updated_at"])
    return order
