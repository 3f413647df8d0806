"""Categories: created by name, also on first use by a part (issue 11)."""

from django.db import transaction

from config.db import save_unique

from ..models import Category

NAME_TAKEN = "A category with this name already exists"


def categories_named(names) -> list[Category]:
    """The categories with these names, creating the missing ones (a part's `category_names`)."""
    wanted = list(dict.fromkeys(name.strip() for name in names if name and name.strip()))
    if not wanted:
        return []
    existing = {category.name: category for category in Category.objects.filter(name__in=wanted)}
    missing = [Category(name=name) for name in wanted if name not in existing]
    if missing:
        # Another request may create the same name meanwhile: keep its row rather than failing.
        Category.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {category.name: category for category in Category.objects.filter(name__in=wanted)}
    return [existing[name] for name in wanted]


def create_category(*, name: str, description: str = "") -> Category:
    return save_unique(Category(), NAME_TAKEN, name=name.strip(), description=description)


def update_category(category: Category, **changes) -> Category:
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    return save_unique(category, NAME_TAKEN, **changes)


def delete_category(category: Category) -> None:
    """The category goes; its parts stay, without it."""
    category.delete()


def delete_all_categories() -> int:
    with transaction.atomic():
        deleted, by_model = Category.objects.all().delete()
    return by_model.get(Category._meta.label, 0)
