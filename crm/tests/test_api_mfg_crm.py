"""Call requests, /sync/* and /bitrix/webhook of the manufacturing service API."""

import json
import logging
import time
from urllib.parse import urlencode

import pytest

from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import MFG
from config.testing.endpoints import DetailCase, ListCase, StaffOnlyCase
from crm import sync
from crm.api import mfg_views as views
from crm.models import BitrixEvent, CallRequest, LatestBitrixEvent, SyncItem
from crm.tests.factories import CallRequestFactory, SyncItemFactory
from orders.models import Order
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

CALL = {
    "name": "John Doe",
    "phone": "+1234567890",
    "product": "CNC Milling",
    "time": "Morning",
    "additional": "Need urgent quote",
    "agreement": True,
}
CALL_FIELDS = {*CALL, "id", "status", "created_at"}


@hand_tested(
    views.CallRequestCreateView,
    why="create-only and open to anonymous callers, so the generic 401 and owner cases do not apply",
)
class TestCallRequest:
    @pytest.mark.parametrize("url", ["/api/mfg/call-request", "/api/mfg/call-requests"])
    def test_creates_with_every_field_and_queues_the_lead(self, user, url):
        response = client_for(user).post(url, CALL, format="json")
        assert response.status_code == 200
        body = response.json()
        assert set(body) == CALL_FIELDS and body["status"] == "new"
        assert {k: body[k] for k in CALL} == CALL
        call_request = CallRequest.objects.get(pk=body["id"])
        assert call_request.user == user
        assert SyncItem.objects.filter(entity_type="lead", entity_id=call_request.pk).exists()

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"agreement": False}, "agreement"),
            ({"phone": "12"}, "phone"),
            ({"name": ""}, "name"),
            ({"name": None}, "name"),
        ],
    )
    def test_bad_input_is_422_and_nothing_is_written(self, user, change, field):
        response = client_for(user).post("/api/mfg/call-request", {**CALL, **change}, format="json")
        MFG.assert_error(response, 422, field)
        assert not CallRequest.objects.exists() and not SyncItem.objects.exists()

    def test_requires_a_login(self):
        MFG.assert_error(client_for().post("/api/mfg/call-request", CALL, format="json"), 401)


class TestAdminCallRequests(ListCase, DetailCase, StaffOnlyCase):
    expect = MFG
    list_url = "/api/mfg/admin/call-requests"
    detail_url = "/api/mfg/admin/call-requests/{pk}"
    views = (views.AdminCallRequestListView, views.AdminCallRequestDetailView)

    def make(self, owner):
        return CallRequestFactory(user=owner)

    def test_list_and_detail_have_every_field(self, staff):
        call_request = CallRequestFactory()
        (item,) = client_for(staff).get(self.list_url).json()
        assert set(item) == CALL_FIELDS and item["id"] == call_request.pk
        assert client_for(staff).get(self.url(call_request)).json() == item

    @pytest.mark.parametrize("status", ["contacted", "completed", "cancelled"])
    def test_status_update(self, staff, status):
        call_request = CallRequestFactory()
        response = client_for(staff).put(self.url(call_request), {"status": status}, format="json")
        assert response.json() == {"message": "Call request updated successfully"}
        call_request.refresh_from_db()
        assert call_request.status == status

    def test_bad_status_is_422(self, staff):
        call_request = CallRequestFactory()
        MFG.assert_error(client_for(staff).put(self.url(call_request), {"status": "x"}, format="json"), 422, "status")

    def test_customers_cannot_update(self, user):
        call_request = CallRequestFactory(user=user)
        MFG.assert_error(client_for(user).put(self.url(call_request), {"status": "completed"}, format="json"), 403)


@hand_tested(
    views.SyncStatusView,
    views.SyncProcessView,
    views.SyncAllView,
    views.SyncPendingView,
    why="staff actions on the Bitrix24 queue, not resources with ids",
)
class TestSyncAdministration:
    ROUTES = [
        ("get", "/api/mfg/sync/status"),
        ("get", "/api/mfg/sync/queue"),
        ("post", "/api/mfg/sync/process"),
        ("post", "/api/mfg/sync/all"),
        ("post", "/api/mfg/sync/pending"),
    ]

    @pytest.mark.parametrize(("method", "url"), ROUTES)
    def test_staff_only(self, user, method, url):
        MFG.assert_error(getattr(client_for(), method)(url), 401)
        MFG.assert_error(getattr(client_for(user), method)(url), 403)

    def test_status_when_bitrix_is_off(self, staff, user):
        sync.enqueue("contact", user.pk)
        body = client_for(staff).get("/api/mfg/sync/status").json()
        assert body == {
            "bitrix_enabled": False,
            "queue_size": 1,
            "last_sync": None,
            "pending_deals": 0,
            "pending_contacts": 1,
            "pending_leads": 0,
        }

    def test_process_with_bitrix_off_leaves_items_pending(self, staff, user):
        sync.enqueue("contact", user.pk)
        response = client_for(staff).post("/api/mfg/sync/process", {"limit": 10}, format="json")
        assert response.json() == {"processed": 0, "successful": 0, "failed": 0}
        assert SyncItem.objects.get().status == "pending"

    def test_process_status_all_and_pending_with_bitrix_on(self, bitrix, staff):
        order = OrderFactory()
        client = client_for(staff)
        queued = client.post("/api/mfg/sync/all").json()
        assert queued == {"message": "Full sync initiated", "queued_items": 3}  # staff, customer, deal
        assert client.post("/api/mfg/sync/pending").json() == {"message": "Pending sync initiated", "queued_items": 3}
        first = client.post("/api/mfg/sync/process", {"limit": 2}, format="json").json()
        assert first == {"processed": 2, "successful": 2, "failed": 0}
        client.post("/api/mfg/sync/process", {"limit": 10}, format="json")
        status = client.get("/api/mfg/sync/status").json()
        assert status["bitrix_enabled"] is True and status["queue_size"] == 0 and status["last_sync"]
        order.refresh_from_db()
        assert order.bitrix_deal_id

    def test_process_limit_is_validated(self, staff):
        body = MFG.assert_error(client_for(staff).post("/api/mfg/sync/process", {"limit": 0}, format="json"), 422)
        assert "limit" in body["details"]

    @pytest.mark.parametrize("payload", [[1, 2], "10", 5])
    def test_a_process_body_that_is_not_an_object_is_422(self, staff, payload):
        MFG.assert_error(client_for(staff).post("/api/mfg/sync/process", payload, format="json"), 422)

    def test_process_accepts_the_original_query_parameter(self, bitrix, staff, user):
        sync.enqueue("contact", user.pk)
        assert client_for(staff).post("/api/mfg/sync/process?limit=1").json()["processed"] == 1


class TestSyncQueue(ListCase, StaffOnlyCase):
    expect = MFG
    list_url = "/api/mfg/sync/queue"
    views = (views.SyncQueueView,)

    def make(self, owner):
        return SyncItemFactory()

    def test_items_have_the_documented_fields(self, staff):
        item = SyncItemFactory(entity_type="deal", entity_id=456)
        assert client_for(staff).get(self.list_url).json() == [
            {
                "id": item.pk,
                "entity_type": "deal",
                "entity_id": 456,
                "operation": "create",
                "status": "pending",
                "attempts": 0,
                "created_at": item.created_at.isoformat().replace("+00:00", "Z"),
            }
        ]


def post_webhook(body, content_type="application/json", **extra):
    data = json.dumps(body) if content_type == "application/json" else body
    return client_for().generic("POST", "/api/mfg/bitrix/webhook", data, content_type=content_type, **extra)


def native_form(deal_id, token="app-token-from-bitrix", event="ONCRMDEALUPDATE", ts="1700000000"):
    return urlencode(
        {
            "event": event,
            "event_handler_id": "7",
            "data[FIELDS][ID]": str(deal_id),
            "ts": ts,
            "auth[domain]": "portal.bitrix24.ru",
            "auth[member_id]": "abc",
            "auth[application_token]": token,
        }
    )


def deal_in_bitrix(bitrix, order, stage, opportunity="2000"):
    category = bitrix.handle("crm.dealcategory.add", {"fields": {"NAME": "MaaS"}})[1]["result"]
    deal_id = bitrix.handle(
        "crm.deal.add",
        {"fields": {"CATEGORY_ID": category, "STAGE_ID": f"C{category}:{stage}", "OPPORTUNITY": opportunity}},
    )[1]["result"]
    Order.objects.filter(pk=order.pk).update(bitrix_deal_id=deal_id)
    return deal_id


@hand_tested(views.BitrixWebhookView, why="a public webhook authenticated by its token, not by a user")
class TestBitrixWebhook:
    def test_native_form_event_moves_the_order(self, bitrix, webhook_tokens, django_capture_on_commit_callbacks):
        order = OrderFactory()
        deal_id = deal_in_bitrix(bitrix, order, "EXECUTING", opportunity="2500.50")
        with django_capture_on_commit_callbacks(execute=True):
            response = post_webhook(native_form(deal_id), "application/x-www-form-urlencoded")
        assert response.json() == {"message": "Webhook processed successfully"}
        order.refresh_from_db()
        assert (order.status, str(order.total_price)) == ("processing", "2500.50")
        event = BitrixEvent.objects.get()
        assert (event.event, event.entity_id, event.status) == ("ONCRMDEALUPDATE", str(deal_id), "processed")

    @pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "application/json"])
    def test_a_nul_character_is_400_and_nothing_is_stored(self, webhook_tokens, content_type):
        fields = {"event": "ONCRMDEALUPDATE", "data[FIELDS][ID]": "7", "data[FIELDS][TITLE]": "a\x00b"}
        body = urlencode(fields) if content_type.startswith("application/x") else {"entity_id": "7", "x\x00": 1}
        MFG.assert_error(post_webhook(body, content_type, HTTP_X_BITRIX_TOKEN="shared-token"), 400)
        assert not BitrixEvent.objects.exists()

    @pytest.mark.parametrize(
        ("stage", "status"),
        [("NEW", "pending"), ("PREPARATION", "processing"), ("WON", "completed"), ("APOLOGY", "cancelled")],
    )
    def test_spec_json_with_shared_token(self, webhook_tokens, django_capture_on_commit_callbacks, stage, status):
        order = OrderFactory(bitrix_deal_id=12345, status="processing" if status == "pending" else "pending")
        body = {
            "event_type": "deal_updated",
            "entity_type": "deal",
            "entity_id": "12345",
            "data": {"id": "12345", "title": "Test Deal", "stage_id": f"C3:{stage}"},
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = post_webhook(body, HTTP_X_BITRIX_TOKEN="shared-token")
        assert response.status_code == 200
        order.refresh_from_db()
        assert order.status == status

    @pytest.mark.parametrize(
        "auth",
        [
            {"QUERY_STRING": "token=shared-token"},
            {"HTTP_AUTHORIZATION": "Bearer shared-token"},
            {"HTTP_X_BITRIX_TOKEN": "shared-token"},
        ],
    )
    def test_shared_token_in_query_bearer_or_header(self, webhook_tokens, auth):
        body = {"event_type": "deal_updated", "entity_type": "deal", "entity_id": "1", "data": {"stage_id": "NEW"}}
        assert post_webhook(body, **auth).status_code == 200

    def test_wrong_or_missing_tokens_are_403_and_nothing_is_stored(self, webhook_tokens):
        body = {"event_type": "deal_updated", "entity_type": "deal", "entity_id": "1"}
        MFG.assert_error(post_webhook(body), 403)
        MFG.assert_error(post_webhook(body, HTTP_X_BITRIX_TOKEN="guess"), 403)
        MFG.assert_error(post_webhook(native_form(5, token="forged"), "application/x-www-form-urlencoded"), 403)
        assert not BitrixEvent.objects.exists()

    def test_with_no_token_configured_the_webhook_is_off(self):
        body = MFG.assert_error(post_webhook({"entity_id": "1"}, HTTP_X_BITRIX_TOKEN=""), 503)
        assert "off" in body["message"]

    def test_missing_entity_id_is_400(self, webhook_tokens):
        body = MFG.assert_error(post_webhook({"event_type": "deal_updated"}, HTTP_X_BITRIX_TOKEN="shared-token"), 400)
        assert body["message"] == "Missing entity_id"

    @pytest.mark.parametrize(("body", "content_type"), [("{broken", "application/json"), ("x", "text/plain")])
    def test_unreadable_bodies_are_400(self, webhook_tokens, body, content_type):
        response = client_for().generic(
            "POST", "/api/mfg/bitrix/webhook", body, content_type=content_type, HTTP_X_BITRIX_TOKEN="shared-token"
        )
        MFG.assert_error(response, 400)

    @pytest.mark.parametrize(
        "body",
        [
            {"event": "ONCRMDEALUPDATE", "data": ["not", "an", "object"]},
            {"event": "ONCRMDEALUPDATE", "data": {"FIELDS": "42"}},
            {"event": "ONCRMDEALUPDATE", "data": {"FIELDS": {"ID": "1"}}, "auth": "app-token"},
            {"event_type": "deal_updated", "entity_id": 1, "data": "stage"},
        ],
    )
    def test_a_body_whose_parts_are_not_objects_is_400_and_nothing_is_stored(self, webhook_tokens, body):
        MFG.assert_error(post_webhook(body, HTTP_X_BITRIX_TOKEN="shared-token"), 400)
        assert not BitrixEvent.objects.exists()

    def test_an_entity_id_in_other_digits_is_ignored_not_a_crash(
        self, webhook_tokens, django_capture_on_commit_callbacks
    ):
        body = {"event_type": "deal_updated", "entity_id": "²", "data": {"stage_id": "WON"}}
        with django_capture_on_commit_callbacks(execute=True):
            assert post_webhook(body, HTTP_X_BITRIX_TOKEN="shared-token").status_code == 200
        assert BitrixEvent.objects.get().status == "ignored"

    def test_deals_outside_the_maas_funnel_are_ignored(
        self, bitrix, webhook_tokens, django_capture_on_commit_callbacks
    ):
        order = OrderFactory()
        deal_id = bitrix.handle("crm.deal.add", {"fields": {"CATEGORY_ID": 0, "STAGE_ID": "WON"}})[1]["result"]
        bitrix.handle("crm.dealcategory.add", {"fields": {"NAME": "MaaS"}})
        Order.objects.filter(pk=order.pk).update(bitrix_deal_id=deal_id)
        with django_capture_on_commit_callbacks(execute=True):
            post_webhook(native_form(deal_id), "application/x-www-form-urlencoded")
        order.refresh_from_db()
        assert order.status == "pending" and BitrixEvent.objects.get().status == "ignored"

    def test_our_own_echo_changes_nothing(self, bitrix, webhook_tokens, django_capture_on_commit_callbacks):
        order = OrderFactory()
        deal_id = deal_in_bitrix(bitrix, order, "NEW", opportunity="1500.00")
        with django_capture_on_commit_callbacks(execute=True):
            post_webhook(native_form(deal_id), "application/x-www-form-urlencoded")
        assert BitrixEvent.objects.get().result == "No change"
        assert not SyncItem.objects.exists()

    def test_invoice_generated_event_fetches_the_invoice(
        self, bitrix, webhook_tokens, django_capture_on_commit_callbacks
    ):
        order = OrderFactory(bitrix_deal_id=321)
        bitrix.add_invoice(deal_id=321, title="Счёт на оплату")
        body = {
            "event_type": "invoice_generated",
            "entity_type": "document",
            "entity_id": "9",
            "data": {"entityId": 321},
        }
        with django_capture_on_commit_callbacks(execute=True):
            post_webhook(body, HTTP_X_BITRIX_TOKEN="shared-token")
        order.refresh_from_db()
        assert order.invoice_file.name.endswith(f"invoice_order_{order.pk}_deal_321.pdf")
        assert order.invoice_file.read().startswith(b"%PDF") and order.invoice_generated_at


FORM = "application/x-www-form-urlencoded"
NOW = int(time.time())


def deal_event(stage, ts=None, deal_id="12345"):
    body = {"event_type": "deal_updated", "entity_type": "deal", "entity_id": deal_id, "data": {"stage_id": stage}}
    return body if ts is None else {**body, "ts": ts}


class TestWebhookReplays:
    """Issue 9: an event is applied once, and never after a newer one for the same entity."""

    def test_a_replayed_event_is_acknowledged_and_not_applied_again(
        self, bitrix, webhook_tokens, django_capture_on_commit_callbacks
    ):
        order = OrderFactory()
        deal_id = deal_in_bitrix(bitrix, order, "EXECUTING")
        with django_capture_on_commit_callbacks(execute=True):
            post_webhook(native_form(deal_id), FORM)
        Order.objects.filter(pk=order.pk).update(status="completed")  # the order moved on since
        with django_capture_on_commit_callbacks(execute=True):
            response = post_webhook(native_form(deal_id), FORM)
        assert response.status_code == 200
        assert response.json() == {"message": "Event ignored: duplicate of one already received"}
        order.refresh_from_db()
        assert order.status == "completed" and BitrixEvent.objects.count() == 1

    def test_an_event_older_than_the_last_received_for_its_entity_is_ignored(
        self, webhook_tokens, django_capture_on_commit_callbacks
    ):
        order = OrderFactory(bitrix_deal_id=12345, status="pending")
        other = OrderFactory(bitrix_deal_id=777, status="pending")
        with django_capture_on_commit_callbacks(execute=True):
            post_webhook(deal_event("C3:WON", NOW - 10), HTTP_X_BITRIX_TOKEN="shared-token")
            stale = post_webhook(deal_event("C3:NEW", NOW - 60), HTTP_X_BITRIX_TOKEN="shared-token")
            post_webhook(deal_event("C3:WON", NOW - 60, deal_id="777"), HTTP_X_BITRIX_TOKEN="shared-token")
        assert stale.status_code == 200
        assert stale.json() == {"message": "Event ignored: older than the last one received for this entity"}
        order.refresh_from_db(), other.refresh_from_db()
        assert (order.status, other.status) == ("completed", "completed")
        with django_capture_on_commit_callbacks(execute=True):
            newer = post_webhook(deal_event("C3:EXECUTING", NOW), HTTP_X_BITRIX_TOKEN="shared-token")
        assert newer.json() == {"message": "Webhook processed successfully"}
        order.refresh_from_db()
        assert order.status == "processing"
        assert LatestBitrixEvent.objects.get(entity_type="deal", entity_id="12345").ts == NOW

    def test_other_events_of_the_same_entity_and_second_are_all_received(self, webhook_tokens):
        for event in ("ONCRMDEALADD", "ONCRMDEALUPDATE", "ONCRMDEALMOVETOCATEGORY"):
            assert post_webhook(native_form(5, event=event), FORM).json()["message"] == "Webhook processed successfully"
        assert sorted(BitrixEvent.objects.values_list("event", "ts")) == [
            ("ONCRMDEALADD", 1700000000),
            ("ONCRMDEALMOVETOCATEGORY", 1700000000),
            ("ONCRMDEALUPDATE", 1700000000),
        ]

    def test_the_unique_event_row_decides_when_another_request_stored_it_first(self, webhook_tokens):
        # As if a concurrent copy committed between our newest-ts check and our insert.
        BitrixEvent.objects.create(event="ONCRMDEALUPDATE", entity_type="deal", entity_id="5", ts=1700000000)
        response = post_webhook(native_form(5), FORM)
        assert response.json() == {"message": "Event ignored: duplicate of one already received"}
        assert BitrixEvent.objects.count() == 1
        assert LatestBitrixEvent.objects.get().ts == 1700000000  # the request's transaction still committed

    def test_events_without_ts_cannot_be_told_apart_and_are_all_received(self, webhook_tokens):
        for _ in range(2):
            assert post_webhook(deal_event("C3:WON"), HTTP_X_BITRIX_TOKEN="shared-token").status_code == 200
        assert BitrixEvent.objects.filter(ts=None).count() == 2
        assert not LatestBitrixEvent.objects.exists()

    @pytest.mark.parametrize("ts", ["soon", "1.5", "-1", "²", "9" * 19, True, NOW + 3600])
    def test_a_ts_that_is_not_a_past_unix_time_is_400_and_nothing_is_stored(self, webhook_tokens, ts):
        body = MFG.assert_error(post_webhook(deal_event("C3:WON", ts), HTTP_X_BITRIX_TOKEN="shared-token"), 400)
        assert "ts" in body["message"]
        assert not BitrixEvent.objects.exists() and not LatestBitrixEvent.objects.exists()

    @pytest.mark.parametrize(
        "body",
        [
            {"event_type": "x" * 101, "entity_id": "1"},
            {"event_type": "deal_updated", "entity_type": "d" * 33, "entity_id": "1"},
            {"event_type": "deal_updated", "entity_id": "1" * 65},
        ],
    )
    def test_names_and_ids_longer_than_their_columns_are_400(self, webhook_tokens, body):
        MFG.assert_error(post_webhook(body, HTTP_X_BITRIX_TOKEN="shared-token"), 400)
        assert not BitrixEvent.objects.exists()


NESTED_FORM = "event=ONCRMDEALUPDATE&data" + "[a]" * 40 + "=1&data[FIELDS][ID]=5"


class TestWebhookAuthenticatesFirst:
    """Issue 9: a stranger's body is never parsed; whatever it holds, the answer is 403."""

    @pytest.mark.parametrize(
        ("body", "content_type"),
        [
            (NESTED_FORM, FORM),
            (NESTED_FORM + "&auth[application_token]=forged", FORM),
            ("event=ONCRMDEALUPDATE&data[FIELDS][TITLE]=a%00b&data[FIELDS][ID]=5", FORM),
            ("{broken", "application/json"),
            ("[" * 5000 + "]" * 5000, "application/json"),
            ('{"entity_id": "1", "x\\u0000": 1}', "application/json"),
            ('{"event_type": "deal_updated", "entity_id": "1", "ts": "soon"}', "application/json"),
            ("x", "text/plain"),
        ],
    )
    @pytest.mark.parametrize("headers", [{}, {"HTTP_X_BITRIX_TOKEN": "guess"}, {"QUERY_STRING": "token=guess"}])
    def test_a_wrong_or_missing_token_is_403_whatever_the_body(self, webhook_tokens, body, content_type, headers):
        response = client_for().generic("POST", "/api/mfg/bitrix/webhook", body, content_type=content_type, **headers)
        MFG.assert_error(response, 403)
        assert not BitrixEvent.objects.exists()

    @pytest.mark.parametrize(
        "key", ["auth[application_token]", "auth%5Bapplication_token%5D", "auth%5bapplication_token%5d"]
    )
    def test_the_application_token_is_read_from_a_form_body_however_its_key_is_escaped(self, webhook_tokens, key):
        body = f"event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=5&ts=1700000000&{key}=app-token-from-bitrix"
        assert post_webhook(body, FORM).status_code == 200

    def test_only_the_top_level_auth_key_of_a_form_counts(self, webhook_tokens):
        body = "event=ONCRMDEALUPDATE&data[FIELDS][ID]=5&data[auth][application_token]=app-token-from-bitrix"
        MFG.assert_error(post_webhook(body, FORM), 403)
        body = "event=ONCRMDEALUPDATE&data[FIELDS][ID]=5&xauth[application_token]=app-token-from-bitrix"
        MFG.assert_error(post_webhook(body, FORM), 403)

    def test_bitrix_structure_as_json_carries_its_application_token_in_the_body(self, webhook_tokens):
        body = {
            "event": "ONCRMDEALUPDATE",
            "data": {"FIELDS": {"ID": "5"}},
            "ts": "1700000000",
            "auth": {"application_token": "app-token-from-bitrix"},
        }
        assert post_webhook(body).status_code == 200
        MFG.assert_error(post_webhook({**body, "auth": {"application_token": "forged"}}), 403)

    def test_the_shared_token_does_not_pass_as_the_application_token_or_back(self, webhook_tokens):
        MFG.assert_error(post_webhook(native_form(5, token="shared-token"), FORM), 403)
        MFG.assert_error(post_webhook(deal_event("C3:WON"), HTTP_X_BITRIX_TOKEN="app-token-from-bitrix"), 403)

    def test_after_authentication_a_bad_body_is_still_400(self, webhook_tokens):
        MFG.assert_error(post_webhook(NESTED_FORM + "&auth[application_token]=app-token-from-bitrix", FORM), 400)

    def test_a_query_token_never_reaches_our_logs(self, webhook_tokens, caplog):
        caplog.set_level(logging.DEBUG)
        for token in ("shared-token", "wrong-query-token"):
            post_webhook(deal_event("C3:WON"), QUERY_STRING=f"token={token}")
        assert "shared-token" not in caplog.text and "wrong-query-token" not in caplog.text
