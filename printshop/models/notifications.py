from django.conf import settings
from django.db import models

from config.outbox import DeliveryAttempt, OutboxDelivery

from ..choices import NotificationChannel, NotificationEvent
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


class NotificationDelivery(OutboxDelivery):
    """One notification for one destination (the outbox): written in the transaction that saw the
    event, sent after commit by Celery, retried with back-off, replayable by staff."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    printer = models.ForeignKey(Printer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    event = models.CharField(max_length=32, choices=NotificationEvent.choices)
    channel = models.CharField(max_length=16, choices=NotificationChannel.choices)
    destination = models.CharField(max_length=500, help_text="The owner's email address, or the webhook URL")
    key = models.CharField(max_length=200, help_text="What the event is about; one delivery per destination and key")
    payload = models.JSONField()

    class Meta(OutboxDelivery.Meta):
        verbose_name_plural = "notification deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["key", "channel", "destination"], name="printshop_notificationdelivery_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="printshop_notification_due")]

    def __str__(self):
        return f"{self.event} by {self.channel} #{self.pk} ({self.status})"


class NotificationAttempt(DeliveryAttempt):
    delivery = models.ForeignKey(NotificationDelivery, on_delete=models.CASCADE, related_name="attempt_log")
