"""Orders, spec "Orders API": only from an accepted quote, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from config.testing.clients import client_for
from config.testing.dialects import CONFIGURATOR
from config.testing.endpoints import BadPayloadCase, CreateCase, DetailCase, ListCase, OwnedCase
from configurator import services
from configurator.api import views
from configurator.models import Order

from .factories import CustomerFactory, OrderFactory, QuoteFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

URL = "/api/configurator/v1/orders"
FIELDS = {
    "id",
    "quote_id",
    "order_number",
    "order_date",
    "required_date",
    "status",
    "special_instructions",
    "installation_address",
    "created_at",
    "updated_at",
}
ITEM_FIELDS = {
    "id",
    "order_id",
    "configuration_id",
    "quantity",
    "unit_price",
    "total_price",
    "production_status",
    "created_at",
    "updated_at",
}
ADDRESS = {"street": "123 Main St", "city": "Springfield", "state": "IL", "zip": "62701", "country": "USA"}


class TestOrderEndpoints(ListCase, DetailCase, OwnedCase, CreateCase, BadPayloadCase):
    expect = CONFIGURATOR
    list_url = URL
    detail_url = URL + "/{pk}"
    views = (views.OrderViewSet,)
    bad_fields = ("quote_id",)

    def create_payload(self, caller):
        quote = QuoteFactory(configuration__user=caller, status="accepted", customer=CustomerFactory())
        return {"quote_id": quote.pk}

    def bad_payload(self, caller):
        return {"quote_id": None}

    def make(self, owner):
        return OrderFactory(quote__configuration__user=owner)


class TestCreateOrder:
    def test_order_from_my_accepted_quote_with_every_field(self, user):
        quote = QuoteFactory(configuration__user=user, status="accepted")
        required = (timezone.localdate() + timedelta(days=20)).isoformat()
        payload = {
            "quote_id": quote.pk,
            "required_date": required,
            "special_instructions": "Call before delivery",
            "installation_address": ADDRESS,
        }
        response = client_for(user).post(URL, payload, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert set(body) == FIELDS
        today = timezone.localdate()
        assert body["order_number"] == f"O-{today:%Y%m%d}-001"
        assert (body["quote_id"], body["order_date"], body["required_date"], body["status"]) == (
            quote.pk,
            today.isoformat(),
            required,
            "confirmed",
        )
        assert (body["special_instructions"], body["installation_address"]) == ("Call before delivery", ADDRESS)
        order = Order.objects.get(pk=body["id"])
        [item] = order.items.all()
        assert (item.configuration_id, item.quantity, item.unit_price, item.total_price, item.production_status) == (
            quote.configuration_id,
            1,
            quote.total_amount,
            quote.total_amount,
            "pending",
        )
        quote.configuration.refresh_from_db()
        assert quote.configuration.status == "ordered"

    def test_address_defaults_to_the_customers(self, user):
        customer = CustomerFactory(address=ADDRESS)
        quote = QuoteFactory(configuration__user=user, status="accepted", customer=customer)
        body = client_for(user).post(URL, {"quote_id": quote.pk}, format="json").json()
        assert (body["installation_address"], body["required_date"]) == (ADDRESS, None)

    @pytest.mark.parametrize("status", ["draft", "sent", "rejected", "expired"])
    def test_quote_not_accepted_is_422_invalid_quote_status(self, user, status):
        quote = QuoteFactory(configuration__user=user, status=status)
        response = client_for(user).post(URL, {"quote_id": quote.pk}, format="json")
        body = CONFIGURATOR.assert_error(response, 422)
        assert body["details"] == [
            {"detail": "Quote must be in 'accepted' status to create an order", "error_code": "INVALID_QUOTE_STATUS"}
        ]
        assert not Order.objects.exists()

    def test_second_order_is_422_order_already_exists(self, user):
        quote = QuoteFactory(configuration__user=user, status="accepted")
        assert client_for(user).post(URL, {"quote_id": quote.pk}, format="json").status_code == 201
        response = client_for(user).post(URL, {"quote_id": quote.pk}, format="json")
        body = CONFIGURATOR.assert_error(response, 422)
        assert body["details"] == [
            {"detail": "An order already exists for this quote", "error_code": "ORDER_ALREADY_EXISTS"}
        ]
        assert Order.objects.count() == 1

    def test_required_date_before_order_date_is_422(self, user):
        quote = QuoteFactory(configuration__user=user, status="accepted")
        yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
        response = client_for(user).post(URL, {"quote_id": quote.pk, "required_date": yesterday}, format="json")
        CONFIGURATOR.assert_error(response, 422, "required_date")

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({}, "quote_id"),
            ({"quote_id": "one"}, "quote_id"),
            ({"quote_id": 1, "installation_address": []}, "installation_address"),
        ],
    )
    def test_malformed_is_422(self, user, payload, field):
        CONFIGURATOR.assert_error(client_for(user).post(URL, payload, format="json"), 422, field)

    def test_another_users_quote_is_403(self, user):
        quote = QuoteFactory(status="accepted")
        CONFIGURATOR.assert_error(client_for(user).post(URL, {"quote_id": quote.pk}, format="json"), 403)
        assert not Order.objects.exists()

    def test_superuser_orders_anyones_quote(self):
        quote = QuoteFactory(status="accepted")
        assert client_for(SuperuserFactory()).post(URL, {"quote_id": quote.pk}, format="json").status_code == 201

    def test_missing_quote_is_404(self, user):
        body = CONFIGURATOR.assert_error(client_for(user).post(URL, {"quote_id": 999999}, format="json"), 404)
        assert body["message"] == "Quote not found"

    def test_anonymous_is_401(self):
        CONFIGURATOR.assert_error(client_for().post(URL, {}, format="json"), 401)


class TestReadOrders:
    def test_list_has_every_field_and_only_mine(self, user):
        mine = OrderFactory(quote__configuration__user=user)
        OrderFactory()
        body = client_for(user).get(URL).json()
        assert [item["id"] for item in body["items"]] == [mine.pk]
        assert set(body["items"][0]) == FIELDS

    def test_detail_has_items(self, user):
        order = OrderFactory(quote__configuration__user=user)
        body = client_for(user).get(f"{URL}/{order.pk}").json()
        assert set(body) == FIELDS | {"items"}
        assert set(body["items"][0]) == ITEM_FIELDS
        assert (body["items"][0]["order_id"], body["items"][0]["quantity"]) == (order.pk, 1)

    @pytest.mark.parametrize(("status", "count"), [("confirmed", 1), ("production", 1), ("installed", 0)])
    def test_status_filter(self, user, status, count):
        OrderFactory(quote__configuration__user=user)
        services.advance_order(OrderFactory(quote__configuration__user=user))
        assert client_for(user).get(f"{URL}?status={status}").json()["total"] == count

    def test_bad_status_filter_is_422(self, user):
        CONFIGURATOR.assert_error(client_for(user).get(f"{URL}?status=lost"), 422, "status")

    def test_missing_is_404(self, user):
        assert CONFIGURATOR.assert_error(client_for(user).get(f"{URL}/999999"), 404)["message"] == "Order not found"


def test_status_advances_along_the_spec_progression():
    order = OrderFactory()
    seen = [services.advance_order(order).status for _ in range(4)]
    assert seen == ["production", "shipped", "installed", "installed"]
