from celery import shared_task

from crm.bitrix.errors import BitrixDisabled, BitrixTransientError

from . import services
from .models import Order


@shared_task(
    name="orders.tasks.fetch_invoice",
    autoretry_for=(BitrixTransientError,),
    retry_backoff=60,
    retry_jitter=True,
    max_retries=5,
)
def fetch_invoice(order_id: int) -> bool:
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return False
    try:
        return services.fetch_invoice(order)
    except BitrixDisabled:
        return False


@shared_task(name="orders.tasks.fetch_missing_invoices")
def fetch_missing_invoices(limit: int = 50) -> int:
    """Beat: look again for invoices of orders that have a deal but no invoice file yet."""
    fetched = 0
    for order in services.orders_missing_invoices().order_by("id")[:limit]:
        try:
            fetched += services.fetch_invoice(order)
        except (BitrixDisabled, BitrixTransientError):
            break
    return fetched
