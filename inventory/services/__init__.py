"""Inventory operations: parts, categories and the location tree, one module each.

Views, admin and (later) imports and tasks call these; every write of more than one row happens
here inside one transaction. Refusals are the domain errors of `config.errors`. Location tree writes
are serialised by a PostgreSQL advisory lock (STYLE.md "Trees").
"""

from .categories import (
    categories_named,
    create_category,
    delete_all_categories,
    delete_category,
    update_category,
)
from .locations import (
    create_location,
    delete_location,
    location_path,
    move_location,
    preview_location_delete,
    rebuild_locations,
    update_location,
)
from .parts import clear_all_parts, create_part, delete_part, update_part
from .search import matching_parts, search_parts, suggest_part_names

__all__ = [
    "categories_named",
    "clear_all_parts",
    "create_category",
    "create_location",
    "create_part",
    "delete_all_categories",
    "delete_category",
    "delete_location",
    "delete_part",
    "location_path",
    "matching_parts",
    "move_location",
    "preview_location_delete",
    "rebuild_locations",
    "search_parts",
    "suggest_part_names",
    "update_category",
    "update_location",
    "update_part",
]
