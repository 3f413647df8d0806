"""The inventory's import settings: one row, created with its defaults when first read."""

from django.db import transaction
from django.forms.models import model_to_dict

from ..models import ImportSettings

FIELDS = [
    "download_datasheets",
    "download_images",
    "overwrite_existing_files",
    "download_timeout_seconds",
    "show_progress",
]


def _settings() -> ImportSettings:
    row, _ = ImportSettings.objects.get_or_create(pk=1)
    return row


def current() -> dict:
    return model_to_dict(_settings(), fields=FIELDS)


def update(**changes) -> dict:
    with transaction.atomic():
        row = ImportSettings.objects.select_for_update().get(pk=_settings().pk)
        for name, value in changes.items():
            setattr(row, name, value)
        row.save()
    return model_to_dict(row, fields=FIELDS)
