"""The attribute node tree: paths and depth follow renames and moves; cycles are refused."""

import threading

import pytest
from django.db import connection, connections

from config.errors import Refused
from config.testing.services import service_missing
from configurator import services
from configurator.models import AttributeNode

from .factories import ConfigurationFactory, ManufacturingTypeFactory, make_node

pytestmark = pytest.mark.django_db


def paths(*nodes):
    return [AttributeNode.objects.get(pk=node.pk).ltree_path for node in nodes]


@pytest.fixture
def tree():
    """frame_options > material_type > (aluminum > anodised, vinyl)"""
    root = make_node("Frame Options")
    material = make_node("Material Type", parent=root)
    aluminum = make_node("Aluminum", parent=material)
    anodised = make_node("Anodised", parent=aluminum)
    vinyl = make_node("Vinyl", parent=material)
    return root, material, aluminum, anodised, vinyl


@pytest.mark.parametrize(
    ("name", "label"),
    [("Frame Options", "frame_options"), ("Double-Pane  Glass", "double_pane__glass"), ("Größe", "gr__e")],
)
def test_label_replaces_each_character_one_for_one(name, label):
    assert services.path_label(name) == label


def test_paths_and_depth_come_from_names_and_parents(tree):
    root, material, aluminum, anodised, vinyl = tree
    assert paths(*tree) == [
        "frame_options",
        "frame_options.material_type",
        "frame_options.material_type.aluminum",
        "frame_options.material_type.aluminum.anodised",
        "frame_options.material_type.vinyl",
    ]
    assert [AttributeNode.objects.get(pk=node.pk).depth for node in tree] == [0, 1, 2, 3, 2]


def test_children_take_their_parents_manufacturing_type(tree):
    root, *rest = tree
    assert {node.manufacturing_type_id for node in AttributeNode.objects.all()} == {root.manufacturing_type_id}


def test_rename_recomputes_every_descendant(tree):
    root, material, aluminum, anodised, vinyl = tree
    services.update_node(material, name="Frame Material")
    assert paths(material, aluminum, anodised, vinyl) == [
        "frame_options.frame_material",
        "frame_options.frame_material.aluminum",
        "frame_options.frame_material.aluminum.anodised",
        "frame_options.frame_material.vinyl",
    ]
    assert paths(root) == ["frame_options"]


def test_move_recomputes_paths_and_depth_of_the_subtree(tree):
    root, material, aluminum, anodised, vinyl = tree
    services.update_node(aluminum, parent=vinyl)
    assert paths(aluminum, anodised) == [
        "frame_options.material_type.vinyl.aluminum",
        "frame_options.material_type.vinyl.aluminum.anodised",
    ]
    assert [AttributeNode.objects.get(pk=n.pk).depth for n in (aluminum, anodised)] == [3, 4]
    services.update_node(aluminum, parent=None)
    assert paths(aluminum, anodised) == ["aluminum", "aluminum.anodised"]
    assert [AttributeNode.objects.get(pk=n.pk).depth for n in (aluminum, anodised)] == [0, 1]
    assert AttributeNode.objects.get(pk=aluminum.pk).manufacturing_type_id == root.manufacturing_type_id


def test_moving_into_another_types_tree_takes_that_type_for_the_subtree(tree):
    root, material, aluminum, anodised, vinyl = tree
    other_root = make_node("Glass Options")
    services.update_node(aluminum, parent=other_root)
    moved = AttributeNode.objects.filter(pk__in=[aluminum.pk, anodised.pk])
    assert {node.manufacturing_type_id for node in moved} == {other_root.manufacturing_type_id}
    assert paths(anodised) == ["glass_options.aluminum.anodised"]


def test_a_child_naming_another_type_than_its_parent_is_refused(tree):
    root = tree[0]
    with pytest.raises(Refused):
        make_node("Stray", parent=root, manufacturing_type=ManufacturingTypeFactory())


@pytest.mark.parametrize("target", [0, 2, 3])
def test_moving_under_itself_or_a_descendant_is_refused_and_changes_nothing(tree, target):
    root, material, aluminum, anodised, vinyl = tree
    candidates = [material, material, aluminum, anodised]
    before = list(AttributeNode.objects.order_by("pk").values_list("pk", "parent_id", "lft", "rght", "ltree_path"))
    with pytest.raises(Refused) as error:
        services.update_node(material, parent=candidates[target] if target else material)
    assert "parent_node_id" in error.value.by_field()
    after = list(AttributeNode.objects.order_by("pk").values_list("pk", "parent_id", "lft", "rght", "ltree_path"))
    assert after == before


def test_moves_keep_the_tree_valid(tree):
    root, material, aluminum, anodised, vinyl = tree
    services.update_node(vinyl, parent=anodised)
    services.update_node(material, parent=None)
    services.update_node(root, parent=vinyl)
    assert_tree_valid()


def test_same_named_siblings_and_equal_paths_in_other_types_are_allowed(tree):
    root, material, *_ = tree
    twin = make_node("Material Type", parent=root)
    elsewhere = make_node("Frame Options")
    assert paths(twin) == paths(material)
    assert paths(elsewhere) == paths(root)
    services.update_node(twin, name="Twin")
    assert paths(material, elsewhere) == ["frame_options.material_type", "frame_options"]


def test_delete_cascades_to_the_subtree_and_reprices_configurations(tree):
    root, material, aluminum, anodised, vinyl = tree
    services.update_node(aluminum, price_impact_value="50.00")
    services.update_node(vinyl, price_impact_value="30.00")
    configuration = ConfigurationFactory(manufacturing_type=root.manufacturing_type)
    services.replace_selections(configuration, [{"attribute_node_id": aluminum.pk}, {"attribute_node_id": vinyl.pk}])
    configuration.refresh_from_db()
    assert configuration.total_price == 280
    services.delete_node(aluminum)
    assert not AttributeNode.objects.filter(pk__in=[aluminum.pk, anodised.pk]).exists()
    configuration.refresh_from_db()
    assert configuration.total_price == 230
    assert AttributeNode.objects.get(pk=root.pk).get_descendant_count() == 2
    assert_tree_valid()


def test_subtree_is_read_in_one_query_in_tree_order(tree, django_assert_num_queries):
    root, material, aluminum, anodised, vinyl = tree
    material.refresh_from_db()
    with django_assert_num_queries(1):
        rows = list(services.subtree(material).values_list("id", "parent_id", "level"))
    assert rows == [
        (material.pk, root.pk, 1),
        (aluminum.pk, material.pk, 2),
        (anodised.pk, aluminum.pk, 3),
        (vinyl.pk, material.pk, 2),
    ]


def tree_write_ceiling(queries: int) -> int:
    """`queries` on SQLite (its savepoint pair included); PostgreSQL adds the advisory lock."""
    return queries + (connection.vendor == "postgresql")


def test_rename_and_move_read_each_node_once(django_assert_max_num_queries):
    """Issue 8: a rename of a root with a child took 11 queries and a move 14, re-reading the node."""
    root = make_node("Frame Options")
    child = make_node("Material Type", parent=root)
    other = make_node("Glass Options")
    # Read the node with its parent and types, update it, read its subtree, write the new paths.
    with django_assert_max_num_queries(tree_write_ceiling(6)):
        services.update_node(root, name="Frame")
    # MPTT's own refresh and renumbering are 4 of these; the subtree is retyped and re-pathed.
    with django_assert_max_num_queries(tree_write_ceiling(10)):
        services.update_node(child, parent=other)
    assert paths(root, child) == ["frame", "glass_options.material_type"]
    assert AttributeNode.objects.get(pk=child.pk).manufacturing_type_id == other.manufacturing_type_id
    assert_tree_valid()


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_inserts_keep_the_tree_valid():
    """Needs PostgreSQL: SQLite has one writer, so the advisory lock is never contended there."""
    if connection.vendor != "postgresql":
        service_missing("concurrent tree writes need PostgreSQL (set DATABASE_URL)")
    root = make_node("Frame Options")
    errors = []

    def insert(index):
        try:
            for round_ in range(5):
                make_node(f"Option {index}-{round_}", parent=root)
                make_node(f"Root {index}-{round_}", manufacturing_type=root.manufacturing_type)
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
    assert root.rght - root.lft == 61
    tree_ids = list(AttributeNode.objects.filter(parent=None).values_list("tree_id", flat=True))
    assert len(tree_ids) == len(set(tree_ids)) == 31
    assert_tree_valid()


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_moves_and_renames_keep_the_tree_and_paths_valid():
    """Each write reads its node under the advisory lock, so moves racing each other stay consistent."""
    if connection.vendor != "postgresql":
        service_missing("concurrent tree writes need PostgreSQL (set DATABASE_URL)")
    left, right = make_node("Left"), make_node("Right")
    nodes = [make_node(f"Node {index}", parent=left) for index in range(6)]
    for index in range(3):
        make_node(f"Leaf {index}", parent=nodes[index])
    errors = []

    def shuffle(index):
        try:
            for round_ in range(4):
                services.update_node(nodes[index], parent=right if round_ % 2 == 0 else left)
                services.update_node(nodes[index], name=f"Node {index} r{round_}")
        except Exception as exc:  # any failure in a thread is reported by the assert below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=shuffle, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert_tree_valid()
    for node in AttributeNode.objects.select_related("parent"):
        expected = services.path_label(node.name)
        assert node.ltree_path == (f"{node.parent.ltree_path}.{expected}" if node.parent else expected)


def assert_tree_valid():
    """Every node's lft/rght interval holds exactly its descendants by parent links."""
    rows = {row[0]: row for row in AttributeNode.objects.values_list("pk", "parent_id", "tree_id", "lft", "rght")}
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
