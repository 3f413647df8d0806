"""The CRM follows what the domain apps announce: one queueing policy, written in their transaction."""

import pytest
from django.db import transaction

from accounts import services as account_services
from accounts.models import User
from accounts.signals import user_registered
from config.testing.clients import client_for
from crm.models import SyncItem
from files.tests.factories import ModelFileFactory
from orders import services as order_services
from orders.models import Order
from orders.signals import order_placed
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

ORDER = {"service_id": "cnc-milling", "material_id": "alum_D16", "material_form": "sheet", "quantity": 2}
CALL = {"name": "Ann", "phone": "+77011234567", "product": "Lathe", "time": "Evening", "agreement": True}
SIGN_UP = {"username": "ann", "email": "ann@example.com", "password": "Sturdy-Passw0rd", "full_name": "Ann"}


class Boom(Exception):
    pass


def queued():
    return set(SyncItem.objects.values_list("entity_type", "entity_id", "operation", "status"))


def register(_user=None) -> User:
    response = client_for().post("/api/mfg/register", SIGN_UP, format="json")
    return User.objects.get(pk=response.json()["user_id"])


def place_order(user) -> User:
    client_for(user).post("/api/mfg/orders", {**ORDER, "file_id": ModelFileFactory(owner=user).pk}, format="json")
    return user


def request_a_call(user) -> User:
    client_for(user).post("/api/mfg/call-request", CALL, format="json")
    return user


@pytest.mark.parametrize("arrival", [register, place_order, request_a_call])
def test_every_way_a_customer_arrives_queues_their_contact(user, arrival):
    """Bitrix24 off: the row waits, pending, for the integration to be switched on."""
    customer = arrival(user)
    assert ("contact", customer.pk, "create", "pending") in queued()


@pytest.mark.parametrize("arrival", [place_order, request_a_call])
def test_a_customer_bitrix_knows_is_not_queued_again(user, arrival):
    User.objects.filter(pk=user.pk).update(bitrix_contact_id=42)
    user.refresh_from_db()
    arrival(user)
    assert not SyncItem.objects.filter(entity_type="contact").exists()


def test_a_registered_customer_becomes_a_contact_after_commit(bitrix, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        user = register()
    assert not bitrix.methods_called() and len(after_commit) == 1
    after_commit[0]()
    user.refresh_from_db()
    assert bitrix.entities["contact"][user.bitrix_contact_id]["EMAIL"][0]["VALUE"] == "ann@example.com"


def test_placing_an_order_queues_the_contact_and_the_deal(user):
    place_order(user)
    order = Order.objects.get()
    assert queued() == {("contact", user.pk, "create", "pending"), ("deal", order.pk, "create", "pending")}


@pytest.mark.parametrize(("deal_id", "operation"), [(None, "create"), (55, "update")])
def test_a_status_change_queues_the_deal(staff, deal_id, operation):
    order = OrderFactory(bitrix_deal_id=deal_id)
    client_for(staff).put(f"/api/mfg/admin/orders/{order.pk}", {"status": "completed"}, format="json")
    assert queued() == {("deal", order.pk, operation, "pending")}


def test_a_rolled_back_transaction_leaves_no_sync_row(user):
    model = ModelFileFactory(owner=user)
    with pytest.raises(Boom), transaction.atomic():
        order_services.place_order(user, file_id=model.pk, **ORDER)
        account_services.register_user(**SIGN_UP)
        assert len(queued()) == 3
        raise Boom
    assert not SyncItem.objects.exists() and not Order.objects.exists()


@pytest.mark.parametrize(
    ("signal", "act"),
    [
        (order_placed, lambda user: order_services.place_order(user, file_id=ModelFileFactory(owner=user).pk, **ORDER)),
        (user_registered, lambda user: account_services.register_user(**SIGN_UP)),
    ],
)
def test_announcements_are_sent_inside_the_senders_transaction(user, signal, act):
    """A receiver that fails undoes the whole operation, the CRM's queued row with it."""

    def fail(**kwargs):
        raise Boom

    signal.connect(fail, weak=False)
    try:
        with pytest.raises(Boom):
            act(user)
    finally:
        signal.disconnect(fail)
    assert not SyncItem.objects.exists() and not Order.objects.exists()
    assert not User.objects.filter(username=SIGN_UP["username"]).exists()
