"""Filament stock: spools by material and colour, what finished prints took from them, and what is
running low (a spool brought to its threshold notifies its owner)."""

from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from config.db import save_changes

from ..models import AmsSlot, Filament, FilamentUsage, ScheduledPrint
from . import notifications


def create_filament(owner, **fields) -> Filament:
    return Filament.objects.create(owner=owner, **fields)


def update_filament(filament: Filament, **changes) -> Filament:
    """Change a stock; one brought to its threshold (less left, or a higher threshold) notifies."""
    with transaction.atomic():
        was_low = is_low(filament)
        save_changes(filament, **changes)
        if not was_low and is_low(filament):
            notifications.announce_low_stock(filament, key=f"update at {filament.updated_at.isoformat()}")
    return filament


def delete_filament(filament: Filament) -> None:
    filament.delete()


# A stock at or below its own threshold; the list filter and the dashboard count read it alike.
LOW_STOCK = Q(current_amount__lte=F("low_stock_threshold"))


def running_low(queryset):
    return queryset.filter(LOW_STOCK)


def is_low(filament: Filament) -> bool:
    return filament.current_amount <= filament.low_stock_threshold


def spool_for(scheduled: ScheduledPrint) -> Filament | None:
    """The owner's spool a job printed from: of the job's material (else the material of the tray it
    names), that tray's colour first when the printer reported one, then a spool with some left
    before an empty one, then the oldest (first in, first out). None when no spool matches."""
    printer = scheduled.printer
    tray = None
    if scheduled.material_slot is not None:
        tray = AmsSlot.objects.filter(printer=printer, slot=scheduled.material_slot, loaded=True).first()
    material = scheduled.material_type or (tray.material_type if tray else "")
    if not material:
        return None
    colours = {tray.color.lower(), tray.color.lstrip("#").lower()} - {""} if tray else set()
    return (
        Filament.objects.filter(owner_id=printer.owner_id, material__iexact=material)
        .annotate(
            colour_rank=Case(
                *[When(color__iexact=colour, then=Value(0)) for colour in sorted(colours)],
                default=Value(1),
                output_field=IntegerField(),
            ),
            empty_rank=Case(When(current_amount=0, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .order_by("colour_rank", "empty_rank", "created_at", "id")
        .first()
    )


def record_usage(scheduled: ScheduledPrint) -> FilamentUsage | None:
    """Take a completed job's filament from its spool, once per job: the job's estimated grams, the
    spool's amount lowered in one UPDATE and never below 0. A spool this brings to its threshold
    notifies its owner. None when the job has no estimate or no spool matches."""
    grams = scheduled.estimated_filament_grams
    if not grams:
        return None
    spool = spool_for(scheduled)
    if spool is None:
        return None
    with transaction.atomic():
        filament = Filament.objects.select_for_update().get(pk=spool.pk)
        usage, created = FilamentUsage.objects.get_or_create(
            scheduled_print=scheduled,
            defaults={"filament": filament, "grams": grams, "used_at": scheduled.finished_at or timezone.now()},
        )
        if not created:
            return usage
        was_low = is_low(filament)
        Filament.objects.filter(pk=filament.pk).update(
            current_amount=Greatest(F("current_amount") - grams, Value(0)), updated_at=timezone.now()
        )
        filament.refresh_from_db(fields=["current_amount", "updated_at"])
        if not was_low and is_low(filament):
            notifications.announce_low_stock(filament, key=f"print {scheduled.pk}", printer=scheduled.printer)
    return usage
