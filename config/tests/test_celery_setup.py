"""The Celery set-up: every beat entry and route names a task that exists."""

import fnmatch

from django.conf import settings

from config.celery import QUEUES
from config.celery import app as celery_app


def registered_tasks() -> set[str]:
    celery_app.loader.import_default_modules()
    return {name for name in celery_app.tasks if not name.startswith("celery.")}


def test_every_beat_entry_names_a_registered_task():
    tasks = registered_tasks()
    missing = {
        name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if entry["task"] not in tasks
    }
    assert not missing


def test_every_route_matches_a_task_and_a_served_queue():
    tasks = registered_tasks()
    for pattern, route in settings.CELERY_TASK_ROUTES.items():
        assert fnmatch.filter(tasks, pattern), pattern
        assert route["queue"] in QUEUES


def test_workers_acknowledge_late_and_have_time_limits():
    assert celery_app.conf.task_acks_late and celery_app.conf.task_reject_on_worker_lost
    assert 0 < celery_app.conf.task_soft_time_limit < celery_app.conf.task_time_limit
