"""Shop orders (spec shop-cvety.md "Orders"): lists and filters, creating, the status table, issues."""

import pytest
import time_machine

from accounts.tests.factories import AdminFactory, UserFactory
from catalog.signals import products_ordered
from catalog.tests.shop_factories import ProductFactory, ShopFactory, shop_for
from config.errors import Rejected
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import SHOP
from config.testing.endpoints import BadPayloadCase, CreateCase, DetailCase, ListCase
from config.testing.signals import announced
from orders import shop as services
from orders.api import shop_views
from orders.choices import ShopOrderStatus
from orders.models import ShopOrder, ShopOrderIssue, ShopOrderItem
from orders.signals import shop_order_created, shop_order_status_changed
from orders.tests.shop_factories import ShopOrderFactory, ShopOrderItemFactory

S = ShopOrderStatus
ORDERS = "/api/shop/orders"
PLAIN = {
    "customer_phone": "+77011234567",
    "recipient_phone": "+77017654321",
    "recipient_name": "Айгуль Касымова",
    "address": "г. Алматы, пр. Достык 89, кв. 45",
    "delivery_method": "delivery",
    "delivery_window": {"from_time": "2024-12-26T14:00:00", "to_time": "2024-12-26T16:00:00"},
    "flower_sum": 25000,
    "delivery_fee": 2000,
    "total": 27000,
}


class ShopOrderCases:
    expect = SHOP
    list_url = ORDERS + "/"
    detail_url = ORDERS + "/{pk}"

    def caller(self):
        return ShopFactory().owner

    def make(self, owner):
        order = ShopOrderFactory(shop=shop_for(owner))
        ShopOrderItemFactory(order=order)
        return order


class TestOrderEndpoints(ShopOrderCases, ListCase, DetailCase, CreateCase, BadPayloadCase):
    views = (shop_views.OrderListCreateView, shop_views.OrderDetailView)
    max_list_queries = 7  # identity, shop, COUNT, page, items, photos
    bad_fields = ("customer_phone", "flower_sum")

    def create_payload(self, caller):
        return PLAIN

    def bad_payload(self, caller):
        return {**PLAIN, "customer_phone": "12345", "flower_sum": -1}


@pytest.fixture
def owner(db):
    return ShopFactory().owner


@pytest.fixture
def client(owner):
    return client_for(owner)


def items(response):
    return SHOP.items(response)


@pytest.mark.django_db
class TestListing:
    def test_an_order_reads_as_documented(self, owner, client):
        order = ShopOrderFactory(shop=owner.shop, status=S.PAID, customer_phone="+77011234567")
        ShopOrderItemFactory(order=order)
        ShopOrderFactory(shop=owner.shop, customer_phone="+77011234567", total=5000, paid_at="2024-12-01T00:00Z")
        ShopOrderFactory(shop=owner.shop, customer_phone="+77011234567", total=7000)  # not paid
        ShopOrderFactory(customer_phone="+77011234567", total=9000, paid_at="2024-12-01T00:00Z")  # another shop
        [row] = [row for row in items(client.get(ORDERS)) if row["id"] == order.pk]
        assert row["delivery_window"] is None
        assert row["customer"] == {
            "id": None,
            "name": None,
            "phone": "+77011234567",
            "orders_count": 3,
            "total_spent": 5000,
        }
        assert row["items"] == [
            {"product_id": None, "product_name": "Букет роз 'Классика'", "quantity": 1, "price": 25000, "total": 25000}
        ]
        assert row["tracking_token"] == order.tracking_token and row["total"] == 27000

    def test_a_registered_customer_directory_names_the_customer_in_one_lookup(self, owner, client, monkeypatch):
        calls = []

        def directory(shop_id, phones):
            calls.append((shop_id, phones))
            return {"+77011234567": (10, "Иван Петров")}

        monkeypatch.setattr(services, "_customer_directories", [directory])
        for _ in range(3):
            ShopOrderFactory(shop=owner.shop, customer_phone="+77011234567")
        rows = items(client.get(ORDERS))
        assert {(row["customer"]["id"], row["customer"]["name"]) for row in rows} == {(10, "Иван Петров")}
        assert calls == [(owner.shop.pk, ["+77011234567"])]

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("status=paid", {"paid"}),
            ("search=Касым", {"paid"}),
            ("search=%2B77015550000", {"new"}),
            ("search=8 701 555 00 00", {"new"}),
            ("dateFrom=2024-12-20", {"paid"}),
            ("dateTo=2024-12-10", {"new"}),
            ("dateFrom=2024-12-10T00:00:00&dateTo=2024-12-20T23:59:59Z", {"new"}),
            ("dateFrom=2024-12-26T00:00:00Z&dateTo=2024-12-26", set()),
        ],
    )
    def test_filters(self, owner, client, query, expected):
        with time_machine.travel("2024-12-10T12:00:00Z", tick=False):
            ShopOrderFactory(shop=owner.shop, customer_phone="+77015550000", recipient_name="Мария")
        with time_machine.travel("2024-12-25T12:00:00Z", tick=False):
            ShopOrderFactory(shop=owner.shop, status=S.PAID, recipient_name="Айгуль Касымова")
        assert {row["status"] for row in items(client.get(f"{ORDERS}?{query}"))} == expected

    def test_search_by_id(self, owner, client):
        order = ShopOrderFactory(shop=owner.shop)
        ShopOrderFactory(shop=owner.shop, customer_phone="+77000000000", recipient_phone="", recipient_name="")
        found = [row["id"] for row in items(client.get(f"{ORDERS}?search={order.pk}"))]
        assert order.pk in found  # phones holding the same digits match too

    @pytest.mark.parametrize("query", ["status=lost", "dateFrom=yesterday", "dateTo=2024-13-45", "limit=101"])
    def test_bad_filters_are_422(self, client, query):
        SHOP.assert_error(client.get(f"{ORDERS}?{query}"), 422)

    def test_an_account_without_a_shop_is_403(self):
        SHOP.assert_error(client_for(UserFactory()).get(ORDERS), 403)
        SHOP.assert_error(client_for(AdminFactory()).post(ORDERS, PLAIN, format="json"), 403)


@pytest.mark.django_db
class TestCreating:
    def test_a_plain_order_is_new_with_a_token_and_announced(self, owner, client):
        with announced(shop_order_created) as sent:
            response = client.post(ORDERS, {**PLAIN, "customer_phone": "8 701 123-45-67"}, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        order = ShopOrder.objects.get(pk=body["id"])
        assert order.shop == owner.shop and order.status == S.NEW and order.customer_phone == "+77011234567"
        assert body["delivery_window"] == {"from": "2024-12-26T14:00:00Z", "to": "2024-12-26T16:00:00Z"}
        assert len(order.tracking_token) >= 22
        assert [kwargs["order"].pk for kwargs in sent] == [order.pk]

    def test_the_total_is_computed_and_a_wrong_one_refused(self, client):
        payload = {key: value for key, value in PLAIN.items() if key != "total"}
        assert client.post(ORDERS, payload, format="json").json()["total"] == 27000
        SHOP.assert_error(client.post(ORDERS, {**PLAIN, "total": 26000}, format="json"), 422, "total")
        assert ShopOrder.objects.count() == 1

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"flower_sum": 100.5}, "flower_sum"),
            ({"recipient_phone": "+7701123"}, "recipient_phone"),
            ({"address": ""}, "address"),
            (
                {"delivery_window": {"from_time": "2024-12-26T16:00:00", "to_time": "2024-12-26T14:00:00"}},
                "delivery_window",
            ),
            ({"delivery_method": "drone"}, "delivery_method"),
        ],
    )
    def test_refused_values(self, client, change, field):
        SHOP.assert_error(client.post(ORDERS, {**PLAIN, **change}, format="json"), 422, field)
        assert not ShopOrder.objects.exists()

    def test_pickup_needs_no_address(self, client):
        payload = {**PLAIN, "delivery_method": "self_pickup", "address": ""}
        assert client.post(ORDERS, payload, format="json").status_code == 201


@hand_tested(shop_views.OrderWithItemsView, why="prices lines from products; tenant and refusal cases by hand")
@pytest.mark.django_db
class TestOrderWithItems:
    url = ORDERS + "/with-items"

    def payload(self, *lines):
        return {
            "customer_phone": "+77011234567",
            "recipient_name": "Айгуль",
            "address": "пр. Достык 89",
            "delivery_method": "delivery",
            "delivery_fee": 2000,
            "items": [{"product_id": product.pk, "quantity": quantity} for product, quantity in lines],
        }

    def test_lines_are_priced_from_the_shops_products(self, owner, client):
        roses = ProductFactory(shop=owner.shop, retail_price=25000)
        tulips = ProductFactory(shop=owner.shop, name="Тюльпаны", retail_price=10000, sale_price=8000)
        with announced(products_ordered) as sent:
            response = client.post(self.url, self.payload((roses, 2), (tulips, 1), (roses, 1)), format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["flower_sum"], body["delivery_fee"], body["total"]) == (83000, 2000, 85000)
        assert [(i["product_id"], i["quantity"], i["price"], i["total"]) for i in body["items"]] == [
            (roses.pk, 3, 25000, 75000),
            (tulips.pk, 1, 8000, 8000),
        ]
        assert sent == [{"shop": owner.shop, "lines": [(roses, 3), (tulips, 1)]}]

    def test_another_shops_or_an_inactive_product_is_refused(self, owner, client):
        theirs = ProductFactory()
        retired = ProductFactory(shop=owner.shop, is_active=False)
        response = client.post(self.url, self.payload((theirs, 1), (retired, 1)), format="json")
        body = SHOP.assert_error(response, 422)
        assert [item["loc"] for item in body["detail"]] == [
            ["body", "items", 0, "product_id"],
            ["body", "items", 1, "product_id"],
        ]
        assert not ShopOrder.objects.exists()

    def test_a_receiver_that_refuses_leaves_nothing_saved(self, owner, client):
        product = ProductFactory(shop=owner.shop)

        def out_of_stock(sender, shop, lines, **kwargs):
            raise Rejected("Not enough roses in stock")

        products_ordered.connect(out_of_stock)
        try:
            with announced(shop_order_created) as created:
                response = client.post(self.url, self.payload((product, 2)), format="json")
        finally:
            products_ordered.disconnect(out_of_stock)
        assert SHOP.assert_error(response, 400)["detail"] == "Not enough roses in stock"
        assert not ShopOrder.objects.exists() and not ShopOrderItem.objects.exists() and not created

    @pytest.mark.parametrize("items", [[], [{"product_id": 1, "quantity": 0}], [{"product_id": "x", "quantity": 1}]])
    def test_bad_items_are_422(self, client, items):
        SHOP.assert_error(client.post(self.url, {**self.payload(), "items": items}, format="json"), 422)


EVERY_STATUS = list(S.values)
TABLE = {
    ("new", "paid"),
    ("paid", "assembled"),
    ("assembled", "delivery"),
    ("assembled", "self_pickup"),
    ("delivery", "delivered"),
    ("self_pickup", "delivered"),
    ("delivered", "completed"),
    *((status, "issue") for status in EVERY_STATUS),
}


@hand_tested(shop_views.OrderStatusView, shop_views.OrderIssueView, why="the status table, pair by pair")
@pytest.mark.django_db
class TestStatusFlow:
    @pytest.mark.parametrize("old", EVERY_STATUS)
    @pytest.mark.parametrize("new", EVERY_STATUS)
    def test_every_pair(self, owner, client, old, new):
        order = ShopOrderFactory(shop=owner.shop, status=old)
        with announced(shop_order_status_changed) as sent:
            response = client.patch(f"{ORDERS}/{order.pk}/status", {"status": new}, format="json")
        order.refresh_from_db()
        if (old, new) in TABLE:
            assert response.status_code == 200, response.content
            assert response.json()["status"] == new and order.status == new
            assert len(sent) == (old != new)
        else:
            body = SHOP.assert_error(response, 400)
            assert old in body["detail"] and new in body["detail"]
            assert order.status == old and not sent

    def test_the_signal_carries_both_statuses_and_paid_sets_paid_at(self, owner, client):
        order = ShopOrderFactory(shop=owner.shop)
        with announced(shop_order_status_changed) as sent:
            client.patch(f"{ORDERS}/{order.pk}/status", {"status": "paid"}, format="json")
        order.refresh_from_db()
        assert sent == [{"order": order, "old_status": "new", "new_status": "paid"}]
        assert order.paid_at is not None
        assert list(order.status_changes.values_list("new_status", flat=True)) == ["new", "paid"]

    def test_an_unknown_status_is_422(self, owner, client):
        order = ShopOrderFactory(shop=owner.shop)
        SHOP.assert_error(client.patch(f"{ORDERS}/{order.pk}/status", {"status": "lost"}, format="json"), 422, "status")

    @pytest.mark.parametrize(
        "issue_type",
        ["wrong_address", "recipient_unavailable", "quality_issue", "wrong_order", "delivery_delay", "other"],
    )
    def test_an_issue_is_kept_and_moves_the_order(self, owner, client, issue_type):
        order = ShopOrderFactory(shop=owner.shop, status=S.DELIVERY)
        body = {"issue_type": issue_type, "comment": "Клиент указал неправильный адрес"}
        response = client.patch(f"{ORDERS}/{order.pk}/issue", body, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "issue"
        issue = ShopOrderIssue.objects.get(order=order)
        assert (issue.issue_type, issue.comment) == (issue_type, body["comment"])

    def test_an_unknown_issue_type_is_422(self, owner, client):
        order = ShopOrderFactory(shop=owner.shop)
        response = client.patch(f"{ORDERS}/{order.pk}/issue", {"issue_type": "rain"}, format="json")
        SHOP.assert_error(response, 422, "issue_type")
        order.refresh_from_db()
        assert order.status == S.NEW and not ShopOrderIssue.objects.exists()


@pytest.mark.django_db
class TestTenants:
    """Another shop's order answers 404 on every route that names it, and nothing changes."""

    @pytest.mark.parametrize(
        ("method", "suffix", "body"),
        [
            ("get", "", None),
            ("patch", "/status", {"status": "paid"}),
            ("patch", "/issue", {"issue_type": "other", "comment": "x"}),
        ],
    )
    def test_another_shops_order_is_404_and_unchanged(self, client, method, suffix, body):
        theirs = ShopOrderFactory()
        response = getattr(client, method)(f"{ORDERS}/{theirs.pk}{suffix}", body, format="json")
        assert SHOP.assert_error(response, 404)["detail"] == "Order not found"
        theirs.refresh_from_db()
        assert theirs.status == S.NEW and not ShopOrderIssue.objects.exists()

    def test_lists_hold_only_the_own_shop(self, owner, client):
        mine = ShopOrderFactory(shop=owner.shop)
        ShopOrderFactory()
        assert [row["id"] for row in items(client.get(ORDERS))] == [mine.pk]

    def test_staff_see_only_their_own_shop_too(self):
        admin_shop = ShopFactory(owner=AdminFactory())
        ShopOrderFactory()
        assert items(client_for(admin_shop.owner).get(ORDERS)) == []
