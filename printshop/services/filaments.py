"""Filament stock: spools by material and colour, and what is running low."""

from django.db.models import F, Q

from config.db import save_changes

from ..models import Filament


def create_filament(owner, **fields) -> Filament:
    return Filament.objects.create(owner=owner, **fields)


def update_filament(filament: Filament, **changes) -> Filament:
    return save_changes(filament, **changes)


def delete_filament(filament: Filament) -> None:
    filament.delete()


# A stock at or below its own threshold; the list filter and the dashboard count read it alike.
LOW_STOCK = Q(current_amount__lte=F("low_stock_threshold"))


def running_low(queryset):
    return queryset.filter(LOW_STOCK)
