"""The Celery app: configured from Django settings (CELERY_*), tasks autodiscovered per app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Queues by kind of work; a worker started with `-Q` listing these serves everything (README).
QUEUES = ("default", "crm", "previews", "printers")
