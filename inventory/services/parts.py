"""Parts: creating, changing and deleting them (finding them is `search`)."""

from django.db import transaction

from config.db import save_unique

from ..models import Part
from .categories import categories_named

NAME_TAKEN = "A part with this name already exists"


def _save(part: Part, category_names, **fields) -> Part:
    with transaction.atomic():
        save_unique(part, NAME_TAKEN, **fields)
        if category_names is not None:
            part.categories.set(categories_named(category_names))
    return part


def create_part(*, category_names=(), **fields) -> Part:
    """A new part; categories named that do not exist yet are created."""
    return _save(Part(), category_names, **fields)


def update_part(part: Part, *, category_names=None, **changes) -> Part:
    """Change a part; `category_names`, when given, replaces its categories."""
    return _save(part, category_names, **changes)


def delete_part(part: Part) -> None:
    part.delete()


def clear_all_parts() -> int:
    with transaction.atomic():
        _, by_model = Part.objects.all().delete()
    return by_model.get(Part._meta.label, 0)
