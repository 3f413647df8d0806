"""The payment webhook (spec "Payment Webhook"): signed, idempotent, and only an exact success pays."""

import hashlib
import hmac
import json

import pytest

from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import SHOP
from config.testing.signals import announced
from orders import shop as services
from orders.api import shop_views
from orders.choices import ShopOrderStatus
from orders.models import ShopPayment
from orders.signals import shop_order_status_changed, shop_payment_received
from orders.tests.shop_factories import ShopOrderFactory

SECRET = "whsec-test-shop-payments"
S = ShopOrderStatus


@pytest.fixture(autouse=True)
def secret(settings):
    settings.SHOP_PAYMENT_WEBHOOK_SECRET = SECRET


def sign(raw: bytes, secret=SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def notify(order, signature=None, **changes):
    body = {"payment_method": "kaspi", "payment_id": "KASPI-12345", "amount": order.total, "status": "success"}
    raw = json.dumps({**body, **changes}).encode()
    headers = {} if signature is False else {"HTTP_X_WEBHOOK_SIGNATURE": signature or sign(raw)}
    return client_for().post(
        f"/api/shop/orders/{order.pk}/payment-webhook", raw, content_type="application/json", **headers
    )


@hand_tested(shop_views.PaymentWebhookView, why="signed by the provider, not a token: signature and replay cases")
@pytest.mark.django_db
class TestPaymentWebhook:
    def test_an_exact_success_pays_a_new_order_and_is_announced(self):
        order = ShopOrderFactory(total=27000)
        with announced(shop_payment_received) as paid, announced(shop_order_status_changed) as moved:
            response = notify(order)
        assert response.status_code == 200, response.content
        assert response.json() == {
            "order_id": order.pk,
            "payment_id": "KASPI-12345",
            "accepted": True,
            "order_status": "paid",
            "message": "Payment received; the order is paid",
        }
        order.refresh_from_db()
        payment = ShopPayment.objects.get()
        assert order.status == S.PAID and order.paid_at is not None and payment.accepted
        assert paid == [{"order": order, "payment": payment}]
        assert [(m["old_status"], m["new_status"]) for m in moved] == [("new", "paid")]

    def test_a_replay_answers_the_first_answer_and_changes_nothing(self):
        order = ShopOrderFactory(total=27000)
        first = notify(order).json()
        with announced(shop_payment_received) as paid:
            again = notify(order, amount=1)  # the same payment_id, whatever it now says
        assert again.status_code == 200 and again.json() == first
        assert ShopPayment.objects.count() == 1 and not paid

    @pytest.mark.parametrize(
        ("changes", "why"), [({"amount": 26999}, "does not match"), ({"status": "failed"}, "failed")]
    )
    def test_a_wrong_amount_or_a_failure_never_pays(self, changes, why):
        order = ShopOrderFactory(total=27000)
        with announced(shop_payment_received) as paid:
            response = notify(order, **changes)
        assert response.status_code == 200
        assert response.json()["accepted"] is False and why in response.json()["message"]
        order.refresh_from_db()
        assert order.status == S.NEW and order.paid_at is None and not paid
        assert ShopPayment.objects.get().accepted is False

    def test_an_order_past_payment_is_not_paid_again(self):
        order = ShopOrderFactory(total=27000, status=S.ASSEMBLED)
        assert notify(order).json()["accepted"] is False
        order.refresh_from_db()
        assert order.status == S.ASSEMBLED

    @pytest.mark.parametrize("signature", [False, "sha256=00", "deadbeef", sign(b"{}"), "sha256=" + "0" * 64])
    def test_unsigned_or_badly_signed_is_401_and_nothing_changes(self, signature):
        order = ShopOrderFactory()
        SHOP.assert_error(notify(order, signature=signature), 401)
        order.refresh_from_db()
        assert order.status == S.NEW and not ShopPayment.objects.exists()

    def test_signed_with_another_secret_is_401(self):
        order = ShopOrderFactory()
        raw = json.dumps({"payment_method": "kaspi", "payment_id": "X", "amount": 1, "status": "success"}).encode()
        SHOP.assert_error(notify(order, signature=sign(raw, "other")), 401)

    def test_without_a_secret_it_is_503_naming_the_setting(self, settings):
        settings.SHOP_PAYMENT_WEBHOOK_SECRET = ""
        body = SHOP.assert_error(notify(ShopOrderFactory()), 503)
        assert "SHOP_PAYMENT_WEBHOOK_SECRET" in body["detail"]

    def test_an_unknown_order_is_404(self):
        order = ShopOrderFactory()
        order.pk += 1000
        SHOP.assert_error(notify(order), 404)

    def test_the_same_payment_for_another_order_is_refused(self):
        notify(ShopOrderFactory())
        other = ShopOrderFactory()
        SHOP.assert_error(notify(other), 400)
        other.refresh_from_db()
        assert other.status == S.NEW

    def test_a_bad_body_is_422(self):
        order = ShopOrderFactory()
        SHOP.assert_error(notify(order, amount=-5, status="maybe"), 422, "amount", "status")


@pytest.mark.django_db
def test_the_same_payment_saved_for_another_order_meanwhile_is_refused_and_nothing_changes(monkeypatch):
    """Two notices with one payment_id for two orders at once: the second to save is refused, not a 500."""
    order, other = ShopOrderFactory(total=27000), ShopOrderFactory(total=27000)
    judge = services._judge

    def judged_while_the_other_notice_saves(*args):
        ShopPayment.objects.create(
            order=other, payment_id="KASPI-12345", payment_method="kaspi", amount=27000, status="success"
        )
        return judge(*args)

    monkeypatch.setattr(services, "_judge", judged_while_the_other_notice_saves)
    with announced(shop_payment_received) as paid:
        body = SHOP.assert_error(notify(order), 400)
    assert "already received for another order" in body["detail"]
    order.refresh_from_db()
    assert order.status == S.NEW and order.paid_at is None and not paid
