"""Notifying a printer's owner (spec "Notifications", docs/printshop-notifications.md): which events
each printer's settings want, queued in a transactional outbox that `delivery.py` sends.

`announce_printer_events()` (the listener's sink), `announce_next_print()` (the queue putting a job up
on a printer gone idle) and `announce_low_stock()` (a spool's update) write
one `NotificationDelivery` per destination in the caller's transaction, so a notification commits
with what it announces or not at all, and start a drain after commit.
"""

from datetime import UTC
from functools import partial

from django.db import transaction
from django.utils import timezone

from config.db import save_changes

from .. import tasks
from ..bambu.reports import MaterialSlot, PrinterEvent
from ..choices import NOTIFY_FLAG, NotificationChannel, NotificationEvent
from ..models import Filament, NotificationDelivery, NotificationSettings, Printer, ScheduledPrint


def settings_for(printer: Printer) -> NotificationSettings:
    """The printer's settings, the spec's defaults until the owner changes them."""
    settings, _ = NotificationSettings.objects.get_or_create(printer=printer)
    return settings


def update_settings(settings: NotificationSettings, **changes) -> NotificationSettings:
    return save_changes(settings, **changes)


# -- announcing: outbox rows in the caller's transaction ---------------------------------------------


def iso(moment) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def destinations(wanted: NotificationSettings, owner) -> list[tuple[str, str]]:
    """Where one printer's settings send: the owner's email when enabled (and known), the webhook."""
    found = []
    if wanted.email_enabled and owner.email:
        found.append((NotificationChannel.EMAIL, owner.email))
    if wanted.webhook_url:
        found.append((NotificationChannel.WEBHOOK, wanted.webhook_url))
    return found


def _queue(owner, printer, event: str, key: str, payload: dict, sends_to) -> list[NotificationDelivery]:
    """One delivery per destination and key (a destination named twice, or a key seen again, is one row)."""
    queued = []
    with transaction.atomic():
        for channel, destination in dict.fromkeys(sends_to):
            delivery, _ = NotificationDelivery.objects.get_or_create(
                key=key,
                channel=channel,
                destination=destination,
                defaults={"owner": owner, "printer": printer, "event": event, "payload": payload},
            )
            queued.append(delivery)
    if queued:
        transaction.on_commit(partial(tasks.deliver_notifications_task.delay))
    return queued


def _printer_body(printer: Printer) -> dict:
    return {"id": printer.pk, "name": printer.name, "serial_number": printer.serial_number}


def _material_body(material: MaterialSlot | None) -> dict | None:
    if material is None or not material.loaded:
        return None
    return {"material_type": material.material_type, "color": material.color, "brand": material.brand}


def describe(printer: Printer, event: PrinterEvent) -> tuple[str, str, dict]:
    """The title, sentence and data of a printer's event, as every channel says it."""
    job = event.job_name or "a job"
    data = {"job_name": event.job_name, "task_id": event.task_id}
    if event.kind == NotificationEvent.PRINT_START:
        return f"Print started on {printer.name}", f"{printer.name} started printing {job}.", data
    if event.kind == NotificationEvent.PRINT_COMPLETE:
        return f"Print complete on {printer.name}", f"{printer.name} finished printing {job}.", data
    if event.kind == NotificationEvent.PRINT_FAILED:
        return f"Print failed on {printer.name}", f"{printer.name} stopped: {job} failed.", data
    after = _material_body(event.material_after)
    now_holds = f"now holds {after['material_type']} {after['color']}".rstrip() if after else "is now empty"
    data = {"slot": event.slot, "before": _material_body(event.material_before), "after": after}
    return f"Material changed on {printer.name}", f"Slot {event.slot} of {printer.name} {now_holds}.", data


def announce_printer_events(printer: Printer, events) -> list[NotificationDelivery]:
    """Queue a notification of each of the printer's events its settings want (online and offline
    have no switch and notify nobody)."""
    events = [event for event in events if event.kind in NotificationEvent.values]
    if not events:
        return []
    wanted = NotificationSettings.objects.select_related("printer__owner").filter(printer=printer).first()
    sends_to = destinations(wanted, wanted.printer.owner) if wanted else []  # never changed: no channel
    if not sends_to:
        return []
    queued = []
    for event in events:
        if not getattr(wanted, NOTIFY_FLAG[NotificationEvent(event.kind)]):
            continue
        title, message, data = describe(printer, event)
        payload = {
            "event": event.kind,
            "timestamp": iso(event.at),
            "title": title,
            "message": message,
            "printer": _printer_body(printer),
            "data": data,
        }
        key = f"{event.kind}:printer {printer.pk}:{event.at.isoformat()}"
        if event.slot is not None:
            key += f":slot {event.slot}"
        queued += _queue(wanted.printer.owner, printer, event.kind, key, payload, sends_to)
    return queued


def announce_low_stock(filament: Filament, *, key: str, printer: Printer | None = None) -> list[NotificationDelivery]:
    """Queue a low-stock alert of the spool to wherever the owner's printers send material alerts
    (`notify_material_change`), once per destination; `key` names what brought the spool low."""
    flag = NOTIFY_FLAG[NotificationEvent.LOW_STOCK]
    sends_to = []
    for wanted in (
        NotificationSettings.objects.select_related("printer__owner")
        .filter(printer__owner_id=filament.owner_id, **{flag: True})
        .order_by("printer_id")
    ):
        sends_to += destinations(wanted, wanted.printer.owner)
    if not sends_to:
        return []
    name = f"{filament.material} {filament.color}".strip()
    payload = {
        "event": NotificationEvent.LOW_STOCK,
        "timestamp": iso(timezone.now()),
        "title": f"{name} is running low",
        "message": f"{name} has {filament.current_amount} g left (the alert is at {filament.low_stock_threshold} g).",
        "printer": _printer_body(printer) if printer else None,
        "data": {
            "filament": {
                "id": filament.pk,
                "material": filament.material,
                "color": filament.color,
                "current_amount": filament.current_amount,
                "low_stock_threshold": filament.low_stock_threshold,
            }
        },
    }
    event_key = f"{NotificationEvent.LOW_STOCK}:filament {filament.pk}:{key}"
    return _queue(filament.owner, printer, NotificationEvent.LOW_STOCK, event_key, payload, sends_to)


def announce_next_print(scheduled: ScheduledPrint) -> list[NotificationDelivery]:
    """Tell the owner their printer is free and which job is up next, with the material it wants
    (issue 12: "the next queued job ... is put up next and the owner is notified"). A job is put up
    once (a scheduled print never goes back to queued), so the print names the notification."""
    printer = scheduled.printer
    wanted = NotificationSettings.objects.select_related("printer__owner").filter(printer=printer).first()
    if wanted is None or not getattr(wanted, NOTIFY_FLAG[NotificationEvent.NEXT_PRINT]):
        return []
    sends_to = destinations(wanted, wanted.printer.owner)
    if not sends_to:
        return []
    material = f" ({scheduled.material_type})" if scheduled.material_type else ""
    payload = {
        "event": NotificationEvent.NEXT_PRINT,
        "timestamp": iso(timezone.now()),
        "title": f"Next print on {printer.name}",
        "message": f"{printer.name} is free: {scheduled.job_name}{material} is up next.",
        "printer": _printer_body(printer),
        "data": {
            "scheduled_print_id": scheduled.pk,
            "job_name": scheduled.job_name,
            "file_name": scheduled.file_name,
            "material_type": scheduled.material_type,
            "material_slot": scheduled.material_slot,
        },
    }
    key = f"{NotificationEvent.NEXT_PRINT}:print {scheduled.pk}"
    return _queue(wanted.printer.owner, printer, NotificationEvent.NEXT_PRINT, key, payload, sends_to)
