"""The print queue: jobs per printer in priority order, moved by people (the API) and by the printer
itself (its reports start and finish them), through one table of allowed moves."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from config.errors import Conflict

from ..bambu.reports import PrinterEvent
from ..choices import ACTIVE, PRINT_MOVES, WAITING, PrintStatus
from ..models import Printer, ScheduledPrint


def queue_end(printer: Printer):
    """When the printer would be free: now plus what is running and waiting."""
    minutes = printer.scheduled_prints.filter(status__in=ACTIVE).aggregate(total=Sum("estimated_duration_minutes"))
    return timezone.now() + timedelta(minutes=minutes["total"] or 0)


def schedule_print(printer: Printer, **fields) -> ScheduledPrint:
    with transaction.atomic():
        Printer.objects.select_for_update().filter(pk=printer.pk).first()  # one queue write at a time per printer
        return ScheduledPrint.objects.create(printer=printer, scheduled_start=queue_end(printer), **fields)


def printer_queue(printer: Printer):
    """What the printer has to do, the running job first, then by priority."""
    running = printer.scheduled_prints.filter(status=PrintStatus.STARTED).order_by("started_at", "id")
    waiting = printer.scheduled_prints.filter(status__in=WAITING).order_by("priority", "created_at", "id")
    return [*running, *waiting]


def move(scheduled: ScheduledPrint, status: str) -> ScheduledPrint:
    """Change a print's status if the table allows it; any other move is refused and changes nothing."""
    with transaction.atomic():
        scheduled = ScheduledPrint.objects.select_for_update().get(pk=scheduled.pk)
        target = PrintStatus(status)
        if target not in PRINT_MOVES[PrintStatus(scheduled.status)]:
            allowed = ", ".join(sorted(PRINT_MOVES[PrintStatus(scheduled.status)])) or "nothing (it is finished)"
            raise Conflict(f"A {scheduled.status} print cannot become {target}; it can become: {allowed}.")
        now = timezone.now()
        scheduled.status = target
        if target == PrintStatus.STARTED:
            scheduled.started_at = now
        if target in (PrintStatus.COMPLETED, PrintStatus.FAILED, PrintStatus.CANCELLED):
            scheduled.finished_at = now
        if target == PrintStatus.QUEUED:
            scheduled.started_at = scheduled.finished_at = None
        scheduled.save(update_fields=["status", "started_at", "finished_at", "updated_at"])
    return scheduled


def cancel(scheduled: ScheduledPrint) -> ScheduledPrint:
    return move(scheduled, PrintStatus.CANCELLED)


def follow_printer(printer: Printer, events: tuple[PrinterEvent, ...]) -> None:
    """The printer's own events drive its queue: a start takes the waiting job it names (else the
    first waiting one), a finish or failure closes the running job."""
    for event in events:
        if event.kind == "print_start":
            waiting = printer.scheduled_prints.filter(status__in=WAITING).order_by("priority", "created_at", "id")
            started = waiting.filter(job_name=event.job_name).first() or waiting.first()
            if started:
                move(started, PrintStatus.STARTED)
        elif event.kind in ("print_complete", "print_failed"):
            running = printer.scheduled_prints.filter(status=PrintStatus.STARTED).order_by("started_at").first()
            if running:
                move(running, PrintStatus.COMPLETED if event.kind == "print_complete" else PrintStatus.FAILED)
