"""Manufacturing orders: placing them at the calculator's price, status changes, invoices.

What happens to an order is announced (`signals.py`) inside the transaction that changes it; the
CRM and other integrations subscribe, so this app never imports them.
"""

import mimetypes

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalog.services import calculate_price
from config.errors import Conflict, NotFound, Rejected
from files.models import ModelFile
from files.services import FLAT_MODEL, is_flat

from .choices import OrderStatus, StatusSource
from .models import Order, OrderStatusChange
from .signals import order_placed, order_status_changed

PRICED_MULTIPLIERS = ("k_otk", "k_complexity", "k_type", "k_process")


# Messages customers read on the pages, in their language (the APIs run in English: config/locale.py).
NOTHING_TO_CHARGE = gettext_noop(
    "This part comes out at 0 ₽: it is too small for the automatic price. Order a larger quantity, "
    "or ask us for a quote through a call request."
)


def place_order(user, *, file_id: int, special_instructions: str = "", **inputs) -> Order:
    """Price the request with the calculator and record the order, announced as `order_placed`.

    The model must be the customer's own upload (a demo model cannot be manufactured for them).
    """
    model_file = refuse_flat_model(user, file_id)
    quote = calculate_price(user, model_file=model_file, **inputs)
    refuse_nothing_to_charge(quote)
    with transaction.atomic():
        order = Order.objects.create(
            user=user,
            file=model_file,
            service_id=quote["service_id"],
            quantity=quote["quantity"],
            calculation_inputs=priced_inputs(inputs, quote),
            price_details=quote,
            total_price=quote["total_price"],
            special_instructions=special_instructions,
        )
        record_status(order, StatusSource.PLACED, user)
        order_placed.send(sender=Order, order=order)
    return order


def refuse_nothing_to_charge(quote: dict) -> None:
    """A part that prices at 0 is never ordered (docs/calculator.md 19); the quote page says so too."""
    if quote["total_price"] <= 0:
        raise Rejected(_(NOTHING_TO_CHARGE), code="zero_price")


def refuse_flat_model(user, file_id: int) -> ModelFile:
    """The user's model, unless it has no thickness: the calculator would price it at its minimum
    stock size, but nothing can be made from a flat sheet of triangles."""
    model_file = ModelFile.objects.filter(pk=file_id, owner=user).first()
    if model_file is None:
        raise NotFound("File not found")
    if is_flat(model_file):
        raise Rejected(FLAT_MODEL, code="flat_model")
    return model_file


def priced_inputs(inputs: dict, quote: dict) -> dict:
    """The request as it was charged: the sizes and multipliers the calculator applied replace the
    sent ones (a customer's lower multiplier or a size under the model's does not count,
    docs/calculator.md 18), so pricing these inputs again gives the order's price."""
    sent = {name: value for name, value in inputs.items() if value is not None}
    applied = {name: quote[name] for name in PRICED_MULTIPLIERS if name in sent}
    return {name: value for name, value in {**sent, **applied, **quote["dimensions"]}.items() if value is not None}


def record_status(order: Order, source: str, by=None) -> None:
    """Keep the status the order just took in its history (the order page and admin show it)."""
    OrderStatusChange.objects.create(order=order, status=order.status, source=source, changed_by=by)


def cancel_order(order: Order) -> Order:
    """The customer withdraws an order staff have not started (pending); later it is staff's to change."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.PENDING:
            raise Conflict(
                _("Order #%(number)s is %(status)s and can no longer be cancelled.")
                % {"number": order.pk, "status": order.get_status_display().lower()}
            )
        order.status = OrderStatus.CANCELLED
        order.save(update_fields=["status", "updated_at"])
        record_status(order, StatusSource.CUSTOMER, order.user)
        order_status_changed.send(sender=Order, order=order)
    return order


def set_status(order: Order, status: str, *, by=None) -> Order:
    """Staff move an order along, announced as `order_status_changed` (the deal follows in Bitrix24)."""
    status = OrderStatus(status)
    if order.status != status:
        with transaction.atomic():
            order.status = status
            order.save(update_fields=["status", "updated_at"])
            record_status(order, StatusSource.STAFF, by)
            order_status_changed.send(sender=Order, order=order)
    return order


def apply_crm_changes(order: Order, *, status: str | None, total_price, deal_id: int) -> list[str]:
    """Take status and price from the deal (Bitrix24 is the source here), changing only what differs.

    Nothing is queued back to Bitrix24, so our own updates echoing back end here.
    """
    changes = {}
    if status and status != order.status:
        changes["status"] = status
    if total_price is not None and total_price != order.total_price:
        changes["total_price"] = total_price
    if order.bitrix_deal_id != deal_id:
        changes["bitrix_deal_id"] = deal_id
    if changes:
        for name, value in changes.items():
            setattr(order, name, value)
        with transaction.atomic():
            order.save(update_fields=[*changes, "updated_at"])
            if "status" in changes:
                record_status(order, StatusSource.CRM)
    return [f"{name} -> {value}" for name, value in changes.items()]


def attach_invoice(order: Order, *, content: bytes, content_type: str, url: str) -> None:
    """Keep the invoice the CRM found for the order's deal, replacing an older one."""
    extension = "pdf" if "pdf" in content_type else (mimetypes.guess_extension(content_type) or ".pdf").lstrip(".")
    name = f"invoice_order_{order.pk}_deal_{order.bitrix_deal_id}.{extension}"
    old_name = order.invoice_file.name
    order.invoice_file.save(name, ContentFile(content), save=False)
    order.invoice_url = url
    order.invoice_generated_at = timezone.now()
    order.save(update_fields=["invoice_file", "invoice_url", "invoice_generated_at", "updated_at"])
    if old_name and old_name != order.invoice_file.name:
        order.invoice_file.storage.delete(old_name)


def orders_without_invoices():
    """`/orders/invoices/missing` (docs/mfg.md): every order that is not cancelled and has no invoice
    file yet, whether Bitrix24 has its deal or not (with the CRM off, none has)."""
    return Order.objects.filter(invoice_file="").exclude(status=OrderStatus.CANCELLED)
