"""The shop's Telegram bot (Bot API over HTTPS): links a phone to a chat, and sends sign-in codes there.

Off until TELEGRAM_BOT_TOKEN is set. A user opens the bot, taps "Share my phone number", and the
contact Telegram sends back links that phone to their chat; only their own contact counts
(`contact.user_id` is the sender), so nobody can have someone else's codes sent to them.
"""

import logging

import requests
from django.conf import settings

from config.errors import Rejected, Unavailable

from .models import TelegramLink

logger = logging.getLogger(__name__)

SHARE_PHONE_BUTTON = "Share my phone number"


def _method_url(method: str) -> str:
    if not settings.TELEGRAM_BOT_TOKEN:
        raise Unavailable("Telegram delivery is not configured", setting="TELEGRAM_BOT_TOKEN")
    return f"{settings.TELEGRAM_API_URL.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}"


def call(method: str, payload: dict) -> dict:
    """One Bot API call; Telegram's `{"ok": false}` or no answer is an `Unavailable` (nothing retried:
    a sign-in code is asked for again by its user)."""
    url = _method_url(method)
    try:
        response = requests.post(url, json=payload, timeout=settings.TELEGRAM_TIMEOUT_SECONDS)
        answer = response.json()
    except (requests.RequestException, ValueError):
        logger.warning("Telegram %s failed: no answer", method)  # the URL holds the token: never logged
        raise Unavailable("Telegram is not answering; try again in a minute") from None
    if not answer.get("ok"):
        logger.warning("Telegram %s refused: %s", method, answer.get("description"))
        raise Unavailable("Telegram refused to deliver the message; try again in a minute")
    return answer.get("result") or {}


def bot_link() -> str:
    return f"https://t.me/{settings.TELEGRAM_BOT_USERNAME}" if settings.TELEGRAM_BOT_USERNAME else "our Telegram bot"


def chat_for(phone: str) -> int:
    """The chat linked to the phone, or a refusal that tells its owner to open the bot first."""
    _method_url("sendMessage")  # off until configured: 503 naming the setting, before anything else
    link = TelegramLink.objects.filter(phone=phone).first()
    if link is None:
        raise Rejected(
            f"This phone is not linked to Telegram yet: open {bot_link()}, press Start and share your phone "
            "number, then ask for the code again.",
            code="telegram_not_linked",
        )
    return link.chat_id


def send_message(chat_id: int, text: str, **extra) -> dict:
    return call("sendMessage", {"chat_id": chat_id, "text": text, **extra})


def ask_for_contact(chat_id: int) -> None:
    keyboard = {"keyboard": [[{"text": SHARE_PHONE_BUTTON, "request_contact": True}]], "one_time_keyboard": True}
    send_message(chat_id, "To receive sign-in codes here, share your phone number.", reply_markup=keyboard)
