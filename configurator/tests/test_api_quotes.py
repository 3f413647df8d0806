"""Quotes, spec "Quotes API", with team decisions §6.2 (tax rounding) and §6.5 (status flow)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.dialects import CONFIGURATOR
from config.testing.endpoints import BadPayloadCase, CreateCase, DetailCase, ListCase, OwnedCase
from configurator import services
from configurator.api import views
from configurator.models import Quote

from .factories import (
    ConfigurationFactory,
    CustomerFactory,
    ManufacturingTypeFactory,
    QuoteFactory,
    SuperuserFactory,
    make_node,
)

pytestmark = pytest.mark.django_db

URL = "/api/configurator/v1/quotes"
FIELDS = {
    "id",
    "configuration_id",
    "customer_id",
    "quote_number",
    "subtotal",
    "tax_rate",
    "tax_amount",
    "discount_amount",
    "total_amount",
    "technical_requirements",
    "valid_until",
    "status",
    "created_at",
    "updated_at",
}


def priced_configuration(user, total="525.00", **fields):
    return ConfigurationFactory(user=user, total_price=Decimal(total), **fields)


class TestQuoteEndpoints(ListCase, DetailCase, OwnedCase, CreateCase, BadPayloadCase):
    expect = CONFIGURATOR
    list_url = URL
    detail_url = URL + "/{pk}"
    views = (views.QuoteViewSet,)
    bad_fields = ("configuration_id",)

    def create_payload(self, caller):
        return {"configuration_id": priced_configuration(caller).pk}

    def bad_payload(self, caller):
        return {"configuration_id": "mine"}

    def make(self, owner):
        return QuoteFactory(configuration__user=owner)


class TestCreateQuote:
    def test_quote_from_my_configuration_with_every_field(self, user):
        customer = CustomerFactory()
        configuration = priced_configuration(user, customer=customer)
        payload = {
            "configuration_id": configuration.pk,
            "tax_rate": "8.50",
            "discount_amount": "0.00",
            "technical_requirements": {"installation": "professional", "warranty": "10_years"},
            "valid_days": 30,
        }
        response = client_for(user).post(URL, payload, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert set(body) == FIELDS
        today = timezone.localdate()
        assert body["quote_number"] == f"Q-{today:%Y%m%d}-001"
        assert (body["subtotal"], body["tax_rate"], body["tax_amount"], body["discount_amount"]) == (
            "525.00",
            "8.50",
            "44.63",
            "0.00",
        )
        assert (body["total_amount"], body["status"], body["customer_id"]) == ("569.63", "draft", customer.pk)
        assert body["valid_until"] == (today + timedelta(days=30)).isoformat()
        assert body["technical_requirements"] == payload["technical_requirements"]
        configuration.refresh_from_db()
        assert configuration.status == "quoted"

    def test_defaults(self, user):
        configuration = priced_configuration(user, total="100.00")
        body = client_for(user).post(URL, {"configuration_id": configuration.pk}, format="json").json()
        assert (body["tax_rate"], body["tax_amount"], body["discount_amount"], body["total_amount"]) == (
            "0.00",
            "0.00",
            "0.00",
            "100.00",
        )
        assert body["technical_requirements"] is None
        assert body["valid_until"] == (timezone.localdate() + timedelta(days=30)).isoformat()

    def test_superusers_set_discount_and_validity_freely(self, user):
        configuration = priced_configuration(user, total="100.00")
        valid_until = (timezone.localdate() + timedelta(days=400)).isoformat()
        payload = {"configuration_id": configuration.pk, "discount_amount": "10.00", "valid_until": valid_until}
        body = client_for(SuperuserFactory()).post(URL, payload, format="json").json()
        assert (body["total_amount"], body["valid_until"]) == ("90.00", valid_until)

    def test_a_customer_gets_no_discount_and_at_most_the_usual_validity(self, user, settings):
        """Issue 9: a customer's 100% discount valid until 9999 was stored as sent."""
        settings.CONFIGURATOR_QUOTE_VALID_DAYS = 30
        configuration = priced_configuration(user, total="100.00")
        payload = {"configuration_id": configuration.pk, "discount_amount": "100.00", "valid_until": "9999-12-31"}
        body = client_for(user).post(URL, payload, format="json").json()
        latest = (timezone.localdate() + timedelta(days=30)).isoformat()
        assert (body["discount_amount"], body["total_amount"], body["valid_until"]) == ("0.00", "100.00", latest)

    def test_a_customer_may_ask_for_a_shorter_validity(self, user):
        configuration = priced_configuration(user)
        body = client_for(user).post(URL, {"configuration_id": configuration.pk, "valid_days": 3}, format="json").json()
        assert body["valid_until"] == (timezone.localdate() + timedelta(days=3)).isoformat()
        too_long = client_for(user).post(URL, {"configuration_id": configuration.pk, "valid_days": 3000}, format="json")
        assert too_long.json()["valid_until"] == (timezone.localdate() + timedelta(days=30)).isoformat()

    def test_snapshot_keeps_the_quote_when_prices_change_later(self, user):
        manufacturing_type = ManufacturingTypeFactory(base_price=Decimal("200.00"))
        vinyl = make_node(
            "Vinyl", parent=make_node("Frame", manufacturing_type=manufacturing_type), price_impact_value=30
        )
        configuration = ConfigurationFactory(user=user, manufacturing_type=manufacturing_type)
        client_for(user).patch(
            f"/api/configurator/v1/configurations/{configuration.pk}/selections",
            [{"attribute_node_id": vinyl.pk}],
            format="json",
        )
        body = client_for(user).post(URL, {"configuration_id": configuration.pk}, format="json").json()
        manufacturing_type.base_price = Decimal("999.00")
        manufacturing_type.save()
        services.update_node(vinyl, price_impact_value=Decimal("500.00"))
        again = client_for(user).get(f"{URL}/{body['id']}").json()
        assert (again["subtotal"], again["total_amount"]) == ("230.00", "230.00")
        snapshot = Quote.objects.get(pk=body["id"]).configuration_snapshot
        assert snapshot["configuration"]["total_price"] == "230.00"
        assert snapshot["manufacturing_type"]["base_price"] == "200.00"
        assert snapshot["selections"][0]["calculated_price_impact"] == "30.00"

    @pytest.mark.parametrize(
        ("change", "field", "code"),
        [
            ({"tax_rate": "-1"}, "tax_rate", "value_error.number.not_ge"),
            ({"tax_rate": "100.01"}, "tax_rate", "value_error.number.not_le"),
            ({"discount_amount": "-1"}, "discount_amount", "value_error.number.not_ge"),
            ({"discount_amount": "525.01"}, "discount_amount", "value_error.number.not_le"),
            ({"valid_days": 0}, "valid_days", "value_error.number.not_ge"),
            ({"valid_until": "2000-01-01"}, "valid_until", "value_error.date"),
            ({"technical_requirements": "fast"}, "technical_requirements", "type_error.dict"),
            ({"configuration_id": None}, "configuration_id", "type_error.none.not_allowed"),
        ],
    )
    def test_invalid_is_422_with_field_and_code(self, user, change, field, code):
        configuration = priced_configuration(user)
        # A superuser, whose discount counts: a customer's is ignored, so it is never too large.
        response = client_for(SuperuserFactory()).post(
            URL, {"configuration_id": configuration.pk, **change}, format="json"
        )
        body = CONFIGURATOR.assert_error(response, 422, field)
        assert code in CONFIGURATOR.error_codes(response)
        assert not Quote.objects.exists()
        if field == "tax_rate":
            assert body["details"][0]["detail"] == "Tax rate must be between 0 and 100"
        if field == "discount_amount" and code.endswith("not_le"):
            assert body["details"][0]["detail"] == "Discount amount cannot exceed subtotal"

    def test_another_users_configuration_is_403(self, user):
        configuration = priced_configuration(UserFactory())
        CONFIGURATOR.assert_error(client_for(user).post(URL, {"configuration_id": configuration.pk}), 403)
        assert not Quote.objects.exists()

    def test_superuser_quotes_anyones_configuration_for_its_owner(self):
        owner = UserFactory()
        configuration = priced_configuration(owner)
        body = client_for(SuperuserFactory()).post(URL, {"configuration_id": configuration.pk}).json()
        assert Quote.objects.get(pk=body["id"]).user == owner

    def test_missing_configuration_is_404(self, user):
        body = CONFIGURATOR.assert_error(client_for(user).post(URL, {"configuration_id": 999999}), 404)
        assert body["message"] == "Configuration not found"

    def test_anonymous_is_401(self):
        CONFIGURATOR.assert_error(client_for().post(URL, {}), 401)


class TestReadQuotes:
    def test_list_has_every_field_and_only_mine(self, user):
        mine = QuoteFactory(configuration__user=user)
        QuoteFactory()
        body = client_for(user).get(URL).json()
        assert [item["id"] for item in body["items"]] == [mine.pk]
        assert set(body["items"][0]) == FIELDS

    @pytest.mark.parametrize(("status", "count"), [("sent", 1), ("draft", 1), ("expired", 0)])
    def test_status_filter(self, user, status, count):
        QuoteFactory(configuration__user=user), QuoteFactory(configuration__user=user, status="sent")
        assert client_for(user).get(f"{URL}?status={status}").json()["total"] == count

    def test_quote_stays_mine_when_the_configuration_is_deleted(self, user):
        quote = QuoteFactory(configuration__user=user)
        quote.configuration.delete()
        body = client_for(user).get(f"{URL}/{quote.pk}").json()
        assert (body["id"], body["configuration_id"]) == (quote.pk, None)

    def test_missing_is_404(self, user):
        assert CONFIGURATOR.assert_error(client_for(user).get(f"{URL}/999999"), 404)["message"] == "Quote not found"


class TestQuoteStatus:
    def patch(self, user, quote, status):
        return client_for(user).patch(f"{URL}/{quote.pk}", {"status": status}, format="json")

    @pytest.mark.parametrize(
        ("start", "target"),
        [("draft", "sent"), ("sent", "accepted"), ("sent", "rejected"), ("sent", "expired")],
    )
    def test_superuser_moves_along_the_flow(self, start, target):
        quote = QuoteFactory(status=start)
        response = self.patch(SuperuserFactory(), quote, target)
        assert response.status_code == 200 and response.json()["status"] == target

    @pytest.mark.parametrize("target", ["accepted", "rejected"])
    def test_owner_accepts_or_rejects_a_sent_quote(self, user, target):
        quote = QuoteFactory(configuration__user=user, status="sent")
        assert self.patch(user, quote, target).json()["status"] == target

    @pytest.mark.parametrize(("start", "target"), [("draft", "sent"), ("sent", "expired")])
    def test_owner_may_not_send_or_expire(self, user, start, target):
        quote = QuoteFactory(configuration__user=user, status=start)
        CONFIGURATOR.assert_error(self.patch(user, quote, target), 403)
        quote.refresh_from_db()
        assert quote.status == start

    @pytest.mark.parametrize(
        ("start", "target"),
        [("draft", "accepted"), ("accepted", "draft"), ("rejected", "accepted"), ("expired", "sent"), ("sent", "sent")],
    )
    def test_invalid_transitions_are_422_invalid_quote_status(self, start, target):
        quote = QuoteFactory(status=start)
        response = self.patch(SuperuserFactory(), quote, target)
        CONFIGURATOR.assert_error(response, 422)
        assert CONFIGURATOR.error_codes(response) == {"INVALID_QUOTE_STATUS"}

    def test_unknown_status_is_422(self):
        CONFIGURATOR.assert_error(self.patch(SuperuserFactory(), QuoteFactory(), "won"), 422, "status")

    def test_accepting_past_valid_until_is_refused(self, user):
        quote = QuoteFactory(
            configuration__user=user, status="sent", valid_until=timezone.localdate() - timedelta(days=1)
        )
        response = self.patch(user, quote, "accepted")
        assert CONFIGURATOR.error_codes(response) == {"INVALID_QUOTE_STATUS"}
        quote.refresh_from_db()
        assert quote.status == "sent"

    def test_another_users_quote_is_403(self, user):
        quote = QuoteFactory(status="sent")
        CONFIGURATOR.assert_error(self.patch(user, quote, "accepted"), 403)

    def test_missing_is_404_and_anonymous_401(self, user):
        CONFIGURATOR.assert_error(client_for(user).patch(f"{URL}/999999", {"status": "sent"}), 404)
        CONFIGURATOR.assert_error(client_for().patch(f"{URL}/{QuoteFactory().pk}", {"status": "sent"}), 401)
