"""The storage location tree: structural writes under one advisory lock (as configurator/services/tree.py).

MPTT renumbers lft/rght across many rows on every insert, move and delete; two writers at once
would corrupt the numbering, so every structural write first takes a PostgreSQL advisory
transaction lock for this tree. SQLite has one writer anyway.
"""

import zlib

from django.db import IntegrityError, connection, transaction
from mptt.exceptions import InvalidMove

from config.errors import Conflict, Refused

from ..models import Location, Part

TREE_LOCK_KEY = zlib.crc32(b"inventory.Location")
NAME_TAKEN = "A location with this name already exists here"
INVALID_MOVE = "A location cannot be moved under itself or one of its sub-locations"


def lock_tree() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TREE_LOCK_KEY])


def _save(location: Location) -> Location:
    """Save under a savepoint: a sibling with the same name (a unique constraint) is a Conflict."""
    try:
        with transaction.atomic():
            location.save()
    except IntegrityError:
        raise Conflict(NAME_TAKEN) from None
    except InvalidMove:
        raise Refused("parent_id", INVALID_MOVE, "invalid_move") from None
    return location


def create_location(*, parent: Location | None = None, **fields) -> Location:
    with transaction.atomic():
        lock_tree()
        if parent is not None:
            parent = Location.objects.get(pk=parent.pk)  # its tree fields as they are under the lock
        return _save(Location(parent=parent, **fields))


def update_location(location: Location, **changes) -> Location:
    """Change a location; a new `parent` moves it with its whole subtree (None makes it a root)."""
    with transaction.atomic():
        lock_tree()
        location = Location.objects.get(pk=location.pk)
        if "parent" in changes:
            parent = changes.pop("parent")
            if parent is not None:
                parent = Location.objects.get(pk=parent.pk)
                if parent.pk == location.pk or location.is_ancestor_of(parent):
                    raise Refused("parent_id", INVALID_MOVE, "invalid_move")
            location.parent = parent
        for name, value in changes.items():
            setattr(location, name, value)
        return _save(location)


def move_location(location: Location, target: Location, position: str) -> Location:
    """Admin drag and drop: `position` relative to `target` (MPTT's `last-child`, `left`, `right`)."""
    with transaction.atomic():
        lock_tree()
        location = Location.objects.get(pk=location.pk)
        target = Location.objects.get(pk=target.pk)
        try:
            with transaction.atomic():
                location.move_to(target, position)
        except InvalidMove:
            raise Refused("parent_id", INVALID_MOVE, "invalid_move") from None
        except IntegrityError:
            raise Conflict(NAME_TAKEN) from None
        return location


def preview_location_delete(location: Location) -> dict:
    """What deleting `location` would take: its sub-locations, and the parts that would lose their place."""
    subtree = location.get_descendants(include_self=True)
    return {
        "location_id": str(location.pk),
        "location_name": location.name,
        "affected_locations_count": location.get_descendant_count() + 1,
        "child_locations_count": location.get_descendant_count(),
        "affected_parts_count": Part.objects.filter(location__in=subtree.values("pk")).count(),
    }


def delete_location(location: Location) -> dict:
    """Delete the location and its subtree; their parts are kept, with no location."""
    with transaction.atomic():
        lock_tree()
        location = Location.objects.get(pk=location.pk)
        summary = preview_location_delete(location)
        subtree = Location.objects.filter(tree_id=location.tree_id, lft__gte=location.lft, rght__lte=location.rght)
        Part.objects.filter(location__in=subtree.values("pk")).update(location=None)
        location.delete()
    return summary


def location_path(location: Location) -> list[Location]:
    """The location and its ancestors, from the location up to its root, in one query."""
    return list(location.get_ancestors(ascending=True, include_self=True))


def rebuild_locations() -> int:
    """Renumber the tree from its parent links, keeping the present order (`cleanup-locations`).

    Returns how many locations had wrong tree numbers; a sound tree is left untouched (0). Unlike
    MPTT's `rebuild()`, roots and siblings keep their order instead of being shuffled by UUID.
    """
    with transaction.atomic():
        lock_tree()
        rows = list(
            Location.objects.order_by("tree_id", "lft").only("pk", "parent_id", "tree_id", "lft", "rght", "level")
        )
        children: dict = {}
        for row in rows:
            children.setdefault(row.parent_id, []).append(row)
        changed = []

        def number(node, left: int, tree_id: int, level: int) -> int:
            right = left + 1
            for child in children.get(node.pk, ()):
                right = number(child, right, tree_id, level + 1) + 1
            if (node.lft, node.rght, node.tree_id, node.level) != (left, right, tree_id, level):
                node.lft, node.rght, node.tree_id, node.level = left, right, tree_id, level
                changed.append(node)
            return right

        for tree_id, root in enumerate(children.get(None, ()), start=1):
            number(root, 1, tree_id, 0)
        Location.objects.bulk_update(changed, ["lft", "rght", "tree_id", "level"], batch_size=500)
    return len(changed)
