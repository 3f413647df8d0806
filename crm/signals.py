"""The CRM follows what the shop announces (docs/architecture.md, "Dependencies between apps").

Domain apps send these signals inside their transaction; each receiver here writes its sync-queue
row in that same transaction, so a rolled-back order or sign-up leaves nothing queued and a
committed one is never lost. Bitrix24 is reached only after commit, when the queue drains.
"""

from django.dispatch import Signal, receiver
from django.utils import timezone

from accounts.signals import user_registered
from orders.signals import (
    order_placed,
    order_status_changed,
    shop_order_created,
    shop_order_status_changed,
    shop_payment_received,
)

from . import shop_customers, shop_webhooks
from .choices import SyncEntity, SyncOperation, WebhookEvent
from .sync import enqueue

# A call request was recorded: kwargs `call_request`.
call_request_created = Signal()


def queue_customer(user, *, drain: bool) -> None:
    """One policy for every customer we hear of: queued as a contact until Bitrix24 knows them."""
    if user is not None and not user.bitrix_contact_id:
        enqueue(SyncEntity.CONTACT, user.pk, drain=drain)


@receiver(user_registered)
def queue_registered_contact(sender, user, **kwargs) -> None:
    queue_customer(user, drain=True)


@receiver(order_placed)
def queue_new_deal(sender, order, **kwargs) -> None:
    queue_customer(order.user, drain=False)
    enqueue(SyncEntity.DEAL, order.pk)


@receiver(order_status_changed)
def queue_deal_update(sender, order, **kwargs) -> None:
    enqueue(SyncEntity.DEAL, order.pk, SyncOperation.UPDATE if order.bitrix_deal_id else SyncOperation.CREATE)


@receiver(call_request_created)
def queue_new_lead(sender, call_request, **kwargs) -> None:
    queue_customer(call_request.user, drain=False)
    enqueue(SyncEntity.LEAD, call_request.pk)


# -- the retail shop: customers and outgoing webhooks --------------------------------------------


@receiver(shop_order_created)
def note_shop_customer(sender, order, **kwargs) -> None:
    shop_customers.customer_for_order(order)


@receiver(shop_order_status_changed)
def announce_status_change(sender, order, old_status, new_status, **kwargs) -> None:
    shop_webhooks.emit(
        order.shop_id,
        WebhookEvent.ORDER_STATUS_CHANGED,
        f"{order.pk}:{old_status}:{new_status}:{timezone.now().timestamp()}",
        {
            "order_id": order.pk,
            "old_status": old_status,
            "new_status": new_status,
            "tracking_token": order.tracking_token,
        },
    )


@receiver(shop_payment_received)
def announce_payment(sender, order, payment, **kwargs) -> None:
    shop_webhooks.emit(
        order.shop_id,
        WebhookEvent.PAYMENT_RECEIVED,
        f"{payment.pk}",
        {
            "order_id": order.pk,
            "payment_id": payment.payment_id,
            "amount": payment.amount,
            "payment_method": payment.payment_method,
            "tracking_token": order.tracking_token,
        },
    )
