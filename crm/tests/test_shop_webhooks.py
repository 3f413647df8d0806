"""Outgoing signed webhooks of the retail shop (shop-cvety.md "Webhooks"; issue 13), against a local receiver."""

import hashlib
import hmac
import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from catalog.tests.shop_factories import shop_for, shop_owner
from crm import shop_webhooks
from crm.models import ShopCustomer, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from orders.signals import shop_order_created, shop_order_status_changed, shop_payment_received

pytestmark = pytest.mark.django_db


def verify_webhook(payload: bytes, signature: str, secret: str) -> bool:
    """The spec's own receiver check, verbatim."""
    expected = hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"sha256={expected}", signature)


@pytest.fixture
def shop():
    return shop_for(shop_owner())


@pytest.fixture
def endpoint(shop, webhook_receiver):
    return WebhookEndpoint.objects.create(shop=shop, url=webhook_receiver.url)


def order(shop, pk=123):
    return SimpleNamespace(pk=pk, shop_id=shop.pk, tracking_token="x5DHe_tWzKa3L8uEf3Ldqw")


def change_status(shop, old="new", new="paid", pk=123):
    shop_order_status_changed.send(sender=None, order=order(shop, pk), old_status=old, new_status=new)


def test_a_status_change_is_posted_signed_with_the_spec_payload(
    shop, endpoint, webhook_receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change_status(shop)
    [(headers, body)] = webhook_receiver.received
    assert verify_webhook(body, headers["X-Webhook-Signature"], endpoint.secret)
    assert headers["X-Webhook-Event"] == "order.status_changed"
    payload = json.loads(body)
    assert set(payload) == {"event", "timestamp", "shop_id", "data"}
    assert payload["event"] == "order.status_changed" and payload["shop_id"] == shop.pk
    assert payload["data"] == {
        "order_id": 123,
        "old_status": "new",
        "new_status": "paid",
        "tracking_token": "x5DHe_tWzKa3L8uEf3Ldqw",
    }
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered" and delivery.attempts == 1
    assert WebhookAttempt.objects.get().status_code == 200


def test_a_payment_is_posted(shop, endpoint, webhook_receiver, django_capture_on_commit_callbacks):
    payment = SimpleNamespace(pk=7, payment_id="pay_abc", amount=27000, payment_method="kaspi")
    with django_capture_on_commit_callbacks(execute=True):
        shop_payment_received.send(sender=None, order=order(shop), payment=payment)
    [(headers, body)] = webhook_receiver.received
    payload = json.loads(body)
    assert payload["event"] == "payment.received"
    assert payload["data"] == {
        "order_id": 123,
        "payment_id": "pay_abc",
        "amount": 27000,
        "payment_method": "kaspi",
        "tracking_token": "x5DHe_tWzKa3L8uEf3Ldqw",
    }
    assert verify_webhook(body, headers["X-Webhook-Signature"], endpoint.secret)


def test_a_wrong_secret_does_not_verify(shop, endpoint, webhook_receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        change_status(shop)
    [(headers, body)] = webhook_receiver.received
    assert not verify_webhook(body, headers["X-Webhook-Signature"], "another-secret")
    assert not verify_webhook(body.replace(b"paid", b"new"), headers["X-Webhook-Signature"], endpoint.secret)


def test_nothing_is_queued_when_the_event_rolls_back(shop, endpoint, webhook_receiver):
    with pytest.raises(RuntimeError), transaction.atomic():
        change_status(shop)
        raise RuntimeError("the order was refused")
    assert not WebhookDelivery.objects.exists() and webhook_receiver.received == []


def test_only_the_shops_own_endpoints_that_want_the_event_are_told(
    shop, endpoint, webhook_receiver, django_capture_on_commit_callbacks
):
    other_shop = shop_for(shop_owner())
    WebhookEndpoint.objects.create(shop=other_shop, url=webhook_receiver.url)
    WebhookEndpoint.objects.create(shop=shop, url=webhook_receiver.url, events=["payment.received"])
    WebhookEndpoint.objects.create(shop=shop, url=webhook_receiver.url, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(shop)
    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [endpoint.pk]
    assert len(webhook_receiver.received) == 1


def test_a_receiver_down_loses_nothing_and_gets_it_when_back(
    shop, endpoint, webhook_receiver, django_capture_on_commit_callbacks
):
    port = webhook_receiver.down()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(shop)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.error_message.startswith("No answer")
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert shop_webhooks.drain() == 0  # not due yet
    webhook_receiver.up(port)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert shop_webhooks.drain() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert len(webhook_receiver.received) == 1
    assert [a.status_code for a in delivery.attempt_log.all()] == [None, 200]


def test_server_errors_are_retried_with_back_off_then_given_up(shop, endpoint, webhook_receiver):
    webhook_receiver.answer_next = [503] * shop_webhooks.MAX_ATTEMPTS
    shop_webhooks.emit(shop.pk, "order.status_changed", "1", {"order_id": 1})
    now = timezone.now()
    waits = []
    for _ in range(shop_webhooks.MAX_ATTEMPTS):
        with time_machine.travel(now, tick=False):
            assert shop_webhooks.drain() == 1
        delivery = WebhookDelivery.objects.get()
        waits.append(round((delivery.next_attempt_at - now).total_seconds()))
        now = delivery.next_attempt_at
    assert waits[:-1] == list(shop_webhooks.RETRY_DELAYS)
    assert delivery.status == "failed" and delivery.error_message.startswith("Gave up after 6 tries")
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == shop_webhooks.MAX_ATTEMPTS


def test_a_refusal_is_permanent_and_staff_can_replay_it(
    shop, endpoint, webhook_receiver, django_capture_on_commit_callbacks, admin_client
):
    webhook_receiver.answer_next = [400]
    with django_capture_on_commit_callbacks(execute=True):
        change_status(shop)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.error_message) == ("failed", "The receiver answered 400")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/crm/webhookdelivery/", {"action": "replay", "_selected_action": [delivery.pk]}
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert [a.status_code for a in delivery.attempt_log.all()] == [400, 200]
    first, second = (body for _, body in webhook_receiver.received)
    assert first == second  # the same event, byte for byte


def test_a_delivery_claimed_by_one_worker_is_not_sent_by_another(shop, endpoint, webhook_receiver):
    shop_webhooks.emit(shop.pk, "order.status_changed", "1", {"order_id": 1})
    claimed = shop_webhooks.claim_due(10)
    assert len(claimed) == 1 and shop_webhooks.claim_due(10) == []
    with time_machine.travel(timezone.now() + shop_webhooks.PROCESSING_LEASE + timedelta(seconds=1)):
        assert [d.pk for d in shop_webhooks.claim_due(10)] == [claimed[0].pk]  # its worker stopped


def test_the_same_event_is_queued_once_per_endpoint(shop, endpoint):
    shop_webhooks.emit(shop.pk, "customer.created", "5", {"customer_id": 5})
    shop_webhooks.emit(shop.pk, "customer.created", "5", {"customer_id": 5})
    assert WebhookDelivery.objects.count() == 1


def test_admin_lists_never_show_secrets(shop, endpoint, admin_client):
    page = admin_client.get("/admin/crm/webhookendpoint/").content.decode()
    assert endpoint.url in page and endpoint.secret not in page


def test_admin_shows_a_delivery_with_its_attempts(shop, endpoint, webhook_receiver, admin_client):
    webhook_receiver.answer_next = [500]
    shop_webhooks.emit(shop.pk, "order.status_changed", "1", {"order_id": 1})
    shop_webhooks.drain()
    delivery = WebhookDelivery.objects.get()
    assert (
        "The receiver answered 500" in admin_client.get("/admin/crm/webhookdelivery/?status=pending").content.decode()
    )
    page = admin_client.get(f"/admin/crm/webhookdelivery/{delivery.pk}/change/").content.decode()
    assert "500" in page and endpoint.secret not in page


def test_a_first_order_makes_the_customer_and_announces_them_once(shop, endpoint):
    placed = SimpleNamespace(pk=1, shop_id=shop.pk, customer_phone="+77011234567")
    shop_order_created.send(sender=None, order=placed)
    shop_order_created.send(sender=None, order=SimpleNamespace(pk=2, shop_id=shop.pk, customer_phone="+77011234567"))
    customer = ShopCustomer.objects.get()
    assert (customer.shop_id, customer.phone) == (shop.pk, "+77011234567")
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "customer.created" and delivery.payload["data"]["customer_id"] == customer.pk
