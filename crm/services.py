"""CRM operations: call requests, the Bitrix24 sync queue as staff see it, incoming events, invoices,
customers."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from accounts.models import User
from config.db import save_unique
from config.errors import Conflict, Rejected, Unavailable
from config.ids import is_plain_number
from orders import services as order_services
from orders.models import Order

from . import signals, tasks
from .bitrix import funnel, invoices
from .bitrix.errors import BitrixError
from .bitrix.portal import is_enabled, portal
from .choices import CallRequestStatus, EventStatus, SyncEntity, SyncOperation, SyncStatus
from .models import BitrixEvent, CallRequest, Customer, LatestBitrixEvent, SyncItem
from .sync import drain_after_commit, enqueue
from .webhook import IncomingEvent

logger = logging.getLogger(__name__)
LIVE = [SyncStatus.PENDING, SyncStatus.PROCESSING]
RECONCILED_AT_KEY = "bitrix:deals-reconciled-at"


# -- call requests ------------------------------------------------------------------------------


def create_call_request(user, **fields) -> CallRequest:
    """Record the request, announced as `call_request_created` (its lead is queued for Bitrix24)."""
    with transaction.atomic():
        call_request = CallRequest.objects.create(user=user, **fields)
        signals.call_request_created.send(sender=CallRequest, call_request=call_request)
    return call_request


def set_call_request_status(call_request: CallRequest, status: str) -> CallRequest:
    call_request.status = CallRequestStatus(status)
    call_request.save(update_fields=["status", "updated_at"])
    return call_request


# -- the sync queue, as /sync/* and the admin show it -------------------------------------------


@dataclass
class SyncStatusReport:
    bitrix_enabled: bool
    queue_size: int
    last_sync: datetime | None
    pending_deals: int
    pending_contacts: int
    pending_leads: int


def sync_status() -> SyncStatusReport:
    pending = Q(status=SyncStatus.PENDING)
    numbers = SyncItem.objects.aggregate(
        queue_size=Count("id", filter=Q(status__in=LIVE)),
        last_sync=Max("completed_at"),
        pending_deals=Count("id", filter=pending & Q(entity_type=SyncEntity.DEAL)),
        pending_contacts=Count("id", filter=pending & Q(entity_type=SyncEntity.CONTACT)),
        pending_leads=Count("id", filter=pending & Q(entity_type=SyncEntity.LEAD)),
    )
    return SyncStatusReport(bitrix_enabled=is_enabled(), **numbers)


def queue_everything() -> int:
    """`/sync/all`: queue every user, order and call request Bitrix24 does not know yet, or that
    changed since its last sync, unless a live item already covers it. Returns how many were queued."""
    last_done = {
        (entity_type, entity_id): done
        for entity_type, entity_id, done in SyncItem.objects.filter(status=SyncStatus.COMPLETED)
        .values("entity_type", "entity_id")
        .annotate(done=Max("completed_at"))
        .values_list("entity_type", "entity_id", "done")
    }
    live = set(SyncItem.objects.filter(status__in=LIVE).values_list("entity_type", "entity_id"))
    wanted: list[tuple[str, int, str]] = []

    def consider(entity_type, pk, bitrix_id, changed_at=None):
        if (entity_type, pk) in live:
            return
        if not bitrix_id:
            wanted.append((entity_type, pk, SyncOperation.CREATE))
        elif changed_at and changed_at > (last_done.get((entity_type, pk)) or changed_at):
            wanted.append((entity_type, pk, SyncOperation.UPDATE))

    for pk, bitrix_id in User.objects.filter(is_active=True).values_list("pk", "bitrix_contact_id"):
        consider(SyncEntity.CONTACT, pk, bitrix_id)
    for pk, bitrix_id, changed_at in Order.objects.values_list("pk", "bitrix_deal_id", "updated_at"):
        consider(SyncEntity.DEAL, pk, bitrix_id, changed_at)
    for pk, bitrix_id in CallRequest.objects.values_list("pk", "bitrix_lead_id"):
        consider(SyncEntity.LEAD, pk, bitrix_id)
    with transaction.atomic():
        for entity_type, pk, operation in wanted:
            enqueue(entity_type, pk, operation, drain=False)
        drain_after_commit()
    return len(wanted)


def expedite_pending() -> int:
    """`/sync/pending`: every pending item becomes due now, whatever its backoff."""
    with transaction.atomic():
        count = SyncItem.objects.filter(status=SyncStatus.PENDING).update(next_attempt_at=timezone.now())
        if count:
            drain_after_commit()
    return count


def replay(items) -> int:
    """Staff replay failed items: back to pending with a fresh count of tries."""
    return items.filter(status=SyncStatus.FAILED).update(
        status=SyncStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), error_message=""
    )


# -- incoming events ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    """What became of an incoming event: stored for processing (`event`), or left out and why."""

    event: BitrixEvent | None
    message: str


EVENT_ACCEPTED = "Webhook processed successfully"
EVENT_DUPLICATE = "Event ignored: duplicate of one already received"
EVENT_STALE = "Event ignored: older than the last one received for this entity"
# A `ts` further ahead would make every genuine event of its entity look stale until then.
MAX_CLOCK_SKEW = timedelta(minutes=10)
EVENT_FROM_THE_FUTURE = f"ts is more than {MAX_CLOCK_SKEW.seconds // 60} minutes ahead of our clock"


def receive_event(incoming: IncomingEvent) -> Receipt:
    """Store a new event before acknowledging it; a Celery task applies it after commit.

    Replays are acknowledged and left out (issue 9): the same event again (name, entity and `ts`),
    or an event older than the newest received for its entity. An event without `ts` cannot be
    ordered or told from a new one, and is stored as before.
    """
    with transaction.atomic():
        if incoming.ts is not None:
            if incoming.ts > (timezone.now() + MAX_CLOCK_SKEW).timestamp():
                raise Rejected(EVENT_FROM_THE_FUTURE)
            if not _is_newest(incoming):
                return _left_out(incoming, EVENT_STALE)
        try:
            with transaction.atomic():
                event = BitrixEvent.objects.create(
                    event=incoming.event,
                    entity_type=incoming.entity_type,
                    entity_id=incoming.entity_id,
                    ts=incoming.ts,
                    payload={"fields": incoming.fields, "native": incoming.native},
                )
        except IntegrityError:  # crm_bitrixevent_once: this very event is stored already
            return _left_out(incoming, EVENT_DUPLICATE)
        transaction.on_commit(partial(tasks.process_event_task.delay, event.pk))
    return Receipt(event, EVENT_ACCEPTED)


def _is_newest(incoming: IncomingEvent) -> bool:
    """Move the entity's newest `ts` up to this event's; False when a later one came first.

    The conditional UPDATE locks the entity's row until commit, so concurrent events for one entity
    are decided one after the other; events of the same second all pass (the unique event row then
    tells a replay from a different event).
    """
    entity = {"entity_type": incoming.entity_type, "entity_id": incoming.entity_id}
    latest, created = LatestBitrixEvent.objects.get_or_create(**entity, defaults={"ts": incoming.ts})
    return created or bool(LatestBitrixEvent.objects.filter(pk=latest.pk, ts__lte=incoming.ts).update(ts=incoming.ts))


def _left_out(incoming: IncomingEvent, why: str) -> Receipt:
    logger.info(
        "Bitrix24 %s for %s #%s at %s: %s", incoming.event, incoming.entity_type, incoming.entity_id, incoming.ts, why
    )
    return Receipt(None, why)


def process_event(event_id: int) -> str | None:
    """Apply a stored event; safe to run twice (a processed event is left alone)."""
    event = BitrixEvent.objects.filter(pk=event_id, status=EventStatus.RECEIVED).first()
    if event is None:
        return None
    try:
        outcome, note = _apply(event)
    except BitrixError as error:
        outcome, note = EventStatus.FAILED, str(error)
    event.status, event.result, event.processed_at = outcome, note, timezone.now()
    event.save(update_fields=["status", "result", "processed_at"])
    return outcome


def _apply(event: BitrixEvent) -> tuple[str, str]:
    fields = event.payload.get("fields", {})
    if event.entity_type == "document":
        deal_id = fields.get("ENTITYID") or fields.get("ENTITY_ID")
        order = Order.objects.filter(bitrix_deal_id=deal_id).first() if is_plain_number(deal_id) else None
        if order is None:
            return EventStatus.IGNORED, "No order for this document"
        queue_invoice_fetch(order)
        return EventStatus.PROCESSED, f"Invoice refresh queued for order #{order.pk}"
    if event.entity_type != "deal" or not is_plain_number(event.entity_id):
        return EventStatus.IGNORED, f"Nothing to do for {event.event}"
    deal = fields if (fields.get("STAGE_ID") and not event.payload.get("native")) else None
    if deal is None:
        if not is_enabled():
            return EventStatus.IGNORED, "Bitrix24 is off: cannot fetch the deal"
        client = portal()
        deal = client.call("crm.deal.get", {"id": int(event.entity_id)})
        if funnel.category_of(deal) != funnel.maas_category_id(client):
            return EventStatus.IGNORED, "Deal outside the MaaS funnel"
    return apply_deal(int(event.entity_id), deal)


def apply_deal(deal_id: int, deal: dict) -> tuple[str, str]:
    """Set an order's status and price from its deal; our own echoes change nothing."""
    order = Order.objects.filter(bitrix_deal_id=deal_id).first()
    if order is None and is_plain_number(deal.get("ORIGIN_ID", "")):
        order = Order.objects.filter(pk=int(deal["ORIGIN_ID"])).first()
    if order is None:
        return EventStatus.IGNORED, f"No order for deal {deal_id}"
    status = funnel.status_for_stage(str(deal.get("STAGE_ID", "")))
    try:
        price = Decimal(str(deal["OPPORTUNITY"])) if deal.get("OPPORTUNITY") not in (None, "") else None
    except InvalidOperation:
        price = None
    changed = order_services.apply_crm_changes(order, status=status, total_price=price, deal_id=deal_id)
    return EventStatus.PROCESSED, ", ".join(changed) or "No change"


def reconcile_deals() -> int:
    """Bitrix24 never re-sends a failed event: apply the MaaS deals modified since the last run."""
    if not is_enabled():
        return 0
    client = portal()
    started = timezone.now()
    since = cache.get(RECONCILED_AT_KEY)
    deal_filter = {"CATEGORY_ID": funnel.maas_category_id(client)}
    if since:
        deal_filter[">DATE_MODIFY"] = since
    deals = client.list_all("crm.deal.list", {"filter": deal_filter, "select": ["ID", "STAGE_ID", "OPPORTUNITY"]})
    applied = 0
    for deal in deals:
        outcome, note = apply_deal(int(deal["ID"]), deal)
        applied += outcome == EventStatus.PROCESSED and note != "No change"
    cache.set(RECONCILED_AT_KEY, started.isoformat(), timeout=None)
    return applied


# -- invoices: Bitrix24 generates them on the deal; we keep a copy on the order (reference §7) ----

INVOICES_OFF = "Bitrix24 integration is off: invoices cannot be fetched"


def request_invoice_refresh(order: Order) -> None:
    """A customer asks for their order's invoice again; refused while Bitrix24 is off."""
    if not is_enabled():
        raise Unavailable(INVOICES_OFF, setting="BITRIX_WEBHOOK_URL")
    queue_invoice_fetch(order)


def queue_invoice_fetch(order: Order) -> None:
    transaction.on_commit(partial(tasks.fetch_invoice_task.delay, order.pk))


def fetch_invoice(order: Order) -> bool:
    """Download the deal's invoice from Bitrix24 onto the order; False when there is none yet."""
    if not order.bitrix_deal_id:
        return False
    found = invoices.latest_invoice(portal(), order.bitrix_deal_id)
    if found is None:
        return False
    content, content_type, url = found
    order_services.attach_invoice(order, content=content, content_type=content_type, url=url)
    return True


def orders_awaiting_invoices():
    """Orders with a deal in Bitrix24 and no invoice kept yet: only a deal can have one."""
    return Order.objects.filter(bitrix_deal_id__isnull=False, invoice_file="")


# -- customers (configurator "Customers API") ----------------------------------------------------

EMAIL_TAKEN = "Customer with this email already exists"


def save_customer(customer: Customer | None, **fields) -> Customer:
    """Create a customer (`customer` None) or change the given fields of one.

    An email another customer has (in any case) is a Conflict, also when two requests race for it
    (the database's case-insensitive unique constraint decides).
    """
    email = fields.get("email")
    if email is not None:
        taken = Customer.objects.filter(email__iexact=email)
        if customer is not None:
            taken = taken.exclude(pk=customer.pk)
        if taken.exists():
            raise Conflict(EMAIL_TAKEN)
    return save_unique(customer or Customer(), EMAIL_TAKEN, **fields)
