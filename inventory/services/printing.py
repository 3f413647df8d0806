"""Label printing for parts and locations on the inventory's one Brother QL printer."""

from django.conf import settings
from django.db import transaction

from config.errors import Unavailable

from .. import labels
from ..models import LabelPrinter, Location, Part
from .locations import location_path

NOT_CONFIGURED = "No label printer is configured yet: POST /printer/config first"


def configure(data: dict) -> labels.PrinterConfig:
    """Check the printer config (every wrong field named at once) and keep it."""
    config = labels.PrinterConfig.from_dict(data)
    with transaction.atomic():
        LabelPrinter.objects.update_or_create(
            pk=1,
            defaults={
                "model": config.model,
                "printer_identifier": config.printer_identifier,
                "label_size": config.label_size,
                "timeout_seconds": config.timeout_seconds,
            },
        )
    return config


def current() -> labels.PrinterConfig:
    row = LabelPrinter.objects.filter(pk=1).first()
    if row is None:
        raise Unavailable(NOT_CONFIGURED, "printer_off")
    return labels.PrinterConfig(row.model, row.printer_identifier, row.label_size, row.timeout_seconds)


def part_label(part: Part, size: str | None = None, *, qr_only: bool = False) -> labels.RenderedLabel:
    size = size or current().label_size
    if qr_only:
        return labels.render_part_label(labels.PartLabel(id=str(part.pk), name=""), size)
    where = " / ".join(row.name for row in reversed(location_path(part.location))) if part.location else ""
    return labels.render_part_label(labels.PartLabel(str(part.pk), part.part_name, part.part_number, where), size)


def location_label(location: Location, size: str | None = None) -> labels.RenderedLabel:
    path = " / ".join(row.name for row in reversed(location_path(location)))
    label = labels.LocationLabel(str(location.pk), location.name, path, location.description)
    return labels.render_location_label(label, size or current().label_size)


def print_rendered(label: labels.RenderedLabel) -> labels.PrintResult:
    return labels.print_label(label, current(), file_root=settings.INVENTORY_LABEL_DIR or None)
