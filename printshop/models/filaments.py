from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models


class Filament(models.Model):
    """A spool stock of one material and colour (spec "Filament Inventory"), in grams."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="filaments")
    material = models.CharField(max_length=32)
    color = models.CharField(max_length=50)
    initial_amount = models.PositiveIntegerField(help_text="grams")
    current_amount = models.PositiveIntegerField(help_text="grams")
    cost_per_gram = models.DecimalField(max_digits=10, decimal_places=4, validators=[MinValueValidator(Decimal(0))])
    low_stock_threshold = models.PositiveIntegerField(default=100, help_text="grams")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["material", "color", "id"]

    def __str__(self):
        return f"{self.material} {self.color}"


class FilamentUsage(models.Model):
    """Grams a finished print took from a spool (one row per print): the spool's history."""

    filament = models.ForeignKey(Filament, on_delete=models.CASCADE, related_name="usages")
    scheduled_print = models.OneToOneField(
        "printshop.ScheduledPrint", on_delete=models.CASCADE, related_name="filament_usage"
    )
    grams = models.PositiveIntegerField()
    used_at = models.DateTimeField()

    class Meta:
        ordering = ["-used_at", "-id"]
        verbose_name_plural = "filament usage"

    def __str__(self):
        return f"{self.grams} g of {self.filament} for {self.scheduled_print}"
