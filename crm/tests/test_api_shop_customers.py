"""Customers of the retail shop API (shop-cvety.md "Customers"; issue 13): per shop, with important dates."""

import json

import pytest
from django.utils import timezone

from catalog.tests.shop_factories import shop_for, shop_owner
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import SHOP
from config.testing.endpoints import CreateCase, DetailCase, ListCase
from crm.api import shop_views
from crm.models import ImportantDate, ShopCustomer, WebhookDelivery, WebhookEndpoint
from orders.tests.shop_factories import ShopOrderFactory

pytestmark = pytest.mark.django_db

CUSTOMERS = "/api/shop/customers/"
MARIA = {
    "phone": "+77017654321",
    "name": "Мария Иванова",
    "email": "maria@example.com",
    "address": "ул. Сатпаева 22",
    "birth_date": "1990-05-15",
    "preferences": "Любит белые розы",
}
BIRTHDAY = {"date_type": "birthday", "date": "1990-05-15", "description": "День рождения", "reminder_days": 3}


def customer(owner, **fields):
    n = ShopCustomer.objects.count()
    return ShopCustomer.objects.create(shop=shop_for(owner), **({"phone": f"+7702{n:07d}", "name": f"C{n}"} | fields))


def dates_url(pk):
    return f"{CUSTOMERS}{pk}/important-dates"


class TestCustomers(ListCase, DetailCase, CreateCase):
    expect = SHOP
    list_url = CUSTOMERS
    detail_url = CUSTOMERS + "{pk}"
    views = (shop_views.CustomersView, shop_views.CustomerView)
    max_list_queries = 5  # identity, the caller's shop, COUNT, SELECT (with order stats), important dates

    def caller(self):
        return shop_owner()

    def make(self, owner):
        made = customer(owner)
        ImportantDate.objects.create(customer=made, date_type="birthday", date="1990-05-15")
        ShopOrderFactory(shop=made.shop, customer_phone=made.phone, paid_at=timezone.now())
        return made

    def create_payload(self, caller):
        return MARIA

    def test_another_shops_customer_is_404_and_never_listed(self):
        me, other = shop_owner(), shop_owner()
        mine, theirs = customer(me), customer(other)
        SHOP.assert_error(client_for(me).get(f"{CUSTOMERS}{theirs.pk}"), 404)
        assert [row["id"] for row in SHOP.items(client_for(me).get(CUSTOMERS))] == [mine.pk]

    def test_accounts_without_a_shop_are_403(self, user, staff):
        customer(shop_owner())
        for account in (user, staff):
            SHOP.assert_error(client_for(account).get(CUSTOMERS), 403)

    def test_create_answers_the_customer_as_documented(self):
        response = client_for(shop_owner()).post(CUSTOMERS, MARIA, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert {name: body[name] for name in MARIA} == MARIA
        assert body["important_dates"] == []

    def test_phones_are_normalised_and_bad_ones_are_422(self):
        client = client_for(shop_owner())
        assert client.post(CUSTOMERS, MARIA | {"phone": "8 701 765 43 21"}, format="json").json()["phone"] == (
            "+77017654321"
        )
        SHOP.assert_error(client.post(CUSTOMERS, MARIA | {"phone": "12345"}, format="json"), 422, "phone")

    def test_a_phone_the_shop_knows_is_409_but_another_shop_may_have_it(self):
        client = client_for(shop_owner())
        client.post(CUSTOMERS, MARIA, format="json")
        SHOP.assert_error(client.post(CUSTOMERS, MARIA, format="json"), 409)
        assert client_for(shop_owner()).post(CUSTOMERS, MARIA, format="json").status_code == 201

    def test_a_new_customer_is_announced(self, webhook_receiver, django_capture_on_commit_callbacks):
        owner = shop_owner()
        WebhookEndpoint.objects.create(shop=shop_for(owner), url=webhook_receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            created = client_for(owner).post(CUSTOMERS, MARIA, format="json").json()
        [(_, body)] = webhook_receiver.received
        payload = json.loads(body)
        assert payload["event"] == "customer.created" and payload["shop_id"] == shop_for(owner).pk
        assert payload["data"] == {
            "customer_id": created["id"],
            "phone": MARIA["phone"],
            "name": MARIA["name"],
            "email": MARIA["email"],
        }

    def test_a_refused_customer_announces_nothing(self):
        owner = shop_owner()
        WebhookEndpoint.objects.create(shop=shop_for(owner), url="http://127.0.0.1:9/")
        client_for(owner).post(CUSTOMERS, MARIA, format="json")
        client_for(owner).post(CUSTOMERS, MARIA, format="json")
        assert WebhookDelivery.objects.count() == 1

    def test_orders_count_and_total_spent_count_the_shops_orders_by_phone(self):
        owner = shop_owner()
        made = customer(owner, phone="+77011234567")
        ShopOrderFactory(shop=made.shop, customer_phone=made.phone, total=27000, paid_at=timezone.now())
        ShopOrderFactory(shop=made.shop, customer_phone=made.phone, total=15000, paid_at=timezone.now())
        ShopOrderFactory(shop=made.shop, customer_phone=made.phone, total=9000)  # not paid yet
        ShopOrderFactory(shop=shop_for(shop_owner()), customer_phone=made.phone, total=50000, paid_at=timezone.now())
        customer(owner, phone="+77019999999")
        client = client_for(owner)
        rows = {row["phone"]: row for row in SHOP.items(client.get(CUSTOMERS))}
        assert (rows["+77011234567"]["orders_count"], rows["+77011234567"]["total_spent"]) == (3, 42000)
        assert (rows["+77019999999"]["orders_count"], rows["+77019999999"]["total_spent"]) == (0, 0)
        for query, phones in [
            ("has_orders=true", ["+77011234567"]),
            ("has_orders=false", ["+77019999999"]),
            ("min_spent=42000", ["+77011234567"]),
            ("min_spent=42001", []),
        ]:
            assert [row["phone"] for row in SHOP.items(client.get(f"{CUSTOMERS}?{query}"))] == phones
        SHOP.assert_error(client.get(f"{CUSTOMERS}?min_spent=lots"), 422)

    def test_orders_name_their_recorded_customer(self):
        owner = shop_owner()
        made = customer(owner, phone="+77011234567", name="Мария")
        ShopOrderFactory(shop=made.shop, customer_phone=made.phone)
        [order] = SHOP.items(client_for(owner).get("/api/shop/orders"))
        assert (order["customer"]["id"], order["customer"]["name"]) == (made.pk, "Мария")

    def test_orders_are_found_by_their_customers_name(self, django_assert_max_num_queries):
        """Spec "Get Orders": `search` in phones, names and id; the name may be only the CRM's."""
        owner = shop_owner()
        maria = customer(owner, phone="+77011234567", name="Мария Иванова")
        hers = ShopOrderFactory(shop=maria.shop, customer_phone=maria.phone, recipient_name="Айгуль")
        ShopOrderFactory(shop=maria.shop, recipient_name="Айгуль")  # someone else's
        elsewhere = customer(shop_owner(), phone=maria.phone, name="Мария Иванова")
        ShopOrderFactory(shop=elsewhere.shop, customer_phone=maria.phone)  # another shop's Мария
        client = client_for(owner)
        with django_assert_max_num_queries(7):  # identity, shop, COUNT, page, names, items, photos
            found = SHOP.items(client.get("/api/shop/orders?search=Иванова"))
        assert [row["id"] for row in found] == [hers.pk]

    def test_search_by_phone_name_or_email(self):
        owner = shop_owner()
        customer(owner, phone="+77011112233", name="Айгуль", email="a@example.com")
        customer(owner, phone="+77014445566", name="Bolat", email="bolat@example.kz")
        client = client_for(owner)
        for query, names in [("1112", ["Айгуль"]), ("bolat", ["Bolat"]), ("example.kz", ["Bolat"]), ("zzz", [])]:
            assert [row["name"] for row in SHOP.items(client.get(f"{CUSTOMERS}?search={query}"))] == names

    def test_accounts_without_a_shop_may_not_create(self, user):
        SHOP.assert_error(client_for(user).post(CUSTOMERS, MARIA, format="json"), 403)


@hand_tested(shop_views.ImportantDatesView, why="a write-only child route: the date shows on its customer")
class TestImportantDates:
    def test_a_date_is_added_and_shows_on_the_customer(self):
        owner = shop_owner()
        made = customer(owner)
        client = client_for(owner)
        response = client.post(dates_url(made.pk), BIRTHDAY, format="json")
        assert response.status_code == 201, response.content
        assert response.json() == {"id": response.json()["id"], **BIRTHDAY}
        assert client.get(f"{CUSTOMERS}{made.pk}").json()["important_dates"] == [response.json()]

    def test_another_shops_customer_is_404_and_gets_nothing(self):
        theirs = customer(shop_owner())
        SHOP.assert_error(client_for(shop_owner()).post(dates_url(theirs.pk), BIRTHDAY, format="json"), 404)
        SHOP.assert_error(client_for(shop_owner()).post(dates_url(999_999), BIRTHDAY, format="json"), 404)
        assert not ImportantDate.objects.exists()

    def test_strangers_are_401(self):
        SHOP.assert_error(client_for().post(dates_url(customer(shop_owner()).pk), BIRTHDAY, format="json"), 401)

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"date_type": "wedding"}, "date_type"),
            ({"date": "15.05.1990"}, "date"),
            ({"reminder_days": 400}, "reminder_days"),
        ],
    )
    def test_bad_dates_are_422(self, change, field):
        owner = shop_owner()
        response = client_for(owner).post(dates_url(customer(owner).pk), BIRTHDAY | change, format="json")
        SHOP.assert_error(response, 422, field)


def test_admin_shows_customers_with_their_dates(admin_client):
    made = customer(shop_owner(), name="Мария")
    ImportantDate.objects.create(customer=made, date_type="anniversary", date="2015-06-20", description="Свадьба")
    assert "Мария" in admin_client.get("/admin/crm/shopcustomer/?q=Мария").content.decode()
    assert "Свадьба" in admin_client.get(f"/admin/crm/shopcustomer/{made.pk}/change/").content.decode()


@pytest.mark.parametrize("query", ["has_orders=maybe", "min_spent=-1", "min_spent=lots", "page=0", "limit=101"])
def test_bad_filters_are_422(query):
    response = client_for(shop_owner()).get(f"{CUSTOMERS}?{query}")
    SHOP.assert_error(response, 422, query.split("=")[0])
