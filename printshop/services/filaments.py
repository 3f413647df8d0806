"""Filament stock: spools by material and colour, and what is running low."""

from django.db.models import F

from ..models import Filament


def create_filament(owner, **fields) -> Filament:
    return Filament.objects.create(owner=owner, **fields)


def update_filament(filament: Filament, **changes) -> Filament:
    for name, value in changes.items():
        setattr(filament, name, value)
    filament.save()
    return filament


def delete_filament(filament: Filament) -> None:
    filament.delete()


def running_low(queryset):
    return queryset.filter(current_amount__lte=F("low_stock_threshold"))
