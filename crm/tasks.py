"""Bitrix24 work in Celery (queue `crm`): thin, idempotent, safe to run twice."""

from dataclasses import asdict

from celery import shared_task

from orders.models import Order

from . import services, shop_customers, shop_webhooks, sync
from .bitrix.errors import BitrixDisabled, BitrixTransientError


@shared_task(name="crm.tasks.drain_sync_queue_task")
def drain_sync_queue_task(limit: int = 50) -> dict:
    return asdict(sync.drain(limit))


@shared_task(name="crm.tasks.process_event_task")
def process_event_task(event_id: int) -> str | None:
    return services.process_event(event_id)


@shared_task(name="crm.tasks.reconcile_deals_task")
def reconcile_deals_task() -> int:
    return services.reconcile_deals()


@shared_task(
    name="crm.tasks.fetch_invoice_task",
    autoretry_for=(BitrixTransientError,),
    retry_backoff=60,
    retry_jitter=True,
    max_retries=5,
)
def fetch_invoice_task(order_id: int) -> bool:
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return False
    try:
        return services.fetch_invoice(order)
    except BitrixDisabled:
        return False


@shared_task(name="crm.tasks.fetch_missing_invoices_task")
def fetch_missing_invoices_task(limit: int = 50) -> int:
    """Beat: look again for invoices of orders that have a deal but no invoice file yet."""
    fetched = 0
    for order in services.orders_awaiting_invoices().order_by("id")[:limit]:
        try:
            fetched += services.fetch_invoice(order)
        except (BitrixDisabled, BitrixTransientError):
            break
    return fetched


@shared_task(name="crm.tasks.deliver_webhooks_task")
def deliver_webhooks_task(limit: int = 100) -> int:
    """Send the shops' due webhook deliveries (after an event commits, and every minute for retries)."""
    return shop_webhooks.drain(limit)


@shared_task(name="crm.tasks.remind_important_dates_task")
def remind_important_dates_task() -> int:
    """Beat, daily: remind each shop of its customers' dates a few days ahead (once per occurrence)."""
    return shop_customers.remind_important_dates()
