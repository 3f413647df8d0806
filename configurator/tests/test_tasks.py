from datetime import timedelta

import pytest
from django.utils import timezone

from configurator import tasks
from configurator.models import Quote

from .factories import QuoteFactory

pytestmark = pytest.mark.django_db


def test_expiry_marks_only_overdue_draft_and_sent_quotes_and_is_idempotent():
    yesterday, today = timezone.localdate() - timedelta(days=1), timezone.localdate()
    overdue_draft = QuoteFactory(valid_until=yesterday)
    overdue_sent = QuoteFactory(valid_until=yesterday, status="sent")
    accepted = QuoteFactory(valid_until=yesterday, status="accepted")
    valid_today = QuoteFactory(valid_until=today, status="sent")
    assert tasks.expire_overdue_quotes_task.delay().get() == 2
    assert tasks.expire_overdue_quotes_task.delay().get() == 0
    statuses = dict(Quote.objects.values_list("pk", "status"))
    assert statuses == {
        overdue_draft.pk: "expired",
        overdue_sent.pk: "expired",
        accepted.pk: "accepted",
        valid_today.pk: "sent",
    }


def test_the_task_is_scheduled_by_beat(settings):
    entries = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "configurator.tasks.expire_overdue_quotes_task" in entries
