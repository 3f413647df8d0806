"""Brother QL labels for parts and storage locations (issue 11, "Labels"): drawn with a QR code of
the row's id, previewed as PNG, converted to a raster job with brother_ql and sent to a network
printer or a file. Framework-free: the printer endpoints and admin actions call these.
"""

from .printing import Backend, PrinterConfig, PrintResult, print_label, raster_job, send_job
from .render import LocationLabel, PartLabel, RenderedLabel, render_location_label, render_part_label
from .sizes import LabelSize, label_size, label_sizes, printer_models

__all__ = [
    "Backend",
    "LabelSize",
    "LocationLabel",
    "PartLabel",
    "PrintResult",
    "PrinterConfig",
    "RenderedLabel",
    "label_size",
    "label_sizes",
    "print_label",
    "printer_models",
    "raster_job",
    "render_location_label",
    "render_part_label",
    "send_job",
]
