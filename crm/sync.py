"""Draining the Bitrix24 sync queue (reference/bitrix24.md §5): claim due items, send, record.

Tries are counted per item; a transient failure waits `RETRY_DELAYS[attempts - 1]` and the fifth
failed try is final (`failed`, replayable by staff). Permanent errors fail at once. A deal whose
contact is not in Bitrix24 yet waits for it without using up a try.

A drain runs outside any transaction (issue 8): claims and each item's outcome are committed as they
happen, so a worker stopped half way keeps what it recorded, and what Bitrix24 created meanwhile is
found again by our origin id instead of being sent twice.
"""

import base64
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config.outbox import Outbox
from orders.models import Order

from . import tasks
from .bitrix import funnel, mapping, userfields
from .bitrix.client import BATCH_LIMIT
from .bitrix.errors import BitrixError, BitrixTransientError
from .bitrix.portal import is_enabled, portal
from .choices import SyncEntity, SyncOperation, SyncStatus
from .models import CallRequest, SyncItem

MAX_ATTEMPTS = 5
RETRY_DELAYS = (60, 300, 900, 3600)
WAIT_FOR_CONTACT = timedelta(seconds=30)
# A drain claims this many items at a time: one `batch` request's worth of new contacts or leads.
CLAIM_CHUNK = BATCH_LIMIT
# A chunk takes a live worker a few minutes at most (2 requests/s); an item still `processing` this
# long after its claim was left by a stopped worker and goes back to the queue.
PROCESSING_LEASE = timedelta(minutes=15)
OUTBOX = Outbox(SyncItem, PROCESSING_LEASE, MAX_ATTEMPTS)


@dataclass
class DrainResult:
    processed: int = 0
    successful: int = 0
    failed: int = 0


class WaitingForContact(Exception):
    """The deal's customer has no Bitrix24 contact yet."""

    def __init__(self, user_id: int):
        super().__init__(user_id)
        self.user_id = user_id


def enqueue(entity_type: str, entity_id: int, operation: str = SyncOperation.CREATE, *, drain=True) -> SyncItem:
    """Queue work for Bitrix24 in the caller's transaction; a live item for the same work is reused.

    Draining starts after commit, so the row and the entity it names are visible to the worker. A
    caller queueing several items passes `drain=False` and calls `drain_after_commit()` once.
    """
    with transaction.atomic():
        item, _ = SyncItem.objects.get_or_create(
            entity_type=entity_type,
            entity_id=entity_id,
            operation=operation,
            status__in=[SyncStatus.PENDING, SyncStatus.PROCESSING],
            defaults={"status": SyncStatus.PENDING},
        )
    if drain:
        drain_after_commit()
    return item


def drain_after_commit() -> None:
    """Start one drain of the queue when the caller's transaction commits (Bitrix24 on only)."""
    if is_enabled():
        transaction.on_commit(tasks.drain_sync_queue_task.delay)


def claim_due(limit: int, now=None) -> list[SyncItem]:
    """Mark up to `limit` due items as processing, each counted as a try; other workers skip them
    (config/outbox.py, which also releases what stopped workers abandoned)."""
    return list(SyncItem.objects.filter(id__in=OUTBOX.claim(limit, now)).order_by("id"))


def drain(limit: int = 10) -> DrainResult:
    """Process up to `limit` due items, `CLAIM_CHUNK` at a time; with Bitrix24 off, nothing is
    touched and all stay pending. Call it outside a transaction (see the module's docstring).

    New contacts and leads go out many to a request (`batch`); the rest one by one.
    """
    result = DrainResult()
    if not is_enabled():
        return result
    client = portal()
    claimed = 0
    while claimed < limit:
        wanted = min(limit - claimed, CLAIM_CHUNK)
        items = claim_due(wanted)
        if not items:
            break
        if not claimed:
            userfields.ensure_user_fields(client)
        claimed += len(items)
        for outcome in send_chunk(client, items):
            result.processed += 1
            result.successful += outcome == SyncStatus.COMPLETED
            result.failed += outcome == SyncStatus.FAILED
        if len(items) < wanted:  # the queue has no more due items
            break
    return result


def send_chunk(client, items: list[SyncItem]) -> list[str]:
    bulk = [item for item in items if item.operation == SyncOperation.CREATE and item.entity_type in BATCHED]
    if len(bulk) < 2:
        bulk = []
    outcomes = create_in_batches(client, bulk) if bulk else []
    return outcomes + [send(client, item) for item in items if item not in bulk]


def send(client, item: SyncItem) -> str:
    return settle(item, lambda: HANDLERS[item.entity_type](client, item))


def settle(item: SyncItem, work) -> str:
    """Run the item's work and record how it went, in its own transaction: done, retry later, wait,
    or failed."""
    now = timezone.now()
    try:
        work()
    except WaitingForContact as waiting:
        with transaction.atomic():
            enqueue(SyncEntity.CONTACT, waiting.user_id)
            item.attempts -= 1
            return _finish(item, SyncStatus.PENDING, "Waiting for the customer's contact", now + WAIT_FOR_CONTACT)
    except (User.DoesNotExist, Order.DoesNotExist, CallRequest.DoesNotExist):
        return _finish(item, SyncStatus.FAILED, f"{item.entity_type} #{item.entity_id} no longer exists")
    except BitrixTransientError as error:
        if item.attempts >= MAX_ATTEMPTS:
            return _finish(item, SyncStatus.FAILED, f"Gave up after {item.attempts} tries: {error}")
        delay = RETRY_DELAYS[item.attempts - 1]
        return _finish(item, SyncStatus.PENDING, str(error), now + timedelta(seconds=delay))
    except BitrixError as error:  # permanent: a person must look (credentials, scope, bad fields)
        return _finish(item, SyncStatus.FAILED, str(error))
    return _finish(item, SyncStatus.COMPLETED, "")


def _finish(item: SyncItem, status: str, error: str, next_attempt_at=None) -> str:
    item.status = status
    item.error_message = error
    if next_attempt_at:
        item.next_attempt_at = next_attempt_at
    if status == SyncStatus.COMPLETED:
        item.completed_at = timezone.now()
    item.save(update_fields=["status", "error_message", "next_attempt_at", "completed_at", "attempts", "updated_at"])
    return status


# -- one handler per entity type ------------------------------------------------------------


def sync_contact(client, item: SyncItem) -> None:
    user = User.objects.get(pk=item.entity_id)
    fields = mapping.contact_fields(user)
    contact_id = user.bitrix_contact_id or find_contact(client, user)
    if contact_id:
        if item.operation == SyncOperation.UPDATE:
            client.call("crm.contact.update", {"id": contact_id, "fields": fields})
    else:
        contact_id = int(client.call("crm.contact.add", {"fields": fields}))
    if user.bitrix_contact_id != contact_id:
        User.objects.filter(pk=user.pk).update(bitrix_contact_id=contact_id)


def find_contact(client, user) -> int | None:
    """Our own earlier contact (by origin), else one with the same e-mail or phone."""
    mine = client.call("crm.contact.list", {"filter": {"ORIGIN_ID": str(user.pk)}, "select": ["ID"]})
    if mine:
        return int(mine[0]["ID"])
    for kind, value in (("EMAIL", user.email), ("PHONE", user.phone)):
        if value:
            found = client.call("crm.duplicate.findbycomm", {"entity_type": "CONTACT", "type": kind, "values": [value]})
            if isinstance(found, dict) and found.get("CONTACT"):
                return int(found["CONTACT"][0])
    return None


def sync_deal(client, item: SyncItem) -> None:
    order = Order.objects.select_related("user", "file").get(pk=item.entity_id)
    contact_id = order.user.bitrix_contact_id
    if not contact_id:
        raise WaitingForContact(order.user_id)
    category_id = funnel.maas_category_id(client)
    fields = mapping.deal_fields(
        order, contact_id=contact_id, category_id=category_id, stage_id=funnel.stage_id(category_id, order.status)
    )
    deal_id = order.bitrix_deal_id or _find_deal(client, order)
    if deal_id:
        client.call("crm.deal.update", {"id": deal_id, "fields": fields})
    else:
        if order.file_id:
            fields[settings.BITRIX_DEAL_FILE_FIELD] = _upload_model(client, order)
        deal_id = int(client.call("crm.deal.add", {"fields": fields}))
    if order.bitrix_deal_id != deal_id:
        Order.objects.filter(pk=order.pk).update(bitrix_deal_id=deal_id)


def _find_deal(client, order) -> int | None:
    found = client.call(
        "crm.deal.list", {"filter": {"ORIGINATOR_ID": mapping.ORIGINATOR, "ORIGIN_ID": str(order.pk)}, "select": ["ID"]}
    )
    return int(found[0]["ID"]) if found else None


def _upload_model(client, order) -> int:
    with order.file.file.open("rb") as handle:
        content = base64.b64encode(handle.read()).decode()
    uploaded = client.call(
        "disk.folder.uploadfile",
        {
            "id": settings.BITRIX_DISK_FOLDER_ID,
            "data": {"NAME": f"order_{order.pk}_{order.file.original_filename}"},
            "fileContent": [order.file.original_filename, content],
            "generateUniqueName": True,
        },
    )
    return int(uploaded["ID"])


def sync_lead(client, item: SyncItem) -> None:
    call_request = CallRequest.objects.select_related("user").get(pk=item.entity_id)
    if call_request.bitrix_lead_id and item.operation == SyncOperation.CREATE:
        return
    contact_id = call_request.user.bitrix_contact_id if call_request.user_id else None
    fields = mapping.lead_fields(call_request, contact_id)
    lead_id = call_request.bitrix_lead_id or find_lead(client, call_request.pk)
    if lead_id:
        client.call("crm.lead.update", {"id": lead_id, "fields": fields})
    else:
        lead_id = int(client.call("crm.lead.add", {"fields": fields}))
    CallRequest.objects.filter(pk=call_request.pk).update(
        bitrix_lead_id=lead_id, bitrix_contact_id=contact_id, bitrix_synced_at=timezone.now()
    )


def find_lead(client, call_request_id: int) -> int | None:
    found = client.call("crm.lead.list", {"filter": mapping.lead_origin(call_request_id), "select": ["ID"]})
    return int(found[0]["ID"]) if found else None


HANDLERS = {SyncEntity.CONTACT: sync_contact, SyncEntity.DEAL: sync_deal, SyncEntity.LEAD: sync_lead}


# -- many new contacts and leads at once (reference §8: `batch`, 50 commands a request) ----------

BATCHED = (SyncEntity.CONTACT, SyncEntity.LEAD)


def create_in_batches(client, items: list[SyncItem]) -> list[str]:
    """Contacts first, so the leads sent after them can name their caller's new contact."""
    contacts = [item for item in items if item.entity_type == SyncEntity.CONTACT]
    leads = [item for item in items if item.entity_type == SyncEntity.LEAD]
    return _batched(client, contacts, _plan_contacts) + _batched(client, leads, _plan_leads)


def _batched(client, items, plan) -> list[str]:
    """`plan(client, items)` returns the additions to send and how to record each item afterwards."""
    if not items:
        return []
    try:
        additions, record = plan(client, items)
        added = client.batch(additions) if additions else None
    except BitrixError as error:  # the request itself failed: every item shares the outcome

        def shared_failure(error=error):
            raise error

        return [settle(item, shared_failure) for item in items]
    return [settle(item, lambda item=item: record(item, added)) for item in items]


def _raise_batch_error(item, added) -> None:
    if added and item.pk in added.errors:
        raise added.errors[item.pk]


def _plan_contacts(client, items):
    users = User.objects.in_bulk([item.entity_id for item in items])
    known, lookup_errors = existing_contacts(client, [u for u in users.values() if not u.bitrix_contact_id])
    additions = {
        item.pk: ("crm.contact.add", {"fields": mapping.contact_fields(users[item.entity_id])})
        for item in items
        if item.entity_id in users
        and not users[item.entity_id].bitrix_contact_id
        and item.entity_id not in known
        and item.entity_id not in lookup_errors
    }

    def record(item, added):
        user = users.get(item.entity_id)
        if user is None:
            raise User.DoesNotExist
        if user.pk in lookup_errors:
            raise lookup_errors[user.pk]
        _raise_batch_error(item, added)
        contact_id = user.bitrix_contact_id or known.get(user.pk) or int(added.results[item.pk])
        User.objects.filter(pk=user.pk).update(bitrix_contact_id=contact_id)

    return additions, record


def _plan_leads(client, items):
    calls = CallRequest.objects.select_related("user").in_bulk([item.entity_id for item in items])
    contact_of = {call.pk: call.user.bitrix_contact_id if call.user_id else None for call in calls.values()}
    known, lookup_errors = existing_leads(client, [pk for pk, call in calls.items() if not call.bitrix_lead_id])
    additions = {
        item.pk: ("crm.lead.add", {"fields": mapping.lead_fields(calls[item.entity_id], contact_of[item.entity_id])})
        for item in items
        if item.entity_id in calls
        and not calls[item.entity_id].bitrix_lead_id
        and item.entity_id not in known
        and item.entity_id not in lookup_errors
    }

    def record(item, added):
        if item.entity_id not in calls:
            raise CallRequest.DoesNotExist
        if item.entity_id in lookup_errors:
            raise lookup_errors[item.entity_id]
        _raise_batch_error(item, added)
        lead_id = known.get(item.entity_id) or (added.results.get(item.pk) if added else None)
        if lead_id:
            CallRequest.objects.filter(pk=item.entity_id).update(
                bitrix_lead_id=int(lead_id),
                bitrix_contact_id=contact_of[item.entity_id],
                bitrix_synced_at=timezone.now(),
            )

    return additions, record


def existing_leads(client, call_request_ids) -> tuple[dict[int, int], dict[int, BitrixError]]:
    """Leads Bitrix24 already holds for these call requests (by our origin id), in batches."""
    commands = {pk: ("crm.lead.list", {"filter": mapping.lead_origin(pk), "select": ["ID"]}) for pk in call_request_ids}
    answers = client.batch(commands) if commands else None
    if answers is None:
        return {}, {}
    known = {pk: int(found[0]["ID"]) for pk, found in answers.results.items() if found}
    return known, dict(answers.errors)


def existing_contacts(client, users) -> tuple[dict[int, int], dict[int, BitrixError]]:
    """Contacts Bitrix24 already holds for these users (by our origin id, then e-mail), in batches."""
    commands = {}
    for user in users:
        commands[f"origin{user.pk}"] = ("crm.contact.list", {"filter": {"ORIGIN_ID": str(user.pk)}, "select": ["ID"]})
        if user.email:
            by_email = {"entity_type": "CONTACT", "type": "EMAIL", "values": [user.email]}
            commands[f"email{user.pk}"] = ("crm.duplicate.findbycomm", by_email)
    answers = client.batch(commands) if commands else None
    known, errors = {}, {}
    for user in users:
        for key in (f"origin{user.pk}", f"email{user.pk}"):
            if answers and key in answers.errors:
                errors[user.pk] = answers.errors[key]
        origin = answers.results.get(f"origin{user.pk}") if answers else None
        email = answers.results.get(f"email{user.pk}") if answers else None
        if origin:
            known[user.pk] = int(origin[0]["ID"])
        elif isinstance(email, dict) and email.get("CONTACT"):
            known[user.pk] = int(email["CONTACT"][0])
    return known, errors
