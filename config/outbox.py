"""Claiming work from an outbox table (the Bitrix24 sync queue, the shop's webhook deliveries, the
print shop's notifications): shared by the integration and domain apps that send things out.

Rows carry `status` (pending, processing, then the queue's own final words), `attempts`,
`last_attempt`, `next_attempt_at`, `error_message` and `updated_at`. A claim marks due rows as
processing, each counted as a try, with `skip_locked` so workers never take the same row at once.
A row left processing past the lease by a stopped worker goes back to pending, its interrupted try
counted, so a row that keeps stopping its worker fails once its tries are used up.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from config.http import signature

PENDING, PROCESSING, DELIVERED, FAILED = "pending", "processing", "delivered", "failed"
TRANSIENT_STATUSES = frozenset({408, 425, 429})  # besides 5xx: answers that may change on a later try
STOPPED = "the worker stopped before recording the outcome"


@dataclass(frozen=True)
class Outcome:
    """One try at sending: the receiver's status code (None without one), the error ("" when it
    was delivered), and whether trying again may help."""

    status_code: int | None
    error: str
    transient: bool


def post(url: str, body: bytes, *, agent: str, event: str, delivery_id, timeout: float, secret: str = "") -> Outcome:
    """POST one delivery's JSON `body` to a receiver, named by `X-Webhook-Event` and
    `X-Webhook-Delivery` and, given a secret, signed `X-Webhook-Signature: sha256=<hex>`.

    Redirects are not followed: a 2xx delivers; no answer, 5xx, 408, 425 and 429 may pass on a
    later try; any other answer will not."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": agent,
        "X-Webhook-Event": event,
        "X-Webhook-Delivery": str(delivery_id),
    }
    if secret:
        headers["X-Webhook-Signature"] = signature(secret, body)
    try:
        response = requests.post(url, data=body, headers=headers, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        return Outcome(None, f"No answer: {type(exc).__name__}", True)
    code = response.status_code
    if 200 <= code < 300:
        return Outcome(code, "", False)
    return Outcome(code, f"The receiver answered {code}", code >= 500 or code in TRANSIENT_STATUSES)


@dataclass(frozen=True)
class Outbox:
    model: type
    lease: timedelta
    max_attempts: int
    order: tuple[str, ...] = ("id",)

    def release_abandoned(self, now) -> None:
        abandoned = self.model.objects.filter(status=PROCESSING, last_attempt__lt=now - self.lease)
        abandoned.filter(attempts__gte=self.max_attempts).update(
            status=FAILED,
            error_message=f"Gave up after {self.max_attempts} tries: {STOPPED[0].lower()}{STOPPED[1:]}",
            updated_at=now,
        )
        abandoned.update(status=PENDING, error_message=STOPPED.capitalize(), next_attempt_at=now, updated_at=now)

    def claim(self, limit: int, now=None) -> list[int]:
        """The ids of up to `limit` due rows, now processing; in its own transaction."""
        now = now or timezone.now()
        with transaction.atomic():
            self.release_abandoned(now)
            due = list(
                self.model.objects.select_for_update(skip_locked=True)
                .filter(status=PENDING, next_attempt_at__lte=now)
                .order_by(*self.order)
                .values_list("id", flat=True)[:limit]
            )
            self.model.objects.filter(id__in=due).update(
                status=PROCESSING, attempts=F("attempts") + 1, last_attempt=now
            )
        return due

    def settle(self, row, outcome: Outcome, elapsed_ms: int, retry_delays, jitter: float = 0.0) -> str:
        """Log a try on a delivery row (its `attempt_log`) and record where the row stands: delivered,
        failed for good (refused, or out of tries), or pending until the next of `retry_delays`
        (plus up to `jitter` of it, so retries of one outage do not all come back at once)."""
        row.attempt_log.create(status_code=outcome.status_code, error=outcome.error, duration_ms=elapsed_ms)
        if not outcome.error:
            return self.finish(row, DELIVERED, "")
        if not outcome.transient:
            return self.finish(row, FAILED, outcome.error)
        if row.attempts >= self.max_attempts:
            return self.finish(row, FAILED, f"Gave up after {row.attempts} tries: {outcome.error}")
        delay = retry_delays[min(row.attempts, len(retry_delays)) - 1]
        delay += random.uniform(0, delay * jitter)
        return self.finish(row, PENDING, outcome.error, timezone.now() + timedelta(seconds=delay))

    def finish(self, row, status: str, error: str, next_attempt_at=None) -> str:
        """Record a try's outcome on a delivery row (one with `delivered_at`); returns `status`."""
        row.status = status
        row.error_message = error
        if next_attempt_at:
            row.next_attempt_at = next_attempt_at
        if status == DELIVERED:
            row.delivered_at = timezone.now()
        row.save(update_fields=["status", "error_message", "next_attempt_at", "delivered_at", "updated_at"])
        return status

    def replay(self, rows, drain) -> int:
        """Staff send these rows again with a fresh set of tries (a row being sent is left alone);
        `drain` starts the sending after commit. Returns how many."""
        with transaction.atomic():
            count = (
                self.model.objects.filter(pk__in=[row.pk for row in rows])
                .exclude(status=PROCESSING)
                .update(status=PENDING, attempts=0, next_attempt_at=timezone.now(), error_message="")
            )
            if count:
                transaction.on_commit(drain)
        return count


class OutboxDelivery(models.Model):
    """A delivery row of an outbox (one message for one receiver): where it stands and its tries.
    A concrete outbox adds what it sends (`key`, `payload`, the receiver) and its unique key."""

    status = models.CharField(
        max_length=16,
        choices=[(PENDING, "Pending"), (PROCESSING, "Processing"), (DELIVERED, "Delivered"), (FAILED, "Failed")],
        default=PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    error_message = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-id"]


class DeliveryAttempt(models.Model):
    """One try at sending an outbox row: what the receiver answered, or why it could not be reached.
    A concrete attempt log adds its `delivery` foreign key (related_name `attempt_log`)."""

    attempted_at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return f"{self.status_code or self.error[:40]} at {self.attempted_at:%Y-%m-%d %H:%M:%S}"
