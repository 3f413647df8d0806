"""Customer rules in the service, the same for every caller (configurator spec "Customers API")."""

import pytest
from django.db.models import QuerySet

from config.errors import Conflict
from crm import services
from crm.models import Customer

from .customer_factories import CustomerFactory

pytestmark = pytest.mark.django_db

FIELDS = {"contact_person": "Jane", "email": "jane@home.com", "customer_type": "residential"}


def test_creates_and_changes_only_the_given_fields():
    customer = services.save_customer(None, **FIELDS)
    assert Customer.objects.get().email == "jane@home.com"
    services.save_customer(customer, phone="555-1234")
    customer.refresh_from_db()
    assert (customer.phone, customer.contact_person) == ("555-1234", "Jane")


@pytest.mark.parametrize("email", ["jane@home.com", "JANE@Home.com"])
def test_an_email_taken_in_any_case_is_a_conflict(email):
    CustomerFactory(email="jane@home.com")
    with pytest.raises(Conflict, match="Customer with this email already exists"):
        services.save_customer(None, **{**FIELDS, "email": email})
    assert Customer.objects.count() == 1


def test_a_customer_keeps_its_own_email_in_another_case():
    customer = CustomerFactory(email="jane@home.com")
    services.save_customer(customer, email="Jane@Home.com")
    customer.refresh_from_db()
    assert customer.email == "Jane@Home.com"


def test_a_race_lost_to_another_request_is_a_conflict(monkeypatch):
    CustomerFactory(email="jane@home.com")
    monkeypatch.setattr(QuerySet, "exists", lambda queryset: False)  # the other request committed after our check
    with pytest.raises(Conflict, match="Customer with this email already exists"):
        services.save_customer(None, **FIELDS)
    monkeypatch.undo()
    assert Customer.objects.count() == 1
