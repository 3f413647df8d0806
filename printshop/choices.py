from django.db import models


class ConnectionType(models.TextChoices):
    """How the platform reaches a printer's MQTT reports (docs/printshop-bambu.md)."""

    BAMBU_LAN = "bambu_lan", "Bambu Lab on the LAN"
    BAMBU_CLOUD = "bambu_cloud", "Bambu Lab cloud"


class PrintStatus(models.TextChoices):
    """A scheduled print's life (spec "Print Scheduling"); `cancelled` is what DELETE leaves."""

    QUEUED = "queued", "Queued"
    SCHEDULED = "scheduled", "Scheduled"
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


# Where each status may go. A failed print may be queued again; finished ones stay finished.
PRINT_MOVES = {
    PrintStatus.QUEUED: {PrintStatus.SCHEDULED, PrintStatus.STARTED, PrintStatus.CANCELLED},
    PrintStatus.SCHEDULED: {PrintStatus.QUEUED, PrintStatus.STARTED, PrintStatus.CANCELLED},
    PrintStatus.STARTED: {PrintStatus.COMPLETED, PrintStatus.FAILED},
    PrintStatus.FAILED: {PrintStatus.QUEUED},
    PrintStatus.COMPLETED: set(),
    PrintStatus.CANCELLED: set(),
}
WAITING = (PrintStatus.QUEUED, PrintStatus.SCHEDULED)
