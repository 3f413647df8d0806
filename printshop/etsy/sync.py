"""Etsy receipts into orders (issue 12): incremental, paged, idempotent on the receipt id.

Each page is written in one transaction with upserts keyed on (shop, receipt id), so a sync run
twice, or two at once, never duplicates an order; a page that failed is fetched again next time.
The shop's cursor (`synced_until`) moves only after every page was written and every receipt read,
so an interrupted sync never loses an order: the next one asks Etsy again from the old cursor
(minus ETSY_SYNC_OVERLAP_SECONDS, for clocks that disagree).
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from printshop.models import EtsyShop, Order, OrderItem

from .client import EtsyAuthError, EtsyError
from .linking import client_for
from .receipts import ReceiptError, items_of, order_fields

logger = logging.getLogger(__name__)


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    unreadable: list[str] = field(default_factory=list)


def sync_shop(shop: EtsyShop) -> SyncResult:
    """Bring the shop's orders up to date with Etsy; Etsy's failures are raised (after the client's
    retries) and recorded on the shop."""
    started = timezone.now()
    since = None
    if shop.synced_until:
        since = int((shop.synced_until - timedelta(seconds=settings.ETSY_SYNC_OVERLAP_SECONDS)).timestamp())
    result = SyncResult()
    try:
        try:
            _pull(shop, client_for(shop), since, result)
        except EtsyAuthError:  # revoked before its expiry: one fresh grant, then from the same cursor
            _pull(shop, client_for(shop, force_refresh=True), since, result)
    except EtsyError as failed:
        EtsyShop.objects.filter(pk=shop.pk).update(last_sync_error=str(failed)[:500])
        raise
    shop.last_synced_at = timezone.now()
    if result.unreadable:
        shop.last_sync_error = "; ".join(result.unreadable)[:500]
    else:
        shop.synced_until, shop.last_sync_error = started, ""
    shop.save(update_fields=["synced_until", "last_synced_at", "last_sync_error"])
    return result


def _pull(shop, client, since, result):
    for page in client.receipts(shop.etsy_shop_id, min_last_modified=since):
        save_receipts(shop, page, result)


def save_receipts(shop: EtsyShop, receipts: list[dict], result: SyncResult) -> None:
    """Upsert one page of receipts and their transactions, in one transaction and four queries."""
    readable: dict[int, tuple[dict, list[dict]]] = {}
    for receipt in receipts:
        try:
            fields = order_fields(receipt)
            readable[fields["etsy_receipt_id"]] = (fields, items_of(receipt))
        except ReceiptError as unreadable:
            logger.warning("Etsy receipt skipped in shop %s: %s", shop.etsy_shop_id, unreadable)
            result.unreadable.append(f"receipt {receipt.get('receipt_id')}: {unreadable}")
    if not readable:
        return
    orders = [Order(shop=shop, **fields) for fields, _ in readable.values()]
    items = [(receipt_id, item) for receipt_id, (_, receipt_items) in readable.items() for item in receipt_items]
    with transaction.atomic():
        mine = Order.objects.filter(shop=shop, etsy_receipt_id__in=readable)
        known = set(mine.values_list("etsy_receipt_id", flat=True))
        Order.objects.bulk_create(
            orders,
            update_conflicts=True,
            unique_fields=["shop", "etsy_receipt_id"],
            update_fields=[*_etsy_owned(next(iter(readable.values()))[0], ORDER_KEY, Order), "updated_at"],
        )
        ids = dict(mine.values_list("etsy_receipt_id", "pk"))
        if items:
            OrderItem.objects.bulk_create(
                [OrderItem(order_id=ids[receipt_id], **item) for receipt_id, item in items],
                update_conflicts=True,
                unique_fields=["order", "etsy_transaction_id"],
                update_fields=_etsy_owned(items[0][1], ITEM_KEY, OrderItem),
            )
    result.created += len(readable.keys() - known)
    result.updated += len(readable.keys() & known)


ORDER_KEY, ITEM_KEY = "etsy_receipt_id", "etsy_transaction_id"


def _etsy_owned(fields: dict, key: str, model) -> list[str]:
    """The fields a sync rewrites: what the receipt says, never the key, never our own fields."""
    names = {f.name for f in model._meta.concrete_fields}
    return sorted(name for name in fields if name in names and name != key)
