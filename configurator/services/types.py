"""Manufacturing types: the products the configurator sells."""

from django.utils import timezone

from config.db import save_unique

from ..models import ManufacturingType


def save_manufacturing_type(manufacturing_type: ManufacturingType, **fields) -> ManufacturingType:
    """Create or change a type; a taken name is a conflict (spec "Create Manufacturing Type")."""
    return save_unique(manufacturing_type, "Manufacturing type with this name already exists", **fields)


def deactivate_manufacturing_type(manufacturing_type: ManufacturingType) -> None:
    """Soft delete: the type stays for the configurations and quotes that name it."""
    ManufacturingType.objects.filter(pk=manufacturing_type.pk).update(is_active=False, updated_at=timezone.now())
