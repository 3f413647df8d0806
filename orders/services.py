"""Manufacturing orders: placing them at the calculator's price, status changes, invoices."""

import mimetypes

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import NotFound

from catalog.services import calculate_price
from crm.bitrix import invoices
from crm.bitrix.portal import portal
from crm.choices import SyncEntity, SyncOperation
from crm.sync import enqueue
from files.models import ModelFile

from .choices import OrderStatus
from .models import Order


def place_order(user, *, file_id: int, special_instructions: str = "", **inputs) -> Order:
    """Price the request with the calculator and record the order; its deal is queued for Bitrix24.

    The model must be the customer's own upload (a demo model cannot be manufactured for them).
    """
    model_file = ModelFile.objects.filter(pk=file_id, owner=user).first()
    if model_file is None:
        raise NotFound("File not found")
    quote = calculate_price(user, file_id=file_id, **inputs)
    with transaction.atomic():
        order = Order.objects.create(
            user=user,
            file=model_file,
            service_id=quote["service_id"],
            quantity=quote["quantity"],
            calculation_inputs={**quote["dimensions"], **{k: v for k, v in inputs.items() if v is not None}},
            price_details=quote,
            total_price=quote["total_price"],
            special_instructions=special_instructions,
        )
        if not user.bitrix_contact_id:
            enqueue(SyncEntity.CONTACT, user.pk, drain=False)
        enqueue(SyncEntity.DEAL, order.pk)
    return order


def set_status(order: Order, status: str) -> Order:
    """Staff move an order along; the deal follows in Bitrix24."""
    status = OrderStatus(status)
    if order.status != status:
        with transaction.atomic():
            order.status = status
            order.save(update_fields=["status", "updated_at"])
            enqueue(SyncEntity.DEAL, order.pk, SyncOperation.UPDATE if order.bitrix_deal_id else SyncOperation.CREATE)
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
        order.save(update_fields=[*changes, "updated_at"])
    return [f"{name} -> {value}" for name, value in changes.items()]


def request_invoice_refresh(order: Order) -> None:
    from .tasks import fetch_invoice  # tasks imports this module

    transaction.on_commit(lambda: fetch_invoice.delay(order.pk))


def fetch_invoice(order: Order) -> bool:
    """Download the deal's invoice from Bitrix24 into our storage; False when there is none yet."""
    if not order.bitrix_deal_id:
        return False
    found = invoices.latest_invoice(portal(), order.bitrix_deal_id)
    if found is None:
        return False
    content, content_type, url = found
    extension = "pdf" if "pdf" in content_type else (mimetypes.guess_extension(content_type) or ".pdf").lstrip(".")
    name = f"invoice_order_{order.pk}_deal_{order.bitrix_deal_id}.{extension}"
    old_name = order.invoice_file.name
    order.invoice_file.save(name, ContentFile(content), save=False)
    order.invoice_url = url
    order.invoice_generated_at = timezone.now()
    order.save(update_fields=["invoice_file", "invoice_url", "invoice_generated_at", "updated_at"])
    if old_name and old_name != order.invoice_file.name:
        order.invoice_file.storage.delete(old_name)
    return True


def orders_without_invoices():
    """`/orders/invoices/missing` (docs/mfg.md): every order that is not cancelled and has no invoice
    file yet, whether Bitrix24 has its deal or not (with the CRM off, none has)."""
    return Order.objects.filter(invoice_file="").exclude(status=OrderStatus.CANCELLED)


def orders_missing_invoices():
    """Orders Bitrix24 knows (they have a deal) for which we hold no invoice file yet: the only ones
    worth asking Bitrix24 about."""
    return Order.objects.filter(bitrix_deal_id__isnull=False, invoice_file="")
