"""Delivering the print shop's notifications (docs/printshop-notifications.md), claimed from the
outbox `notifications.py` writes. A drain claims due deliveries
(`skip_locked`: workers never send one twice at once) and sends each: an email to the owner through
Django's mail backend, or a post to the webhook URL, in Slack's or Discord's shape when the URL is
theirs, else the generic JSON signed `X-Webhook-Signature: sha256=<HMAC-SHA256 of the raw body>`
with PRINTSHOP_WEBHOOK_SECRET. Every try is logged as a `NotificationAttempt`. No answer, a timeout,
408, 425, 429, 5xx or a mail server that cannot be reached are transient: the delivery waits
`RETRY_DELAYS[attempts - 1]` (plus jitter) and the sixth failed try is final; anything else is
permanent. A failed delivery stays, for staff to read and replay in admin.
"""

import json
import logging
import smtplib
import time
from datetime import timedelta
from functools import partial
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import send_mail

from config.outbound import inside_private_network
from config.outbox import Outbox, Outcome, post

from .. import tasks
from ..choices import DeliveryStatus, NotificationChannel
from ..models import NotificationDelivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
RETRY_DELAYS = (60, 300, 900, 3600, 6 * 3600)
# A delivery still `processing` this long after its claim was left by a stopped worker.
PROCESSING_LEASE = timedelta(minutes=10)
OUTBOX = Outbox(NotificationDelivery, PROCESSING_LEASE, MAX_ATTEMPTS, order=("next_attempt_at", "id"))
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


# -- delivering: claimed from the outbox by the Celery task ------------------------------------------


def webhook_format(url: str) -> str:
    """`slack` for Slack's incoming webhooks, `discord` for Discord's, else `json` (ours, signed)."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    if host == "hooks.slack.com":
        return "slack"
    if host in ("discord.com", "discordapp.com") and parsed.path.startswith("/api/webhooks/"):
        return "discord"
    return "json"


def webhook_body(delivery: NotificationDelivery) -> bytes:
    payload = delivery.payload
    kind = webhook_format(delivery.destination)
    if kind == "slack":
        payload = {"text": f"*{payload['title']}*\n{payload['message']}"}
    elif kind == "discord":
        payload = {"content": f"**{payload['title']}**\n{payload['message']}"}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def claim_due(limit: int, now=None) -> list[NotificationDelivery]:
    ids = OUTBOX.claim(limit, now)
    return list(NotificationDelivery.objects.filter(id__in=ids).order_by("id"))


def drain(limit: int = 100, now=None) -> int:
    """Send up to `limit` due deliveries, committing each outcome as it happens; returns how many were tried.

    Call it outside a transaction: a worker stopped half way keeps what it recorded.
    """
    tried = 0
    for delivery in claim_due(limit, now):
        send(delivery)
        tried += 1
    return tried


def send(delivery: NotificationDelivery) -> str:
    started = time.monotonic()
    outcome = _send_email(delivery) if delivery.channel == NotificationChannel.EMAIL else _post_webhook(delivery)
    elapsed = int((time.monotonic() - started) * 1000)
    if OUTBOX.settle(delivery, outcome, elapsed, RETRY_DELAYS, jitter=0.1) == DeliveryStatus.FAILED:
        logger.warning("Notification %s by %s failed: %s", delivery.pk, delivery.channel, delivery.error_message)
    return delivery.status


def _send_email(delivery: NotificationDelivery) -> Outcome:
    if settings.EMAIL_BACKEND == SMTP_BACKEND and not settings.EMAIL_HOST:
        return Outcome(None, "Email is off: set EMAIL_HOST (then replay this delivery).", False)
    payload = delivery.payload
    try:
        send_mail(payload["title"], payload["message"], settings.DEFAULT_FROM_EMAIL, [delivery.destination])
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, ValueError) as refused:
        return Outcome(None, f"The mail server refused it: {type(refused).__name__}", False)
    except (smtplib.SMTPException, OSError) as failed:
        return Outcome(None, f"No mail server answer: {type(failed).__name__}", True)
    return Outcome(None, "", False)


def _post_webhook(delivery: NotificationDelivery) -> Outcome:
    url, secret = delivery.destination, settings.PRINTSHOP_WEBHOOK_SECRET
    if urlparse(url).scheme not in ("http", "https"):
        return Outcome(None, "The webhook URL is not an http(s) address.", False)
    if not secret and webhook_format(url) == "json":
        return Outcome(None, "Webhooks are unsigned: set PRINTSHOP_WEBHOOK_SECRET (then replay this delivery).", False)
    if not settings.PRINTSHOP_WEBHOOK_ALLOW_PRIVATE_HOSTS and inside_private_network(url):
        return Outcome(None, "The webhook URL points into a private network; it is not posted to.", False)
    return post(
        url,
        webhook_body(delivery),
        agent="printshop-notifications/1",
        event=delivery.event,
        delivery_id=delivery.pk,
        timeout=settings.PRINTSHOP_WEBHOOK_TIMEOUT_SECONDS,
        secret=secret,
    )


def replay(deliveries) -> int:
    """Send these deliveries again (staff, from admin), with a fresh set of tries; returns how many."""
    return OUTBOX.replay(deliveries, partial(tasks.deliver_notifications_task.delay))
