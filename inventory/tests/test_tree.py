"""The location tree service: writes under the advisory lock keep lft/rght right, also concurrently."""

import threading

import pytest
from django.db import connection, connections

from config.errors import Conflict, Refused
from config.testing.services import service_missing

from .. import services
from ..models import Location
from .factories import make_location

pytestmark = pytest.mark.django_db


def assert_tree_valid():
    """Every location's lft/rght interval holds exactly its descendants by parent links."""
    rows = {row[0]: row for row in Location.objects.values_list("pk", "parent_id", "tree_id", "lft", "rght")}
    sizes = dict.fromkeys(rows, 1)
    for pk in rows:
        parent = rows[pk][1]
        while parent is not None:
            sizes[parent] += 1
            parent = rows[parent][1]
    for pk, parent, tree_id, lft, rght in rows.values():
        assert rght - lft + 1 == 2 * sizes[pk], pk
        if parent is not None:
            _, _, parent_tree, parent_lft, parent_rght = rows[parent]
            assert parent_tree == tree_id and parent_lft < lft < rght < parent_rght, pk


def test_moves_and_deletes_keep_the_tree_valid():
    a = make_location("A")
    b = make_location("B", parent=a)
    c = make_location("C", parent=b)
    d = make_location("D")
    services.update_location(b, parent=d)
    services.update_location(a, parent=c)
    services.update_location(d, parent=None, name="D2")
    assert_tree_valid()
    services.delete_location(Location.objects.get(pk=b.pk))
    assert list(Location.objects.values_list("name", flat=True)) == ["D2"]
    assert_tree_valid()


def test_refusals_are_domain_errors():
    a = make_location("A")
    b = make_location("B", parent=a)
    with pytest.raises(Refused):
        services.update_location(a, parent=b)
    make_location("C", parent=a)
    with pytest.raises(Conflict):
        services.update_location(b, name="C")
    make_location("B")  # a root of the same name as the child B: allowed
    with pytest.raises(Conflict):
        services.move_location(b, a, "right")  # B beside A would be a second root named B
    assert_tree_valid()


def test_the_path_is_one_query(django_assert_num_queries):
    a = make_location("A")
    b = make_location("B", parent=a)
    c = make_location("C", parent=b)
    c.refresh_from_db()
    with django_assert_num_queries(1):
        assert [loc.name for loc in services.location_path(c)] == ["C", "B", "A"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_inserts_keep_the_tree_valid():
    """Needs PostgreSQL: SQLite has one writer, so the advisory lock is never contended there."""
    if connection.vendor != "postgresql":
        service_missing("concurrent tree writes need PostgreSQL (set DATABASE_URL)")
    root = make_location("Workshop")
    errors = []

    def insert(index):
        try:
            for round_ in range(5):
                make_location(f"Drawer {index}-{round_}", parent=root)
                make_location(f"Room {index}-{round_}")
        except Exception as exc:  # any failure in a thread is reported by the assert below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=insert, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    root.refresh_from_db()
    assert root.get_descendant_count() == 30
    tree_ids = list(Location.objects.filter(parent=None).values_list("tree_id", flat=True))
    assert len(tree_ids) == len(set(tree_ids)) == 31
    assert_tree_valid()
