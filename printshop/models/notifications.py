from django.db import models

from .printers import Printer


class NotificationSettings(models.Model):
    """Which of a printer's events should notify its owner, and where (spec "Notifications")."""

    printer = models.OneToOneField(Printer, on_delete=models.CASCADE, related_name="notification_settings")
    notify_print_start = models.BooleanField(default=True)
    notify_print_complete = models.BooleanField(default=True)
    notify_print_failed = models.BooleanField(default=True)
    notify_material_change = models.BooleanField(default=True)
    notify_maintenance = models.BooleanField(default=False)
    email_enabled = models.BooleanField(default=False)
    webhook_url = models.URLField(max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self):
        return f"Notifications of {self.printer}"
