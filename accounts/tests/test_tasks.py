from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts import tasks
from accounts.services import issue_access_token


def make_tokens(user):
    live = issue_access_token(user)
    expired = issue_access_token(user)
    OutstandingToken.objects.filter(jti=expired["jti"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    return live, expired


@pytest.mark.django_db
def test_flush_removes_only_expired_tokens(user):
    live, expired = make_tokens(user)
    assert tasks.flush_expired_tokens_task.delay().get() == 1
    assert list(OutstandingToken.objects.values_list("jti", flat=True)) == [live["jti"]]
    assert tasks.flush_expired_tokens_task.delay().get() == 0


@pytest.mark.services
def test_flush_runs_through_a_real_worker_on_the_broker(real_celery_worker, user):
    live, _ = make_tokens(user)
    result = tasks.flush_expired_tokens_task.delay()
    assert result.get(timeout=30) == 1
    assert list(OutstandingToken.objects.values_list("jti", flat=True)) == [live["jti"]]
