"""Writes every app shares: saving changed fields, and saving a row that a unique constraint guards."""

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


def save_changes(instance, **changes):
    """Set `changes` on `instance` and write only those columns (and its `auto_now` stamps)."""
    for name, value in changes.items():
        setattr(instance, name, value)
    if changes:
        stamps = [field.name for field in instance._meta.concrete_fields if getattr(field, "auto_now", False)]
        instance.save(update_fields=[*changes, *stamps])
    return instance
