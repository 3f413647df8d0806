from django.conf import settings
from django.db import models

from ..choices import ConnectionType


class Printer(models.Model):
    """A Bambu Lab printer of a user's farm, with the last report its MQTT stream gave.

    The access code (LAN) or cloud token is a secret: only its ciphertext is stored
    (`printshop/vault.py`), and no answer, log or admin page shows it.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="printers")
    name = models.CharField(max_length=100)
    printer_type = models.CharField(max_length=32, default="bambu")
    model = models.CharField(max_length=32, blank=True, help_text="X1C, P1S, A1 ... (as the owner names it)")
    connection_type = models.CharField(max_length=16, choices=ConnectionType.choices)
    serial_number = models.CharField(max_length=32, unique=True)
    host = models.CharField(max_length=255, blank=True, help_text="LAN address (from the spec's api_url)")
    cloud_user_id = models.CharField(max_length=64, blank=True, help_text="Bambu account id (cloud connection)")
    access_code_encrypted = models.TextField(editable=False)
    last_report = models.JSONField(null=True, blank=True, editable=False)
    reported_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Time heard from and, of it, time spent printing: the utilization the dashboard shows.
    tracked_seconds = models.PositiveBigIntegerField(default=0, editable=False)
    printing_seconds = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def utilization_pct(self) -> int:
        return round(100 * self.printing_seconds / self.tracked_seconds) if self.tracked_seconds else 0


class AmsSlot(models.Model):
    """A spool position of a printer (AMS trays from 1, the external holder 0), as last reported,
    with what the owner adds that the printer cannot know (vendor, cost)."""

    printer = models.ForeignKey(Printer, on_delete=models.CASCADE, related_name="slots")
    slot = models.PositiveSmallIntegerField()
    loaded = models.BooleanField(default=False)
    material_type = models.CharField(max_length=32, blank=True)
    color = models.CharField(max_length=9, blank=True)
    remaining_pct = models.PositiveSmallIntegerField(null=True, blank=True)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    vendor = models.CharField(max_length=100, blank=True)
    cost_per_kg = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    tray_uuid = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(null=True, blank=True)
    last_synced = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["printer_id", "slot"]
        constraints = [models.UniqueConstraint(fields=["printer", "slot"], name="printshop_amsslot_printer_slot")]

    def __str__(self):
        return f"{self.printer} slot {self.slot}"
