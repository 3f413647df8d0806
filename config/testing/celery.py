"""A real Celery worker on the configured broker (Redis in CI), in a thread of the test process."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import QUEUES
from config.celery import app as celery_app
from config.testing.services import require_url, service_missing


@pytest.fixture
def real_celery_worker(transactional_db, django_db_serialized_rollback):
    """Tasks sent with `.delay()` go through the broker to a worker; results come back on Redis.

    The app keeps the broker and result backend that settings read from the environment
    (CELERY_BROKER_URL, REDIS_URL); only eager execution is switched off for the test.
    """
    require_url("CELERY_BROKER_URL")
    if not celery_app.conf.result_backend:
        service_missing("no Celery result backend (set REDIS_URL or CELERY_RESULT_BACKEND)")
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", queues=list(QUEUES), perform_ping_check=False, shutdown_timeout=10):
            yield celery_app
    finally:
        celery_app.conf.task_always_eager = True
