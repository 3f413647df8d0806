"""Printer events as the listener hands them to its sink, for tests of what the sink does with them."""

from datetime import UTC, datetime

from django.utils import timezone

from ..bambu.listener import PrinterUpdate
from ..bambu.reports import MaterialSlot, PrinterEvent, read_snapshot
from ..services.printers import DatabaseSink

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def event(printer, kind, at=NOW, **fields) -> PrinterEvent:
    """`kind` on the printer at `at`, about the job "Custom Bracket" (a material change: PETG in slot 2)."""
    if kind == "material_change":
        petg = MaterialSlot(slot=2, ams_unit=0, tray=1, loaded=True, material_type="PETG", color="#00AE42")
        fields = {"slot": 2, "material_after": petg, **fields}
    return PrinterEvent(kind, printer.serial_number, at, **{"job_name": "Custom Bracket", "task_id": "77", **fields})


def hear(printer, *events) -> None:
    """What the listener's sink does with a batch: one transaction, notifications sent after it commits."""
    report = {"print": {"gcode_state": "RUNNING", "subtask_name": "Custom Bracket"}}
    snapshot = read_snapshot(printer.serial_number, report, reported_at=timezone.now())
    DatabaseSink().save([PrinterUpdate(printer.serial_number, report, snapshot, tuple(events))])
