"""Printers: adding and removing them, their live status, and the listener's two seams — which
printers to listen to (`listened_printers`) and where their reports go (`DatabaseSink`)."""

from collections.abc import Sequence
from datetime import timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.db import save_changes
from config.errors import Refused

from .. import vault
from ..bambu.client import PrinterEndpoint
from ..bambu.listener import PrinterUpdate
from ..bambu.reports import PrinterSnapshot, read_snapshot
from ..choices import ConnectionType
from ..models import AmsSlot, Printer
from . import notifications, queue

REPORTED_SLOT_FIELDS = [
    "loaded",
    "material_type",
    "color",
    "tray_uuid",
    "remaining_pct",
    "weight_grams",
    "loaded_at",
    "last_synced",
]
# A gap longer than this between two reports is not counted as printing or idle time.
MAX_COUNTED_GAP = timedelta(minutes=5)


def lan_host(api_url: str) -> str:
    """The printer's address from the spec's `api_url` (`http://192.168.1.100`) or a bare host."""
    text = api_url.strip()
    host = urlparse(text if "//" in text else f"//{text}").hostname or ""
    if not host:
        raise Refused("api_url", "Give the printer's LAN address, e.g. http://192.168.1.100.")
    return host


def create_printer(
    owner,
    *,
    name: str,
    connection_type: str,
    access_code: str,
    serial_number: str = "",
    api_url: str = "",
    cloud_user_id: str = "",
    model: str = "",
) -> Printer:
    printer = Printer(
        owner=owner,
        name=name,
        model=model,
        connection_type=connection_type,
        serial_number=serial_number,
        host=lan_host(api_url) if connection_type == ConnectionType.BAMBU_LAN else "",
        cloud_user_id=cloud_user_id,
        access_code_encrypted=vault.encrypt(access_code),
    )
    try:
        with transaction.atomic():
            printer.save()
    except IntegrityError:  # the serial is unique: also when another request added it a moment ago
        raise Refused("serial_number", "A printer with this serial number is already added.") from None
    return printer


def delete_printer(printer: Printer) -> None:
    printer.delete()


def update_slot(slot: AmsSlot, **changes) -> AmsSlot:
    """What the owner knows about a spool that the printer does not report (vendor, cost, weight)."""
    return save_changes(slot, **changes)


def snapshot_of(printer: Printer, now=None) -> PrinterSnapshot | None:
    """What the printer is doing by its last report; offline once it has been silent for
    BAMBU_OFFLINE_AFTER_SECONDS (60 s: the listener's moment too)."""
    if printer.last_report is None or printer.reported_at is None:
        return None
    now = now or timezone.now()
    snapshot = read_snapshot(printer.serial_number, printer.last_report, reported_at=printer.reported_at)
    if now - printer.reported_at >= timedelta(seconds=settings.BAMBU_OFFLINE_AFTER_SECONDS):
        return snapshot.offline()
    return snapshot


# -- the listener's seams (settings BAMBU_PRINTER_SOURCE and BAMBU_REPORT_SINK) ------------------


def listened_printers() -> list[PrinterEndpoint]:
    """Every printer the listener should connect to, with its stored report to compare against."""
    endpoints = []
    for printer in Printer.objects.order_by("id"):
        secret = vault.decrypt(printer.access_code_encrypted)
        if printer.connection_type == ConnectionType.BAMBU_CLOUD:
            endpoint = PrinterEndpoint.cloud(
                printer.serial_number, printer.cloud_user_id, secret, last_report=printer.last_report
            )
        else:
            endpoint = PrinterEndpoint.lan(printer.serial_number, printer.host, secret, last_report=printer.last_report)
        endpoints.append(endpoint)
    return endpoints


class DatabaseSink:
    """Writes each batch of printer updates in one transaction: the merged report on the printer,
    the time printing, the AMS slots as reported (keeping what the owner added to them), the queue
    moved by the printer's events, and the notifications of those events (sent after commit)."""

    def save(self, updates: Sequence[PrinterUpdate]) -> None:
        by_serial = {update.serial: update for update in updates}
        with transaction.atomic():
            printers = list(Printer.objects.select_for_update().filter(serial_number__in=list(by_serial)))
            known = {(slot.printer_id, slot.slot): slot for slot in AmsSlot.objects.filter(printer__in=printers)}
            slots = []
            for printer in printers:
                update = by_serial[printer.serial_number]
                self._save_printer(printer, update)
                slots += self._slots(printer, update.snapshot, known)
            # One upsert for every tray of the batch; what the owner added (vendor, cost) is not touched.
            AmsSlot.objects.bulk_create(
                slots, update_conflicts=True, unique_fields=["printer", "slot"], update_fields=REPORTED_SLOT_FIELDS
            )
            for printer in printers:
                events = by_serial[printer.serial_number].events
                notifications.announce_printer_events(printer, events)
                queue.follow_printer(printer, events)  # after: a spool a finished job runs low is told second

    def _save_printer(self, printer: Printer, update: PrinterUpdate) -> None:
        snapshot = update.snapshot
        if printer.reported_at is not None:
            gap = snapshot.reported_at - printer.reported_at
            if timedelta(0) < gap <= MAX_COUNTED_GAP:
                printer.tracked_seconds += int(gap.total_seconds())
                before = read_snapshot(
                    printer.serial_number, printer.last_report or {}, reported_at=printer.reported_at
                )
                if before.is_printing:
                    printer.printing_seconds += int(gap.total_seconds())
        printer.last_report = update.report
        printer.reported_at = snapshot.reported_at
        printer.save(update_fields=["last_report", "reported_at", "tracked_seconds", "printing_seconds"])

    @staticmethod
    def _slots(printer: Printer, snapshot: PrinterSnapshot, known: dict) -> list[AmsSlot]:
        """The printer's trays as reported, to upsert; a tray keeps its values the report leaves out."""
        rows = []
        for material in snapshot.materials:
            before = known.get((printer.pk, material.slot)) or AmsSlot()
            new_spool = (before.tray_uuid, before.material_type, before.color) != (
                material.tray_uuid,
                material.material_type,
                material.color,
            )
            loaded_at = snapshot.reported_at if material.loaded and (new_spool or not before.loaded_at) else None
            weight = before.weight_grams
            if material.spool_weight_grams and material.remaining_pct is not None:
                weight = round(material.spool_weight_grams * material.remaining_pct / 100)
            rows.append(
                AmsSlot(
                    printer=printer,
                    slot=material.slot,
                    loaded=material.loaded,
                    material_type=material.material_type,
                    color=material.color,
                    tray_uuid=material.tray_uuid,
                    remaining_pct=before.remaining_pct if material.remaining_pct is None else material.remaining_pct,
                    weight_grams=weight,
                    loaded_at=loaded_at or before.loaded_at,
                    last_synced=snapshot.reported_at,
                )
            )
        return rows
