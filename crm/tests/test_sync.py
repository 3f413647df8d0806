"""The Bitrix24 sync queue against the local fake portal (reference/bitrix24.md §3-5)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from crm import services, sync
from crm.bitrix.client import BitrixClient
from crm.choices import SyncStatus
from crm.models import CallRequest, SyncItem
from crm.tests.factories import CallRequestFactory
from orders import services as order_services
from orders.models import Order
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def drain_all(limit=50):
    return sync.drain(limit)


def make_due():
    SyncItem.objects.filter(status=SyncStatus.PENDING).update(next_attempt_at=timezone.now())


def test_an_order_becomes_a_contact_and_a_deal_in_the_maas_funnel(bitrix):
    order = OrderFactory(special_instructions="Deburr all edges")
    sync.enqueue("contact", order.user_id)
    sync.enqueue("deal", order.pk)
    result = drain_all()
    assert (result.processed, result.successful, result.failed) == (2, 2, 0)

    order.refresh_from_db()
    order.user.refresh_from_db()
    contact = bitrix.entities["contact"][order.user.bitrix_contact_id]
    assert contact["NAME"] == order.user.full_name and contact["EMAIL"][0]["VALUE"] == order.user.email
    assert contact["UF_CRM_APP_USER_ID"] == str(order.user_id)
    deal = bitrix.entities["deal"][order.bitrix_deal_id]
    category = int(next(iter(bitrix.categories)))
    assert deal["TITLE"] == f"Order #{order.pk} - cnc-milling"
    assert (deal["CATEGORY_ID"], deal["STAGE_ID"]) == (category, f"C{category}:NEW")
    assert deal["CONTACT_ID"] == order.user.bitrix_contact_id and deal["OPPORTUNITY"] == "1500.00"
    assert "Deburr all edges" in deal["COMMENTS"] and "30×20×10 mm" in deal["COMMENTS"]
    assert deal["UF_CRM_MODEL_FILE"] in bitrix.disk_files
    assert SyncItem.objects.filter(status=SyncStatus.COMPLETED).count() == 2


def test_a_deal_waits_for_its_contact_without_using_a_try(bitrix):
    order = OrderFactory()
    sync.enqueue("deal", order.pk)
    result = drain_all()
    assert result.successful == 0
    deal_item = SyncItem.objects.get(entity_type="deal")
    assert (deal_item.status, deal_item.attempts) == ("pending", 0)
    assert SyncItem.objects.filter(entity_type="contact", entity_id=order.user_id, status="pending").exists()
    make_due()
    drain_all()  # the contact
    make_due()
    drain_all()  # then the deal
    order.refresh_from_db()
    assert order.bitrix_deal_id in bitrix.entities["deal"]


def test_a_call_request_becomes_a_lead(bitrix):
    call_request = services.create_call_request(
        CallRequestFactory().user, name="Ann", phone="+77011234567", product="Lathe", time="Evening", agreement=True
    )
    drain_all()
    call_request.refresh_from_db()
    lead = bitrix.entities["lead"][call_request.bitrix_lead_id]
    assert lead["TITLE"] == "Call Request: Ann" and lead["PHONE"][0]["VALUE"] == "+77011234567"
    assert "Product: Lathe" in lead["COMMENTS"] and call_request.bitrix_synced_at is not None
    assert call_request.bitrix_contact_id == call_request.user.bitrix_contact_id


def test_an_existing_contact_is_found_by_email_not_duplicated(bitrix, user):
    existing = bitrix.handle("crm.contact.add", {"fields": {"NAME": "Old", "EMAIL": [{"VALUE": user.email}]}})[1]
    sync.enqueue("contact", user.pk)
    drain_all()
    user.refresh_from_db()
    assert user.bitrix_contact_id == existing["result"] and len(bitrix.entities["contact"]) == 1


def test_sending_twice_does_not_make_a_second_deal(bitrix):
    order = OrderFactory()
    sync.enqueue("contact", order.user_id)
    sync.enqueue("deal", order.pk)
    drain_all()
    order.refresh_from_db()
    first_deal = order.bitrix_deal_id
    type(order).objects.filter(pk=order.pk).update(bitrix_deal_id=None)  # as if the answer was lost
    sync.enqueue("deal", order.pk)
    drain_all()
    order.refresh_from_db()
    assert order.bitrix_deal_id == first_deal and len(bitrix.entities["deal"]) == 1


def test_enqueueing_the_same_work_twice_is_one_item(user):
    assert sync.enqueue("contact", user.pk) == sync.enqueue("contact", user.pk)
    assert SyncItem.objects.count() == 1


def test_transient_errors_retry_with_the_documented_delays_then_fail(bitrix, user):
    item = sync.enqueue("contact", user.pk)
    for attempt, delay in enumerate([60, 300, 900, 3600], start=1):
        bitrix.fail_next.append((500, "INTERNAL_SERVER_ERROR"))
        before = timezone.now()
        drain_all()
        item.refresh_from_db()
        assert (item.status, item.attempts) == ("pending", attempt)
        assert "INTERNAL_SERVER_ERROR" in item.error_message
        assert timedelta(seconds=delay - 1) < item.next_attempt_at - before < timedelta(seconds=delay + 5)
        assert drain_all().processed == 0  # not due yet
        make_due()
    bitrix.fail_next.append((500, "INTERNAL_SERVER_ERROR"))
    result = drain_all()
    item.refresh_from_db()
    assert (result.failed, item.status, item.attempts) == (1, "failed", 5)


def test_permanent_errors_fail_at_once_and_staff_can_replay(bitrix, user):
    item = sync.enqueue("contact", user.pk)
    bitrix.fail_next.append((401, "insufficient_scope"))
    assert drain_all().failed == 1
    item.refresh_from_db()
    assert item.status == "failed" and "insufficient_scope" in item.error_message
    assert services.replay(SyncItem.objects.all()) == 1
    drain_all()
    item.refresh_from_db()
    assert (item.status, item.attempts, item.error_message) == ("completed", 1, "")


def test_rate_limit_answers_are_absorbed_within_the_try(bitrix, user):
    sync.enqueue("contact", user.pk)
    bitrix.fail_next += [(503, "QUERY_LIMIT_EXCEEDED")] * 2
    assert drain_all().successful == 1


def test_nothing_is_lost_while_bitrix_is_down_and_all_drains_when_it_returns(bitrix):
    orders = [OrderFactory() for _ in range(3)]
    for order in orders:
        sync.enqueue("contact", order.user_id)
        sync.enqueue("deal", order.pk)
    bitrix.down()
    result = drain_all()
    assert result.successful == 0 and result.failed == 0
    assert SyncItem.objects.filter(status="pending").count() == 6
    assert all("CONNECTION_ERROR" in item.error_message for item in SyncItem.objects.filter(entity_type="contact"))
    bitrix.up()
    for _ in range(3):
        make_due()
        drain_all()
    assert SyncItem.objects.filter(status="completed").count() == 6
    assert len(bitrix.entities["deal"]) == 3 and len(bitrix.entities["contact"]) == 3


def test_with_bitrix_off_nothing_is_touched(user):
    sync.enqueue("contact", user.pk)
    result = drain_all()
    assert (result.processed, result.successful, result.failed) == (0, 0, 0)
    assert SyncItem.objects.get().status == "pending"


def test_a_deleted_entity_fails_visibly(bitrix):
    sync.enqueue("lead", 987654)
    assert drain_all().failed == 1
    assert "no longer exists" in SyncItem.objects.get().error_message


def test_status_change_moves_the_deal_to_its_stage(bitrix):
    order = OrderFactory()
    sync.enqueue("contact", order.user_id)
    sync.enqueue("deal", order.pk)
    drain_all()
    order.refresh_from_db()
    order_services.set_status(order, "completed")
    drain_all()
    category = int(next(iter(bitrix.categories)))
    assert bitrix.entities["deal"][order.bitrix_deal_id]["STAGE_ID"] == f"C{category}:WON"


def test_queue_everything_skips_known_and_live_entities(bitrix):
    synced, fresh = OrderFactory(), OrderFactory()
    sync.enqueue("contact", synced.user_id)
    sync.enqueue("deal", synced.pk)
    drain_all()
    CallRequestFactory(user=synced.user)
    queued = services.queue_everything()
    # the fresh order, its user, the call request; the synced user and order are known already
    assert queued == 3
    assert services.queue_everything() == 0
    assert set(SyncItem.objects.filter(status="pending").values_list("entity_type", "entity_id")) >= {
        ("deal", fresh.pk),
        ("contact", fresh.user_id),
    }


def test_expedite_pending_ignores_backoff(user):
    item = sync.enqueue("contact", user.pk)
    SyncItem.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now() + timedelta(hours=1))
    assert services.expedite_pending() == 1
    item.refresh_from_db()
    assert item.next_attempt_at <= timezone.now()


def test_reconciliation_applies_deals_changed_in_bitrix(bitrix):
    order = OrderFactory()
    sync.enqueue("contact", order.user_id)
    sync.enqueue("deal", order.pk)
    drain_all()
    order.refresh_from_db()
    category = int(next(iter(bitrix.categories)))
    bitrix.entities["deal"][order.bitrix_deal_id].update(STAGE_ID=f"C{category}:WON", DATE_MODIFY="2030-01-01T00:00:00")
    assert services.reconcile_deals() == 1
    order.refresh_from_db()
    assert order.status == "completed"
    assert services.reconcile_deals() == 0  # a deal already applied changes nothing the second time


def test_many_new_contacts_and_leads_go_out_in_batches(bitrix):
    users = UserFactory.create_batch(60)
    for user in users[:30]:
        CallRequestFactory(user=user)
    queued = services.queue_everything()
    assert queued == 90
    result = drain_all(limit=200)
    assert (result.processed, result.successful, result.failed) == (90, 90, 0)
    # 60 origin + 60 e-mail lookups (3 requests), 60 contact adds (2), then 30 lead lookups (1) and adds (1)
    assert bitrix.requests == 7
    assert len(bitrix.entities["contact"]) == 60 and len(bitrix.entities["lead"]) == 30
    for call in CallRequest.objects.select_related("user"):
        assert call.bitrix_contact_id == call.user.bitrix_contact_id is not None
        assert bitrix.entities["lead"][call.bitrix_lead_id]["CONTACT_ID"] == str(call.bitrix_contact_id)


def test_an_error_inside_a_batch_fails_only_its_own_item(bitrix):
    good, bad = UserFactory(), UserFactory(email="")
    sync.enqueue("contact", good.pk)
    sync.enqueue("contact", bad.pk)
    original = bitrix._entity_method

    def refuse_nameless(entity, action, params):
        if action == "add" and not params.get("fields", {}).get("EMAIL"):
            raise KeyError("EMAIL is required")
        return original(entity, action, params)

    bitrix._entity_method = refuse_nameless
    result = drain_all()
    assert (result.successful, result.failed) == (1, 1)
    assert SyncItem.objects.get(entity_id=bad.pk).status == "failed"


def test_a_failed_batch_request_retries_every_item_in_it(bitrix):
    for user in UserFactory.create_batch(3):
        sync.enqueue("contact", user.pk)
    bitrix.fail_next.append((500, "INTERNAL_SERVER_ERROR"))
    result = drain_all()
    assert (result.successful, result.failed) == (0, 0)
    assert list(SyncItem.objects.values_list("status", "attempts")) == [("pending", 1)] * 3


# -- leads are found by our origin id, never sent twice ----------------------------------------


def test_a_lead_whose_answer_was_lost_is_found_not_added_again(bitrix):
    call_request = CallRequestFactory(user=None)
    sync.enqueue("lead", call_request.pk)
    drain_all()
    call_request.refresh_from_db()
    first_lead = call_request.bitrix_lead_id
    CallRequest.objects.filter(pk=call_request.pk).update(bitrix_lead_id=None)  # as if the answer was lost
    sync.enqueue("lead", call_request.pk)
    assert drain_all().successful == 1
    call_request.refresh_from_db()
    assert call_request.bitrix_lead_id == first_lead and len(bitrix.entities["lead"]) == 1


def test_a_batch_of_leads_skips_those_bitrix_already_holds(bitrix):
    sent, fresh = CallRequestFactory(user=None), CallRequestFactory(user=None)
    sync.enqueue("lead", sent.pk)
    drain_all()
    sent.refresh_from_db()
    CallRequest.objects.filter(pk=sent.pk).update(bitrix_lead_id=None)
    sync.enqueue("lead", sent.pk)
    sync.enqueue("lead", fresh.pk)
    assert drain_all().successful == 2
    assert bitrix.methods_called().count("crm.lead.add") == 2  # the first drain's and the fresh one's
    assert len(bitrix.entities["lead"]) == 2
    assert CallRequest.objects.get(pk=sent.pk).bitrix_lead_id == sent.bitrix_lead_id
    assert CallRequest.objects.get(pk=fresh.pk).bitrix_lead_id in bitrix.entities["lead"]


# -- a drain claims a chunk at a time; what a stopped worker left processing is released ---------


def test_a_drain_claims_a_chunk_at_a_time_up_to_its_limit(bitrix, monkeypatch):
    monkeypatch.setattr(sync, "CLAIM_CHUNK", 2)
    claims = []
    real_claim = sync.claim_due
    monkeypatch.setattr(sync, "claim_due", lambda limit: claims.append(limit) or real_claim(limit))
    for call_request in CallRequestFactory.create_batch(3, user=None):
        sync.enqueue("lead", call_request.pk)
    assert drain_all(limit=10).successful == 3
    assert claims == [2, 2]  # the second claim came back short: nothing more was due


def test_items_left_processing_past_the_lease_go_back_to_the_queue(user):
    now = timezone.now()
    abandoned = sync.enqueue("contact", user.pk)
    worn_out = sync.enqueue("contact", UserFactory().pk)
    in_flight = sync.enqueue("contact", UserFactory().pk)
    long_ago = now - sync.PROCESSING_LEASE - timedelta(seconds=1)
    SyncItem.objects.filter(pk__in=[abandoned.pk, worn_out.pk]).update(status="processing", last_attempt=long_ago)
    SyncItem.objects.filter(pk=worn_out.pk).update(attempts=sync.MAX_ATTEMPTS)
    SyncItem.objects.filter(pk=in_flight.pk).update(status="processing", last_attempt=now)
    assert [item.pk for item in sync.claim_due(10, now=now)] == [abandoned.pk]
    worn_out.refresh_from_db()
    in_flight.refresh_from_db()
    assert worn_out.status == "failed" and "the worker stopped" in worn_out.error_message
    assert in_flight.status == "processing"


class WorkerKilled(BaseException):
    """Stands for a worker killed mid-drain (SIGKILL, OOM): no `except Exception` catches it."""


def kill_after(monkeypatch, sends: int, method: str):
    """The worker dies right after Bitrix24 answered its `sends`-th `method` (also inside a batch),
    before we could record the answer: the worst moment."""
    real_call = BitrixClient.call
    seen = []

    def call(client, name, params=None):
        answer = real_call(client, name, params)
        commands = (params or {}).get("cmd", {}).values() if name == "batch" else [name]
        if any(command.startswith(method) for command in commands):
            seen.append(name)
            if len(seen) == sends:
                raise WorkerKilled
        return answer

    monkeypatch.setattr(BitrixClient, "call", call)


def after_the_lease():
    """Time passes: the killed worker's claims grow older than the lease."""
    SyncItem.objects.filter(status="processing").update(
        last_attempt=timezone.now() - sync.PROCESSING_LEASE - timedelta(seconds=1)
    )


def assert_sent_once(bitrix, entity: str, ids):
    assert sorted(bitrix.entities[entity]) == sorted(ids)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sync_process_killed_half_way_keeps_what_it_recorded_and_sends_nothing_twice(bitrix, staff, monkeypatch):
    orders = [OrderFactory() for _ in range(3)]
    calls = [CallRequestFactory(user=order.user) for order in orders[:2]]
    for order in orders:
        sync.enqueue("contact", order.user_id, drain=False)
        sync.enqueue("deal", order.pk, drain=False)
    for call_request in calls:
        sync.enqueue("lead", call_request.pk, drain=False)
    kill_after(monkeypatch, 2, "crm.deal.add")  # contacts and leads went in batches, deals one by one
    with pytest.raises(WorkerKilled):
        client_for(staff).post("/api/mfg/sync/process", {"limit": 50}, format="json")
    monkeypatch.undo()

    # Committed item by item, not rolled back with the request: the first deal and the batches
    # are recorded; the second deal reached Bitrix24 but not us; the third was never sent.
    assert list(SyncItem.objects.filter(entity_type="deal").values_list("status", flat=True)) == [
        "completed",
        "processing",
        "processing",
    ]
    assert SyncItem.objects.exclude(entity_type="deal").filter(status="completed").count() == 5
    deal_ids = list(Order.objects.order_by("id").values_list("bitrix_deal_id", flat=True))
    assert deal_ids[0] in bitrix.entities["deal"] and deal_ids[1:] == [None, None]
    assert len(bitrix.entities["deal"]) == 2

    after_the_lease()
    result = client_for(staff).post("/api/mfg/sync/process", {"limit": 50}, format="json").json()
    assert result == {"processed": 2, "successful": 2, "failed": 0}
    assert_sent_once(bitrix, "deal", Order.objects.values_list("bitrix_deal_id", flat=True))
    assert_sent_once(bitrix, "contact", Order.objects.values_list("user__bitrix_contact_id", flat=True))
    assert_sent_once(bitrix, "lead", CallRequest.objects.values_list("bitrix_lead_id", flat=True))
    assert set(SyncItem.objects.values_list("status", flat=True)) == {"completed"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("leads", [1, 3], ids=["one by one", "in a batch"])
def test_a_drain_killed_after_bitrix_added_leads_does_not_add_them_again(bitrix, monkeypatch, leads):
    calls = CallRequestFactory.create_batch(leads, user=None)
    for call_request in calls:
        sync.enqueue("lead", call_request.pk, drain=False)
    kill_after(monkeypatch, 1, "crm.lead.add")
    with pytest.raises(WorkerKilled):
        drain_all()
    monkeypatch.undo()
    assert len(bitrix.entities["lead"]) == leads
    assert SyncItem.objects.filter(status="processing").count() == leads

    after_the_lease()
    assert drain_all().successful == leads
    assert_sent_once(bitrix, "lead", CallRequest.objects.values_list("bitrix_lead_id", flat=True))
