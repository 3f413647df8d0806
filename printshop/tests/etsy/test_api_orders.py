"""/orders, /orders/:id, /orders/sync, notes and communications (spec "Order Management")."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import PRINTSHOP
from config.testing.endpoints import DetailCase, ListCase, OwnedUpdateCase
from printshop.api import etsy_views as views
from printshop.models import Communication, Order, OrderNote

from .expect import ORDERS as ORDER_PAGES
from .factories import EtsyShopFactory, OrderFactory, OrderItemFactory, OrderNoteFactory
from .helpers import link_seller

pytestmark = pytest.mark.django_db

ORDERS = "/api/printshop/orders"
SYNC = "/api/printshop/orders/sync"


def order_of(owner, **fields):
    shop = owner.etsy_shops.first() or EtsyShopFactory(user=owner)
    order = OrderFactory(shop=shop, **fields)
    OrderItemFactory(order=order)
    return order


class TestOrderEndpoints(ListCase, DetailCase, OwnedUpdateCase):
    expect = ORDER_PAGES
    list_url = ORDERS
    detail_url = ORDERS + "/{pk}"
    update_method = "put"
    update_payload = {"status": "shipped", "production_status": "completed", "notes": "Ready to ship"}
    max_list_queries = 4  # identity, COUNT, orders with their shops, items
    views = (views.OrderListView, views.OrderDetailView)

    def make(self, owner):
        return order_of(owner)


class TestOrderList:
    """The documented filters, page shape and refusals (the generic cases above cover the rest)."""

    def test_order_as_documented(self):
        user = UserFactory()
        order = order_of(user, total_amount=Decimal("42.48"), buyer_name="Jordan Sample")
        body = client_for(user).get(ORDERS).json()
        assert set(body) == {"orders", "total", "limit", "offset", "page", "pages"}
        assert (body["total"], body["limit"], body["offset"], body["page"], body["pages"]) == (1, 50, 0, 1, 1)
        [shown] = body["orders"]
        assert shown["id"] == order.pk and shown["etsy_order_id"] == str(order.etsy_receipt_id)
        assert shown["total_amount"] == 42.48 and shown["currency"] == "USD" and shown["status"] == "paid"
        assert shown["production_status"] == "pending" and shown["buyer_name"] == "Jordan Sample"
        assert shown["items"] == [
            {
                "id": order.items.get().pk,
                "title": "Custom Bracket",
                "quantity": 1,
                "price": 49.99,
                "sku": "",
                "variations": [],
            }
        ]

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("status=paid", {"a", "c"}),
            ("status=shipped", {"b"}),
            ("production_status=in_progress", {"c"}),
            ("start_date=2026-03-02", {"b", "c"}),
            ("end_date=2026-03-02", {"a", "b"}),
            ("start_date=2026-03-02&end_date=2026-03-02", {"b"}),
        ],
    )
    def test_filters(self, query, expected):
        user = UserFactory()
        names = {}
        for name, day, status, production in [
            ("a", 1, "paid", "pending"),
            ("b", 2, "shipped", "pending"),
            ("c", 3, "paid", "in_progress"),
        ]:
            ordered_at = datetime(2026, 3, day, 12, tzinfo=UTC)
            names[order_of(user, ordered_at=ordered_at, status=status, production_status=production).pk] = name
        body = client_for(user).get(f"{ORDERS}?{query}").json()
        assert {names[o["id"]] for o in body["orders"]} == expected and body["total"] == len(expected)

    def test_pages_by_limit_and_offset_newest_first(self):
        user = UserFactory()
        orders = [order_of(user, ordered_at=datetime(2026, 3, day, tzinfo=UTC)) for day in range(1, 8)]
        body = client_for(user).get(f"{ORDERS}?limit=3&offset=3").json()
        assert [o["id"] for o in body["orders"]] == [o.pk for o in reversed(orders)][3:6]
        assert (body["total"], body["page"], body["pages"]) == (7, 2, 3)
        assert client_for(user).get(f"{ORDERS}?offset=99").json()["orders"] == []

    @pytest.mark.parametrize(
        "query",
        ["status=lost", "production_status=x", "start_date=yesterday", "limit=0", "limit=201", "offset=-1", "limit=x"],
    )
    def test_bad_query_is_400(self, query):
        PRINTSHOP.assert_error(client_for(UserFactory()).get(f"{ORDERS}?{query}"), 400)

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"status": "lost"}, "status"),
            ({"production_status": "done"}, "production_status"),
            ({}, None),
            ({"notes": 5 * "x" * 2001}, "notes"),
        ],
    )
    def test_bad_update_is_400_and_changes_nothing(self, payload, field):
        user = UserFactory()
        order = order_of(user)
        fields = (field,) if field else ()
        PRINTSHOP.assert_error(client_for(user).put(f"{ORDERS}/{order.pk}", payload, format="json"), 400, *fields)
        order.refresh_from_db()
        assert (order.status, order.production_status, order.notes) == ("paid", "pending", "")

    def test_update_changes_only_what_is_sent(self):
        user = UserFactory()
        order = order_of(user, notes="keep")
        response = client_for(user).put(f"{ORDERS}/{order.pk}", {"production_status": "in_progress"}, format="json")
        assert response.status_code == 200 and response.json()["production_status"] == "in_progress"
        assert response.json()["notes"] == "keep" and response.json()["status"] == "paid"

    def test_staff_see_only_their_own_orders_here(self):
        order_of(UserFactory())
        staff = UserFactory(is_staff=True)
        assert client_for(staff).get(ORDERS).json()["total"] == 0


@hand_tested(views.OrderNotesView, views.OrderCommunicationsView, why="rows under an order, reached through it")
class TestNotesAndCommunications:
    def test_add_and_list_notes(self):
        user = UserFactory()
        order = order_of(user)
        client = client_for(user)
        response = client.post(f"{ORDERS}/{order.pk}/notes", {"content": "Printed, no defects"}, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["order_id"] == order.pk and body["content"] == "Printed, no defects" and body["created_at"]
        OrderNoteFactory(order=order, content="second")
        listed = client.get(f"{ORDERS}/{order.pk}/notes").json()
        assert [n["content"] for n in listed] == ["Printed, no defects", "second"]
        assert OrderNote.objects.get(pk=body["id"]).author == user

    def test_log_a_communication(self):
        user = UserFactory()
        order = order_of(user)
        payload = {"message": "Customer asked about delivery date", "direction": "inbound", "channel": "etsy_message"}
        response = client_for(user).post(f"{ORDERS}/{order.pk}/communications", payload, format="json")
        assert response.status_code == 201, response.content
        assert {k: response.json()[k] for k in payload} == payload
        assert Communication.objects.get().order == order

    @pytest.mark.parametrize(
        ("path", "payload", "field"),
        [
            ("notes", {}, "content"),
            ("notes", {"content": ""}, "content"),
            ("communications", {"message": "hi", "direction": "sideways"}, "direction"),
            ("communications", {"message": "hi", "direction": "inbound", "channel": "fax"}, "channel"),
            ("communications", {"direction": "inbound"}, "message"),
        ],
    )
    def test_bad_payload_is_400_and_writes_nothing(self, path, payload, field):
        user = UserFactory()
        order = order_of(user)
        PRINTSHOP.assert_error(client_for(user).post(f"{ORDERS}/{order.pk}/{path}", payload, format="json"), 400, field)
        assert not OrderNote.objects.exists() and not Communication.objects.exists()

    @pytest.mark.parametrize("path", ["notes", "communications"])
    def test_another_users_order_is_404_and_unchanged(self, path):
        order = order_of(UserFactory())
        OrderNoteFactory(order=order)
        stranger = client_for(UserFactory())
        payload = {"content": "x", "message": "x", "direction": "inbound"}
        PRINTSHOP.assert_error(stranger.post(f"{ORDERS}/{order.pk}/{path}", payload, format="json"), 404)
        PRINTSHOP.assert_error(stranger.get(f"{ORDERS}/{order.pk}/notes"), 404)
        assert OrderNote.objects.count() == 1 and not Communication.objects.exists()

    def test_strangers_get_401(self):
        order = order_of(UserFactory())
        PRINTSHOP.assert_error(client_for().get(f"{ORDERS}/{order.pk}/notes"), 401)
        PRINTSHOP.assert_error(client_for().post(f"{ORDERS}/{order.pk}/communications", {}, format="json"), 401)


@hand_tested(views.OrderSyncView, why="a sync against the fake Etsy, with its rate limit")
class TestSyncNow:
    def test_sync_answers_the_new_orders(self, fake_etsy):
        shop, _ = link_seller(fake_etsy)
        for _ in range(3):
            fake_etsy.add_receipt(shop.etsy_shop_id)
        client = client_for(shop.user)
        assert client.post(SYNC).json() == {"message": "Synced 3 new orders", "synced_count": 3, "total_orders": 3}
        fake_etsy.add_receipt(shop.etsy_shop_id)
        assert client.post(SYNC).json() == {"message": "Synced 1 new order", "synced_count": 1, "total_orders": 4}
        assert Order.objects.count() == 4

    def test_sync_is_limited_to_5_a_minute(self, fake_etsy, settings):
        settings.API_RATE_LIMITS = {"printshop": "1000/hour", "printshop.sync": "5/minute"}  # the documented rates
        shop, _ = link_seller(fake_etsy)
        client = client_for(shop.user)
        for _ in range(5):
            assert client.post(SYNC).status_code == 200
        response = client.post(SYNC)
        PRINTSHOP.assert_error(response, 429)
        assert int(response["Retry-After"]) >= 1 and response["X-RateLimit-Limit"] == "5"

    def test_without_a_linked_shop_is_400(self, fake_etsy):
        PRINTSHOP.assert_error(client_for(UserFactory()).post(SYNC), 400)

    def test_etsy_down_is_503_and_the_task_takes_over(self, fake_etsy, monkeypatch, django_capture_on_commit_callbacks):
        shop, _ = link_seller(fake_etsy)
        fake_etsy.add_receipt(shop.etsy_shop_id)
        queued = []
        monkeypatch.setattr("printshop.tasks.sync_etsy_shop_task.delay", queued.append)
        fake_etsy.fail_next.extend([429] * 10)
        with django_capture_on_commit_callbacks(execute=True):
            PRINTSHOP.assert_error(client_for(shop.user).post(SYNC), 503)
        assert queued == [shop.pk] and not Order.objects.exists()

    def test_unconfigured_is_503_naming_the_setting(self, settings):
        settings.ETSY_KEYSTRING = ""
        body = PRINTSHOP.assert_error(client_for(EtsyShopFactory().user).post(SYNC), 503)
        assert "ETSY_KEYSTRING" in body["error"]

    def test_strangers_get_401(self):
        PRINTSHOP.assert_error(client_for().post(SYNC), 401)
