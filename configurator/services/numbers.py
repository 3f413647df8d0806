"""Day-numbered references (`PREFIX-YYYYMMDD-NNN`) for configurations, quotes and orders."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from config.errors import Conflict


def numbered_save(instance, field: str, prefix: str) -> None:
    """Save with the day's first free `PREFIX-YYYYMMDD-NNN`, retrying when another request took it."""
    for _attempt in range(5):
        number = next_number(type(instance), field, prefix)
        setattr(instance, field, number)
        try:
            with transaction.atomic():
                instance.save()
            return
        except IntegrityError:
            instance.pk = None
            if not type(instance).objects.filter(**{field: number}).exists():
                raise
    raise Conflict("Could not allocate a number, please retry")


def next_number(model, field: str, prefix: str) -> str:
    """`PREFIX-YYYYMMDD-NNN`: the first free sequence of the local day; past 999, a timestamp."""
    now = timezone.localtime()
    stem = f"{prefix}-{now:%Y%m%d}-"
    used = set(model.objects.filter(**{f"{field}__startswith": stem}).values_list(field, flat=True))
    for sequence in range(1, 1000):
        if f"{stem}{sequence:03d}" not in used:
            return f"{stem}{sequence:03d}"
    return f"{prefix}-{now:%Y%m%d%H%M%S%f}"
