"""Claiming work from an outbox table (the Bitrix24 sync queue, the shop's webhook deliveries, the
print shop's notifications): shared by the integration and domain apps that send things out.

Rows carry `status` (pending, processing, then the queue's own final words), `attempts`,
`last_attempt`, `next_attempt_at`, `error_message` and `updated_at`. A claim marks due rows as
processing, each counted as a try, with `skip_locked` so workers never take the same row at once.
A row left processing past the lease by a stopped worker goes back to pending, its interrupted try
counted, so a row that keeps stopping its worker fails once its tries are used up.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

PENDING, PROCESSING, FAILED = "pending", "processing", "failed"
STOPPED = "the worker stopped before recording the outcome"


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
