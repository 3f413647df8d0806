"""Writes every app shares: saving a row that a unique constraint guards."""

from django.db import IntegrityError, transaction

from config.errors import Conflict


def save_unique(instance, taken_message: str, **fields):
    """Set `fields` on `instance` and save it; a unique constraint it breaks, also when another
    request won the race for the value, is a `Conflict(taken_message)`, and nothing is written."""
    for name, value in fields.items():
        setattr(instance, name, value)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise Conflict(taken_message) from None
    return instance
