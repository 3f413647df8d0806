from django.db import models

from ..choices import PrintStatus
from .orders import OrderItem
from .printers import Printer


class ScheduledPrint(models.Model):
    """A job waiting for, running on, or done by one printer; priority 1 prints first."""

    printer = models.ForeignKey(Printer, on_delete=models.CASCADE, related_name="scheduled_prints")
    # The Etsy order line this job prints, when it was scheduled from an order.
    order_item = models.ForeignKey(OrderItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="prints")
    job_name = models.CharField(max_length=200)
    file_name = models.CharField(max_length=255, blank=True)
    material_type = models.CharField(max_length=32, blank=True)
    material_slot = models.PositiveSmallIntegerField(null=True, blank=True)
    estimated_duration_minutes = models.PositiveIntegerField(default=0)
    # What the slicer says the job takes; taken from a matching spool when it completes.
    estimated_filament_grams = models.PositiveIntegerField(null=True, blank=True)
    priority = models.PositiveSmallIntegerField(default=5)
    status = models.CharField(max_length=16, choices=PrintStatus.choices, default=PrintStatus.QUEUED, db_index=True)
    scheduled_start = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["priority", "created_at", "id"]
        indexes = [models.Index(fields=["printer", "status", "priority"])]

    def __str__(self):
        return self.job_name
