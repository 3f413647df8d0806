"""Outgoing signed webhooks of the retail shop (shop spec "Webhooks"): a transactional outbox.

`emit()` writes one `WebhookDelivery` per interested endpoint of the shop in the caller's transaction
(the order or customer it announces commits with it, or neither does) and starts a drain after
commit. A drain claims due deliveries (`skip_locked`: workers never send the same one twice at once)
and posts each, signed `X-Webhook-Signature: sha256=<HMAC-SHA256 of the body with the endpoint's
secret>`. Every try is logged as a `WebhookAttempt`. A 2xx is delivered; no answer, a timeout, 408,
429 or 5xx is transient and waits `RETRY_DELAYS[attempts - 1]` (the sixth failed try is final); any
other 4xx is permanent. A failed delivery stays until staff replay it, so a receiver down loses nothing.
"""

import json
import logging
import time
from datetime import UTC, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from config.outbox import Outbox, post

from . import tasks
from .choices import WebhookStatus
from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
RETRY_DELAYS = (60, 300, 900, 3600, 6 * 3600)
# A delivery still `processing` this long after its claim was left by a stopped worker.
PROCESSING_LEASE = timedelta(minutes=10)
OUTBOX = Outbox(WebhookDelivery, PROCESSING_LEASE, MAX_ATTEMPTS, order=("next_attempt_at", "id"))


def iso(moment) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def emit(shop_id: int, event: str, key: str, data: dict) -> list[WebhookDelivery]:
    """Queue `event` for every active endpoint of the shop that wants it, once per endpoint and `key`."""
    payload = {"event": event, "timestamp": iso(timezone.now()), "shop_id": shop_id, "data": data}
    queued = []
    with transaction.atomic():
        for endpoint in WebhookEndpoint.objects.filter(shop_id=shop_id, is_active=True).order_by("id"):
            if endpoint.wants(event):
                delivery, _ = WebhookDelivery.objects.get_or_create(
                    endpoint=endpoint, key=f"{event}:{key}", defaults={"event": event, "payload": payload}
                )
                queued.append(delivery)
    if queued:
        transaction.on_commit(partial(tasks.deliver_webhooks_task.delay))
    return queued


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def claim_due(limit: int, now=None) -> list[WebhookDelivery]:
    ids = OUTBOX.claim(limit, now)
    return list(WebhookDelivery.objects.select_related("endpoint").filter(id__in=ids).order_by("id"))


def drain(limit: int = 100) -> int:
    """Send up to `limit` due deliveries, committing each outcome as it happens; returns how many were tried.

    Call it outside a transaction: a worker stopped half way keeps what it recorded.
    """
    tried = 0
    for delivery in claim_due(limit):
        send(delivery)
        tried += 1
    return tried


def send(delivery: WebhookDelivery) -> str:
    started = time.monotonic()
    outcome = post(
        delivery.endpoint.url,
        body_of(delivery),
        agent="shop-webhooks/1",
        event=delivery.event,
        delivery_id=delivery.pk,
        timeout=settings.SHOP_WEBHOOK_TIMEOUT_SECONDS,
        secret=delivery.endpoint.secret,
    )
    elapsed = int((time.monotonic() - started) * 1000)
    if OUTBOX.settle(delivery, outcome, elapsed, RETRY_DELAYS) == WebhookStatus.FAILED:
        logger.warning(
            "Webhook delivery %s to endpoint %s failed: %s", delivery.pk, delivery.endpoint_id, delivery.error_message
        )
    return delivery.status


def replay(deliveries) -> int:
    """Send these deliveries again (staff, from admin), with a fresh set of tries; returns how many."""
    return OUTBOX.replay(deliveries, partial(tasks.deliver_webhooks_task.delay))
