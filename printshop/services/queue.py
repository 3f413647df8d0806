"""The print queue: jobs per printer in priority order, moved by people (the API) and by the printer
itself (its reports start and finish them), through one table of allowed moves."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from config.errors import Conflict

from ..bambu.reports import PrinterEvent
from ..choices import PRINT_MOVES, WAITING, PrintStatus, ProductionStatus
from ..models import Order, Printer, ScheduledPrint
from . import filaments, notifications

# Time between two jobs on one printer: taking the plate off, cleaning it, loading the next file.
CHANGEOVER = timedelta(minutes=15)


def waiting_in_order(printer: Printer, jobs=None):
    """The jobs waiting for the printer in the order they will print: priority, then oldest (read
    from `jobs`, e.g. a serializer's query plan, when given)."""
    jobs = printer.scheduled_prints.all() if jobs is None else jobs.filter(printer=printer)
    return jobs.filter(status__in=WAITING).order_by("priority", "created_at", "id")


def replan(printer: Printer) -> None:
    """Every waiting job's `scheduled_start`: now on an idle printer with nothing ahead; otherwise when
    the jobs ahead of it (the running one, then those before it in the queue) end, each taking its
    estimated duration plus a changeover. A running job past its estimate is taken to end now."""
    now = timezone.now()
    running = printer.scheduled_prints.filter(status=PrintStatus.STARTED)
    ends = [max(now, (job.started_at or now) + timedelta(minutes=job.estimated_duration_minutes)) for job in running]
    start = max(ends) + CHANGEOVER if ends else now
    planned = []
    for job in waiting_in_order(printer):
        job.scheduled_start = start
        planned.append(job)
        start += timedelta(minutes=job.estimated_duration_minutes) + CHANGEOVER
    ScheduledPrint.objects.bulk_update(planned, ["scheduled_start"])


def schedule_print(printer: Printer, **fields) -> ScheduledPrint:
    """Queue a job and re-plan the printer's queue around it (a more urgent job moves others back)."""
    with transaction.atomic():
        Printer.objects.select_for_update().filter(pk=printer.pk).first()  # one queue write at a time per printer
        scheduled = ScheduledPrint.objects.create(printer=printer, **fields)
        replan(printer)
    scheduled.refresh_from_db(fields=["scheduled_start"])
    return scheduled


def schedule_order(order: Order, printer: Printer, **fields) -> list[ScheduledPrint]:
    """One job per line of the order not yet printed or waiting (a cancelled or failed one can be
    scheduled again), queued on `printer` with the same options; the order goes into production.
    Conflict when every line already has its job."""
    with transaction.atomic():
        Printer.objects.select_for_update().filter(pk=printer.pk).first()
        order = Order.objects.select_for_update().get(pk=order.pk)
        covered = ScheduledPrint.objects.filter(order_item__order=order).exclude(
            status__in=(PrintStatus.CANCELLED, PrintStatus.FAILED)
        )
        items = order.items.exclude(pk__in=covered.values("order_item_id"))
        jobs = [
            ScheduledPrint(printer=printer, order_item=item, job_name=_job_name(order, item), **fields)
            for item in items
        ]
        if not jobs:
            raise Conflict("Every item of this order already has a print; cancel one to schedule it again.")
        ScheduledPrint.objects.bulk_create(jobs)
        if order.production_status == ProductionStatus.PENDING:
            order.production_status = ProductionStatus.IN_PROGRESS
            order.save(update_fields=["production_status", "updated_at"])
        replan(printer)
    created = ScheduledPrint.objects.filter(pk__in=[job.pk for job in jobs]).select_related("printer", "order_item")
    return list(created.order_by("scheduled_start", "id"))


def _job_name(order: Order, item) -> str:
    quantity = f" × {item.quantity}" if item.quantity > 1 else ""
    return f"{item.title[:160]}{quantity} (order {order.etsy_receipt_id})"


def _close_order_when_printed(scheduled: ScheduledPrint) -> None:
    """An order whose every line has a completed print is completed in production."""
    order = Order.objects.filter(items__pk=scheduled.order_item_id).first()
    if order is None or order.production_status == ProductionStatus.COMPLETED:
        return
    unprinted = order.items.exclude(prints__status=PrintStatus.COMPLETED)
    if not unprinted.exists():
        order.production_status = ProductionStatus.COMPLETED
        order.save(update_fields=["production_status", "updated_at"])


def printer_queue(printer: Printer, jobs=None):
    """What the printer has to do, the running job first, then by priority (read from `jobs` when given)."""
    mine = printer.scheduled_prints.all() if jobs is None else jobs.filter(printer=printer)
    running = mine.filter(status=PrintStatus.STARTED).order_by("started_at", "id")
    return [*running, *waiting_in_order(printer, jobs)]


def move(scheduled: ScheduledPrint, status: str) -> ScheduledPrint:
    """Change a print's status if the table allows it; any other move is refused and changes nothing.
    A completed print, by the printer's report or by hand, takes its filament from the spool."""
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
        scheduled.save(update_fields=["status", "started_at", "finished_at", "updated_at"])
        if target == PrintStatus.COMPLETED and scheduled.order_item_id:
            _close_order_when_printed(scheduled)
        if target == PrintStatus.COMPLETED:
            filaments.record_usage(scheduled)
        replan(scheduled.printer)
    scheduled.refresh_from_db(fields=["scheduled_start"])
    return scheduled


def cancel(scheduled: ScheduledPrint) -> ScheduledPrint:
    return move(scheduled, PrintStatus.CANCELLED)


def follow_printer(printer: Printer, events: tuple[PrinterEvent, ...]) -> None:
    """The printer's own events drive its queue: a start takes the waiting job it names (else the
    first waiting one), a finish or failure closes the running job and puts up the next one."""
    for event in events:
        if event.kind == "print_start":
            waiting = waiting_in_order(printer)
            started = waiting.filter(job_name=event.job_name).first() or waiting.first()
            if started:
                if started.status == PrintStatus.QUEUED:  # started on the printer before it was put up
                    started = move(started, PrintStatus.SCHEDULED)
                move(started, PrintStatus.STARTED)
        elif event.kind in ("print_complete", "print_failed"):
            running = printer.scheduled_prints.filter(status=PrintStatus.STARTED).order_by("started_at").first()
            if running:
                move(running, PrintStatus.COMPLETED if event.kind == "print_complete" else PrintStatus.FAILED)
            put_up_next(printer)


def put_up_next(printer: Printer) -> ScheduledPrint | None:
    """On a printer gone idle, the first queued job it can print with what its AMS holds (or one
    naming no material) becomes `scheduled`: the one to start next, and its owner is told. None when
    one is up already or nothing waiting can be printed with the loaded spools."""
    if printer.scheduled_prints.filter(status__in=(PrintStatus.STARTED, PrintStatus.SCHEDULED)).exists():
        return None
    loaded = {kind.upper() for kind in printer.slots.filter(loaded=True).values_list("material_type", flat=True)}
    for job in waiting_in_order(printer).filter(status=PrintStatus.QUEUED):
        if not job.material_type or job.material_type.upper() in loaded:
            up_next = move(job, PrintStatus.SCHEDULED)
            notifications.announce_next_print(up_next)
            return up_next
    return None
