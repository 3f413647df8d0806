"""What the seller does with their Etsy orders: production status and notes, internal notes, the
messages exchanged with the buyer, and a sync started by hand (spec "Order Management")."""

import logging
from functools import partial

from django.db import transaction

from config.db import save_changes
from config.errors import Rejected, Unavailable
from printshop.models import Communication, Order, OrderNote

from .client import EtsyApp, EtsyPermanentError, EtsyTransientError
from .linking import ETSY_DOWN
from .sync import sync_shop

logger = logging.getLogger(__name__)


def update_order(order: Order, **changes) -> Order:
    """Change our status words and notes; Etsy's own fields are left to the next sync."""
    return save_changes(order, **changes)


def add_note(order: Order, author, content: str) -> OrderNote:
    return OrderNote.objects.create(order=order, author=author, content=content)


def log_communication(order: Order, author, *, message: str, direction: str, channel: str) -> Communication:
    return Communication.objects.create(
        order=order, author=author, message=message, direction=direction, channel=channel
    )


def sync_now(user) -> tuple[int, int]:
    """Sync every shop the user linked, now: (orders new to us, orders the user has in all).

    Etsy down or rate-limiting after the client's retries: the shop's sync is left to the task,
    which retries with back-off, and the caller hears so (503).
    """
    from printshop.tasks import sync_etsy_shop_task  # the task module imports the services

    EtsyApp.from_settings()
    shops = list(user.etsy_shops.order_by("id"))
    if not shops:
        raise Rejected("No Etsy shop is linked to this account; sign in with Etsy first", code="no_shop")
    created = 0
    for shop in shops:
        try:
            created += sync_shop(shop).created
        except EtsyTransientError:
            transaction.on_commit(partial(sync_etsy_shop_task.delay, shop.pk))
            raise Unavailable(f"{ETSY_DOWN}; the sync goes on in the background") from None
        except EtsyPermanentError as refused:
            raise Rejected(f"Etsy refused the sync: {refused}", code="etsy_refused") from None
    return created, Order.objects.filter(shop__user=user).count()
