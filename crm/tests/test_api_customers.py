"""Customers of the configurator API, spec "Customers API": superusers only."""

import pytest

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.dialects import CONFIGURATOR
from config.testing.endpoints import BadPayloadCase, CreateCase, DetailCase, ListCase, StaffOnlyCase, UpdateCase
from crm.api.customer_views import CustomerViewSet
from crm.models import Customer

from .customer_factories import CustomerFactory

pytestmark = pytest.mark.django_db

URL = "/api/configurator/v1/customers"
FIELDS = {
    "id",
    "company_name",
    "contact_person",
    "email",
    "phone",
    "address",
    "customer_type",
    "tax_id",
    "payment_terms",
    "is_active",
    "notes",
    "created_at",
    "updated_at",
}
PAYLOAD = {
    "company_name": "XYZ Builders",
    "contact_person": "Jane Smith",
    "email": "jane@xyz.com",
    "phone": "555-5678",
    "address": {"street": "789 Construction Blvd", "city": "Springfield", "country": "USA"},
    "customer_type": "contractor",
    "tax_id": "98-7654321",
    "payment_terms": "net_15",
    "notes": "New contractor, requires credit check",
}


def superuser():
    return UserFactory(is_superuser=True)


class TestCustomerEndpoints(ListCase, DetailCase, StaffOnlyCase, CreateCase, UpdateCase, BadPayloadCase):
    expect = CONFIGURATOR
    list_url = URL
    detail_url = URL + "/{pk}"
    views = (CustomerViewSet,)
    update_payload = {"company_name": "Renamed Builders Ltd", "phone": "555-9999"}
    bad_fields = ("email",)

    def caller(self):
        return superuser()

    def make(self, owner):
        return CustomerFactory()

    def create_payload(self, caller):
        return PAYLOAD

    def bad_payload(self, caller):
        return {**PAYLOAD, "email": "not-an-email"}


class TestCustomers:
    def test_create_with_every_field(self):
        response = client_for(superuser()).post(URL, PAYLOAD, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert set(body) == FIELDS
        assert {key: body[key] for key in PAYLOAD} == PAYLOAD
        assert body["is_active"] is True

    def test_minimal_create_answers_nulls(self):
        payload = {"contact_person": "Jane", "email": "jane@home.com", "customer_type": "residential"}
        body = client_for(superuser()).post(URL, payload, format="json").json()
        assert (body["company_name"], body["phone"], body["address"], body["tax_id"], body["notes"]) == (None,) * 5

    @pytest.mark.parametrize("email", ["jane@xyz.com", "JANE@XYZ.com"])
    def test_duplicate_email_is_409(self, email):
        CustomerFactory(email="jane@xyz.com")
        response = client_for(superuser()).post(URL, {**PAYLOAD, "email": email}, format="json")
        assert CONFIGURATOR.assert_error(response, 409)["message"] == "Customer with this email already exists"
        assert Customer.objects.count() == 1

    @pytest.mark.parametrize(
        ("change", "field", "code"),
        [
            ({"email": "not-an-email"}, "email", "value_error.email"),
            ({"email": None}, "email", "type_error.none.not_allowed"),
            ({"customer_type": "government"}, "customer_type", "type_error.enum"),
            ({"company_name": None}, "company_name", "value_error.missing"),
            ({"company_name": "  ", "customer_type": "commercial"}, "company_name", "value_error.missing"),
            ({"contact_person": "x" * 201}, "contact_person", "value_error.str.max_length"),
        ],
    )
    def test_invalid_is_422(self, change, field, code):
        response = client_for(superuser()).post(URL, {**PAYLOAD, **change}, format="json")
        CONFIGURATOR.assert_error(response, 422, field)
        assert code in CONFIGURATOR.error_codes(response)
        assert not Customer.objects.exists()

    def test_missing_email_is_value_error_missing(self):
        payload = {key: value for key, value in PAYLOAD.items() if key != "email"}
        body = CONFIGURATOR.assert_error(client_for(superuser()).post(URL, payload, format="json"), 422, "email")
        assert body["details"] == [
            {"detail": "Field is required", "field": "email", "error_code": "value_error.missing"}
        ]

    def test_residential_needs_no_company(self):
        payload = {**PAYLOAD, "company_name": None, "customer_type": "residential"}
        assert client_for(superuser()).post(URL, payload, format="json").status_code == 201

    def test_patch_changes_given_fields(self):
        customer = CustomerFactory()
        response = client_for(superuser()).patch(
            f"{URL}/{customer.pk}", {"phone": "555-9999", "payment_terms": "net_30"}, format="json"
        )
        body = response.json()
        assert (body["phone"], body["payment_terms"], body["email"]) == ("555-9999", "net_30", customer.email)

    def test_patch_to_a_taken_email_is_409(self):
        CustomerFactory(email="taken@example.com")
        customer = CustomerFactory()
        response = client_for(superuser()).patch(f"{URL}/{customer.pk}", {"email": "Taken@example.com"}, format="json")
        CONFIGURATOR.assert_error(response, 409)

    def test_patch_keeping_its_own_email_is_fine(self):
        customer = CustomerFactory()
        response = client_for(superuser()).patch(f"{URL}/{customer.pk}", {"email": customer.email.upper()})
        assert response.status_code == 200

    def test_patch_to_commercial_without_company_is_422(self):
        customer = CustomerFactory(customer_type="residential", company_name=None)
        response = client_for(superuser()).patch(f"{URL}/{customer.pk}", {"customer_type": "commercial"})
        CONFIGURATOR.assert_error(response, 422, "company_name")

    @pytest.mark.parametrize(("query", "count"), [("is_active=true", 1), ("customer_type=residential", 1), ("", 2)])
    def test_filters(self, query, count):
        CustomerFactory(), CustomerFactory(is_active=False, customer_type="residential")
        assert client_for(superuser()).get(f"{URL}?{query}").json()["total"] == count

    @pytest.mark.parametrize(
        ("query", "field"), [("customer_type=government", "customer_type"), ("is_active=maybe", "is_active")]
    )
    def test_bad_filter_values_are_422_naming_them(self, query, field):
        CONFIGURATOR.assert_error(client_for(superuser()).get(f"{URL}?{query}"), 422, field)

    @pytest.mark.parametrize("method", ["post", "patch"])
    def test_non_superusers_are_403(self, method):
        customer = CustomerFactory()
        url = URL if method == "post" else f"{URL}/{customer.pk}"
        response = getattr(client_for(UserFactory(is_staff=True)), method)(url, PAYLOAD, format="json")
        CONFIGURATOR.assert_error(response, 403)
        assert Customer.objects.count() == 1

    @pytest.mark.parametrize("method", ["post", "patch"])
    def test_anonymous_is_401(self, method):
        url = URL if method == "post" else f"{URL}/{CustomerFactory().pk}"
        CONFIGURATOR.assert_error(getattr(client_for(), method)(url, PAYLOAD, format="json"), 401)

    def test_patch_of_missing_is_404(self):
        response = client_for(superuser()).patch(f"{URL}/999999", {}, format="json")
        assert CONFIGURATOR.assert_error(response, 404)["message"] == "Customer not found"
