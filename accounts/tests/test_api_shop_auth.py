"""Retail shop sign-in by phone (spec shop-cvety.md "Authentication"; issue 13): codes, limits, Telegram.

The clock is frozen (time-machine): a lock or a code expires when the test moves the clock.
"""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import jwt
import pytest
import time_machine
from django.conf import settings as live_settings
from django.core.cache import caches

from accounts.api import shop_views
from accounts.models import Shop, TelegramLink
from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import SHOP
from config.testing.fake_telegram import WEBHOOK_SECRET

pytestmark = pytest.mark.django_db

PHONE = "+77011234567"
REQUEST, VERIFY, WEBHOOK = "/api/shop/auth/request-otp", "/api/shop/auth/verify-otp", "/api/shop/telegram/webhook"
START = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def debug_delivery(settings):
    settings.OTP_DELIVERY = "debug"


def request_code(phone=PHONE):
    return client_for().post(REQUEST, {"phone": phone}, format="json")


def verify(code, phone=PHONE):
    return client_for().post(VERIFY, {"phone": phone, "otp_code": code}, format="json")


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


@hand_tested(shop_views.RequestOtpView, shop_views.VerifyOtpView, why="sign-in by phone: no row in the path")
@pytest.mark.usefixtures("debug_delivery", "clock")
class TestDebugDelivery:
    def test_a_code_signs_in_and_the_first_sign_in_creates_the_shop(self):
        sent = request_code()
        assert sent.status_code == 200
        body = sent.json()
        assert body["delivery_method"] == "debug" and len(body["otp_code"]) == 6 and body["otp_code"].isdigit()
        signed_in = verify(body["otp_code"])
        assert signed_in.status_code == 200, signed_in.content
        token = signed_in.json()
        shop = Shop.objects.get(phone=PHONE)
        assert token["token_type"] == "bearer" and token["shop_id"] == shop.pk
        assert token["shop_name"] == "Цветочный магазин 4567" == shop.name
        assert (
            client_for()
            .get("/api/mfg/profile", HTTP_AUTHORIZATION=f"Bearer {token['access_token']}")
            .json()["username"]
            == PHONE
        )  # one identity: the shop's token works on every API

    def test_the_shop_token_lives_24_hours(self):
        token = verify(request_code().json()["otp_code"]).json()["access_token"]
        claims = jwt.decode(token, options={"verify_signature": False})
        assert claims["exp"] - claims["iat"] == 24 * 3600
        assert live_settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"] == timedelta(hours=1)  # other APIs keep theirs

    def test_a_second_sign_in_finds_the_same_shop(self):
        first = verify(request_code().json()["otp_code"]).json()
        second = verify(request_code().json()["otp_code"]).json()
        assert first["shop_id"] == second["shop_id"] and Shop.objects.count() == 1

    def test_a_code_works_once(self):
        code = request_code().json()["otp_code"]
        assert verify(code).status_code == 200
        SHOP.assert_error(verify(code), 422, "otp_code")

    def test_a_code_expires_after_five_minutes(self, clock):
        code = request_code().json()["otp_code"]
        clock.shift(301)
        SHOP.assert_error(verify(code), 422, "otp_code")
        assert not Shop.objects.exists()

    def test_a_new_code_replaces_the_old_one(self):
        old = request_code().json()["otp_code"]
        new = request_code().json()["otp_code"]
        if old != new:
            SHOP.assert_error(verify(old), 422, "otp_code")
        assert verify(new).status_code == 200

    def test_the_fourth_request_in_a_minute_is_429_with_retry_after(self, clock):
        assert [request_code().status_code for _ in range(3)] == [200] * 3
        refused = SHOP.assert_error(request_code(), 429)
        assert refused == {"detail": "Rate limit exceeded", "retry_after": 60}
        clock.shift(20)
        assert SHOP.assert_error(request_code(), 429)["retry_after"] == 40
        clock.shift(40)
        assert request_code().status_code == 200

    def test_requests_are_counted_per_phone(self):
        for _ in range(3):
            request_code()
        assert request_code("+77019999999").status_code == 200

    def test_three_wrong_codes_lock_the_phone_even_against_the_right_code(self, clock):
        code = request_code().json()["otp_code"]
        for _ in range(3):
            SHOP.assert_error(verify(wrong(code)), 422, "otp_code")
        locked = SHOP.assert_error(verify(code), 429)
        assert locked["retry_after"] == 900 and "wrong codes" in locked["detail"]
        assert SHOP.assert_error(request_code(), 429)["retry_after"] == 900
        clock.shift(900)
        fresh = request_code().json()["otp_code"]
        assert verify(fresh).status_code == 200

    def test_a_new_code_does_not_start_the_wrong_count_again(self):
        """Two guesses, a new code, one more guess: three wrong codes for the phone, so it is locked."""
        first = request_code().json()["otp_code"]
        for _ in range(2):
            SHOP.assert_error(verify(wrong(first)), 422, "otp_code")
        second = request_code().json()["otp_code"]
        SHOP.assert_error(verify(wrong(second)), 422, "otp_code")
        assert SHOP.assert_error(verify(second), 429)["retry_after"] == 900
        assert not Shop.objects.exists()

    def test_a_sign_in_clears_the_wrong_count(self):
        code = request_code().json()["otp_code"]
        for _ in range(2):
            verify(wrong(code))
        assert verify(code).status_code == 200
        code = request_code().json()["otp_code"]
        for _ in range(2):
            SHOP.assert_error(verify(wrong(code)), 422, "otp_code")
        assert verify(code).status_code == 200

    def test_the_code_is_kept_only_as_a_keyed_hash(self):
        code = request_code().json()["otp_code"]
        stored = caches[live_settings.SHARED_CACHE].get(f"otp:code:{PHONE}")
        assert code not in repr(stored) and len(stored["digest"]) == 64

    @pytest.mark.parametrize("phone", ["87011234567", "7011234567", "+1 555 0100", "+7701123456a", ""])
    def test_phones_not_in_the_kazakh_format_are_422(self, phone):
        if phone == "87011234567":  # written the local way: the same number
            assert request_code(phone).status_code == 200
        else:
            SHOP.assert_error(request_code(phone), 422, "phone")

    @pytest.mark.parametrize("code", ["12345", "1234567", "abcdef", ""])
    def test_a_code_that_is_not_six_digits_is_422(self, code):
        SHOP.assert_error(verify(code), 422, "otp_code")

    def test_an_existing_user_with_that_phone_as_username_gets_the_shop(self):
        user = UserFactory(username=PHONE)
        token = verify(request_code().json()["otp_code"]).json()
        assert Shop.objects.get(pk=token["shop_id"]).owner == user


@pytest.mark.usefixtures("clock")
class TestTelegramDelivery:
    def test_an_unlinked_phone_is_told_to_open_the_bot(self, fake_telegram):
        body = SHOP.assert_error(request_code(), 400)
        assert "t.me/test_shop_bot" in body["detail"] and "share your phone" in body["detail"]
        assert fake_telegram.sent == []

    def test_the_code_goes_to_the_linked_chat_and_signs_in(self, fake_telegram):
        TelegramLink.objects.create(phone=PHONE, chat_id=4242)
        sent = request_code()
        assert sent.json() == {"message": "OTP sent to your Telegram", "delivery_method": "telegram"}
        (text,) = fake_telegram.messages_to(4242)
        code = text.split(": ")[1][:6]
        assert verify(code).status_code == 200

    def test_telegram_down_is_503_and_the_phone_may_ask_again(self, fake_telegram):
        TelegramLink.objects.create(phone=PHONE, chat_id=4242)
        fake_telegram.fail_next = [(502, "Bad Gateway")]
        assert SHOP.assert_error(request_code(), 503)["detail"].startswith("Telegram refused")
        assert request_code().status_code == 200

    def test_without_a_bot_token_it_is_503_naming_the_setting(self, settings):
        settings.OTP_DELIVERY, settings.TELEGRAM_BOT_TOKEN = "telegram", ""
        detail = SHOP.assert_error(request_code(), 503)["detail"]
        assert detail == "Telegram delivery is not configured: set TELEGRAM_BOT_TOKEN"


def update(*, sender=77, contact_user=77, phone="77011234567", chat=77):
    message = {"message_id": 1, "from": {"id": sender}, "chat": {"id": chat, "type": "private"}}
    if phone is not None:
        message["contact"] = {"phone_number": phone, "first_name": "A", "user_id": contact_user}
    return {"update_id": 1, "message": message}


def post_update(body, secret=WEBHOOK_SECRET):
    return client_for().post(WEBHOOK, body, format="json", HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=secret)


@hand_tested(shop_views.TelegramWebhookView, why="Telegram's webhook, checked by its secret-token header")
class TestTelegramWebhook:
    def test_sharing_ones_own_contact_links_the_phone(self, fake_telegram):
        assert post_update(update()).status_code == 200
        assert TelegramLink.objects.get(phone=PHONE).chat_id == 77
        assert "will come to this chat" in fake_telegram.messages_to(77)[0]

    def test_someone_elses_contact_links_nothing(self, fake_telegram):
        assert post_update(update(contact_user=99)).status_code == 200
        assert not TelegramLink.objects.exists()
        assert "share your phone number" in fake_telegram.messages_to(77)[0]

    def test_any_other_message_asks_for_the_contact(self, fake_telegram):
        post_update(update(phone=None))
        (method, payload) = fake_telegram.sent[0]
        assert payload["reply_markup"]["keyboard"][0][0]["request_contact"] is True

    def test_a_wrong_secret_is_401_and_changes_nothing(self, fake_telegram):
        SHOP.assert_error(post_update(update(), secret="guess"), 401)
        SHOP.assert_error(client_for().post(WEBHOOK, update(), format="json"), 401)
        assert not TelegramLink.objects.exists() and fake_telegram.sent == []

    def test_the_secret_is_checked_before_the_body_is_read(self, fake_telegram):
        response = client_for().generic("POST", WEBHOOK, b"{not json", "application/json")
        SHOP.assert_error(response, 401)

    def test_junk_updates_are_ignored(self, fake_telegram):
        for junk in [[], "x", {"message": "x"}, {"message": {"chat": {"id": "7"}}}, {"edited_message": {}}]:
            assert post_update(junk).status_code == 200
        assert fake_telegram.sent == [] and not TelegramLink.objects.exists()

    def test_without_the_secret_setting_it_is_503(self, settings):
        settings.TELEGRAM_WEBHOOK_SECRET = ""
        assert "set TELEGRAM_WEBHOOK_SECRET" in SHOP.assert_error(post_update(update()), 503)["detail"]


READ_DELIVERY = "from django.conf import settings; print(settings.OTP_DELIVERY)"


@pytest.mark.parametrize(
    ("environment", "delivery"),
    [
        ({}, "telegram"),  # production: codes never come back in the answer
        ({"DEBUG": "1"}, "debug"),
        ({"OTP_DELIVERY": "debug"}, "debug"),  # explicitly set (a staging server without the bot)
    ],
)
def test_debug_delivery_only_with_debug_or_when_set(environment, delivery):
    """The settings as a fresh process reads them from its environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "OTP_DELIVERY", "DJANGO_SETTINGS_MODULE"}}
    read = subprocess.run(
        [sys.executable, "-c", READ_DELIVERY],
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, **environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=live_settings.BASE_DIR,
    )
    assert read.stdout.strip() == delivery, read.stderr
