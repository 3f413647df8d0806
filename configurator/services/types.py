"""Manufacturing types: the products the configurator sells."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from config.errors import Conflict

from ..models import ManufacturingType


def save_manufacturing_type(manufacturing_type: ManufacturingType, **fields) -> ManufacturingType:
    """Create or change a type; a taken name is a conflict (spec "Create Manufacturing Type")."""
    for name, value in fields.items():
        setattr(manufacturing_type, name, value)
    try:
        with transaction.atomic():
            manufacturing_type.save()
    except IntegrityError:
        raise Conflict("Manufacturing type with this name already exists") from None
    return manufacturing_type


def deactivate_manufacturing_type(manufacturing_type: ManufacturingType) -> None:
    """Soft delete: the type stays for the configurations and quotes that name it."""
    ManufacturingType.objects.filter(pk=manufacturing_type.pk).update(is_active=False, updated_at=timezone.now())
