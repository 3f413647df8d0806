"""One-time sign-in codes by phone (the retail shop API's "request-otp" / "verify-otp").

Codes are 6 digits from `secrets`, kept only as a keyed hash in the shared store (Redis in
production; never per-process memory) for OTP_VALID_SECONDS. A phone may ask OTP_REQUESTS_PER_MINUTE
times a minute; OTP_WRONG_CODES_LIMIT wrong codes lock it for OTP_LOCK_SECONDS, during which even the
right code fails. Times are compared with the clock, so locks end exactly when they say.
"""

import hashlib
import hmac
import math
import re
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction

from config.errors import Refused, TooManyRequests, Unavailable

from . import telegram
from .models import Shop, TelegramLink, User

PHONE = re.compile(r"^\+7\d{10}$")
PHONE_FORMAT = "Phone must be in the format +7XXXXXXXXXX"


def normalise_phone(raw: str) -> str:
    """`+7XXXXXXXXXX` from the ways Kazakh numbers are written (`8 701 ...`, `7701...`, spaces, dashes)."""
    digits = re.sub(r"[\s()\-]", "", str(raw or ""))
    if re.fullmatch(r"8\d{10}", digits):
        digits = "+7" + digits[1:]
    elif re.fullmatch(r"7\d{10}", digits):
        digits = "+" + digits
    if not PHONE.fullmatch(digits):
        raise Refused("phone", PHONE_FORMAT, code="value_error")
    return digits


def _store():
    return caches[settings.SHARED_CACHE]


def _digest(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _check_lock(phone: str, now: float) -> None:
    until = _store().get(f"otp:lock:{phone}", 0)
    if until > now:
        wait = math.ceil(until - now)
        raise TooManyRequests(
            f"Too many wrong codes. Try again in {wait} seconds.", retry_after=wait, code="otp_locked"
        )


def _count_request(phone: str, now: float) -> None:
    """A sliding minute of requests per phone; the one past the limit is refused with the wait."""
    key = f"otp:requests:{phone}"
    recent = [t for t in _store().get(key, []) if t > now - 60]
    if len(recent) >= settings.OTP_REQUESTS_PER_MINUTE:
        raise TooManyRequests(retry_after=math.ceil(min(recent) + 60 - now))
    _store().set(key, [*recent, now], 60)


@dataclass(frozen=True)
class Sent:
    delivery_method: str
    code: str | None = None  # only with the `debug` delivery


def delivery_method() -> str:
    method = settings.OTP_DELIVERY
    if method not in {"telegram", "debug"}:
        raise Unavailable(f"Unknown OTP delivery {method!r}", setting="OTP_DELIVERY")
    return method


def request_code(raw_phone: str) -> Sent:
    """Make a new code for the phone and deliver it; the previous code stops working."""
    phone = normalise_phone(raw_phone)
    method = delivery_method()
    chat_id = telegram.chat_for(phone) if method == "telegram" else None
    now = time.time()
    _check_lock(phone, now)
    _count_request(phone, now)
    code = f"{secrets.randbelow(10**6):06d}"
    _store().set(
        f"otp:code:{phone}",
        {"digest": _digest(phone, code), "expires": now + settings.OTP_VALID_SECONDS},
        settings.OTP_VALID_SECONDS,
    )
    if method == "debug":
        return Sent("debug", code)
    telegram.send_message(
        chat_id, f"Your sign-in code: {code}\nIt is valid for {settings.OTP_VALID_SECONDS // 60} minutes."
    )
    return Sent("telegram")


def verify_code(raw_phone: str, code: str) -> Shop:
    """The phone's shop (created on first sign-in) if `code` is its current code; else refused."""
    phone = normalise_phone(raw_phone)
    now = time.time()
    _check_lock(phone, now)
    key = f"otp:code:{phone}"
    stored = _store().get(key)
    if not stored or stored["expires"] <= now:
        raise Refused("otp_code", "The code has expired or was never requested; ask for a new one", "value_error")
    if not hmac.compare_digest(stored["digest"], _digest(phone, str(code))):
        if _count_wrong_code(phone) >= settings.OTP_WRONG_CODES_LIMIT:
            _store().delete_many([key, f"otp:wrong:{phone}"])
            _store().set(f"otp:lock:{phone}", now + settings.OTP_LOCK_SECONDS, settings.OTP_LOCK_SECONDS)
        raise Refused("otp_code", "Wrong code", "value_error")
    _store().delete_many([key, f"otp:wrong:{phone}"])
    return shop_for_phone(phone)


def _count_wrong_code(phone: str) -> int:
    """The phone's wrong codes so far, this one counted. Kept per phone, not per code (asking for a new
    code does not start the count again), and added atomically (`incr`, atomic on Redis), so guesses
    sent in parallel are all counted. Wrong codes further apart than OTP_LOCK_SECONDS start afresh."""
    key, store = f"otp:wrong:{phone}", _store()
    store.add(key, 0, settings.OTP_LOCK_SECONDS)
    try:
        wrong = store.incr(key)
    except ValueError:  # the count expired between the two calls
        store.add(key, 1, settings.OTP_LOCK_SECONDS)
        wrong = 1
    store.touch(key, settings.OTP_LOCK_SECONDS)
    return wrong


def shop_for_phone(phone: str) -> Shop:
    """The shop signed in with this phone; the first sign-in creates its owner and the shop."""
    shop = Shop.objects.select_related("owner").filter(phone=phone).first()
    if shop is not None:
        return shop
    try:
        with transaction.atomic():
            owner, _ = User.objects.get_or_create(username=phone, defaults={"phone": phone})
            return Shop.objects.create(owner=owner, phone=phone, name=f"Цветочный магазин {phone[-4:]}")
    except IntegrityError:  # a first sign-in from two devices at once: the other one made it
        return Shop.objects.select_related("owner").get(phone=phone)


def link_telegram_chat(raw_phone: str, chat_id: int) -> TelegramLink:
    phone = normalise_phone(raw_phone)
    link, _ = TelegramLink.objects.update_or_create(phone=phone, defaults={"chat_id": chat_id})
    return link


def receive_telegram_update(update) -> None:
    """A message to the bot: the sender's own shared contact links their phone; anything else asks for it."""
    message = update.get("message") if isinstance(update, dict) else None
    if not isinstance(message, dict):
        return  # edits, callbacks, channel posts: nothing to do
    chat_id = (message.get("chat") or {}).get("id") if isinstance(message.get("chat"), dict) else None
    sender = (message.get("from") or {}).get("id") if isinstance(message.get("from"), dict) else None
    if type(chat_id) is not int:
        return
    contact = message.get("contact")
    if not (isinstance(contact, dict) and type(sender) is int and contact.get("user_id") == sender):
        telegram.ask_for_contact(chat_id)
        return
    try:
        link = link_telegram_chat(contact.get("phone_number"), chat_id)
    except Refused:
        telegram.send_message(chat_id, "Only Kazakhstan numbers (+7XXXXXXXXXX) can sign in to the shop.")
        return
    telegram.send_message(
        chat_id, f"Done: sign-in codes for {link.phone} will come to this chat.", reply_markup={"remove_keyboard": True}
    )
