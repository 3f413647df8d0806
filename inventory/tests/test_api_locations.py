"""Locations routes of the inventory API: the tree, its paths, and deleting a subtree."""

import json
import uuid

import pytest

from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import INVENTORY
from config.testing.endpoints import BadPayloadCase, CreateCase, DeleteCase, DetailCase, ListCase, UpdateCase

from ..api import views
from ..api.serializers import InventoryLocationSerializer
from ..models import Location, Part
from .factories import PartFactory, make_location, manager, reader
from .test_tree import assert_tree_valid

pytestmark = pytest.mark.django_db

LOCATIONS = "/api/inventory/locations"


class TestLocationEndpoints(ListCase, DetailCase, CreateCase, UpdateCase, DeleteCase, BadPayloadCase):
    expect = INVENTORY
    views = (
        views.AllLocationsView,
        views.LocationDetailsView,
        views.AddLocationView,
        views.UpdateLocationView,
        views.DeleteLocationView,
    )
    list_url = f"{LOCATIONS}/get_all_locations"
    detail_url = f"{LOCATIONS}/get_location_details/{{pk}}"
    update_url = f"{LOCATIONS}/update_location/{{pk}}"
    delete_url = f"{LOCATIONS}/delete_location/{{pk}}"
    create_url = f"{LOCATIONS}/add_location"
    update_method = "put"
    update_payload = {"name": "Drawer 7", "location_type": "drawer", "description": "Left"}
    bad_fields = ("name", "parent_id")
    max_list_queries = 3  # identity, permissions, the tree in (tree_id, lft) order

    def caller(self):
        return manager()

    def make(self, owner):
        return make_location(f"Room {uuid.uuid4().hex[:8]}")

    def create_payload(self, caller):
        return {"name": "Drawer 1", "parent_id": str(make_location("Cabinet").pk), "location_type": "drawer"}

    def created_id(self, body):
        return body["id"]

    def bad_payload(self, caller):
        return {"name": "", "parent_id": "nope"}


class TestGetLocation(DetailCase):
    expect = INVENTORY
    views = (views.GetLocationView,)
    detail_url = f"{LOCATIONS}/get_location?location_id={{pk}}"

    def caller(self):
        return reader()

    def make(self, owner):
        return make_location("Shelf")

    def test_by_name_and_ambiguous_names(self):
        a, b = make_location("A"), make_location("B")
        make_location("Bin", parent=a)
        client = client_for(reader())
        assert INVENTORY.record(client.get(f"{LOCATIONS}/get_location?name=A"))["id"] == str(a.pk)
        make_location("Bin", parent=b)
        INVENTORY.assert_error(client.get(f"{LOCATIONS}/get_location?name=Bin"), 409)


@pytest.fixture
def tree():
    """Workshop > Cabinet > (Drawer 1 > Box, Drawer 2)"""
    workshop = make_location("Workshop", location_type="room")
    cabinet = make_location("Cabinet", parent=workshop)
    drawer1 = make_location("Drawer 1", parent=cabinet)
    box = make_location("Box", parent=drawer1)
    drawer2 = make_location("Drawer 2", parent=cabinet)
    return workshop, cabinet, drawer1, box, drawer2


def test_details_show_children_and_own_parts(tree):
    workshop, cabinet, drawer1, box, drawer2 = tree
    PartFactory(location=cabinet)
    PartFactory(location=drawer1)
    data = INVENTORY.record(client_for(reader()).get(f"{LOCATIONS}/get_location_details/{cabinet.pk}"))
    assert [child["name"] for child in data["children"]] == ["Drawer 1", "Drawer 2"]
    assert (data["parts_count"], data["parent_id"]) == (1, str(workshop.pk))


def test_path_nests_parents_up_to_the_root(tree):
    box = tree[3]
    data = INVENTORY.record(client_for(reader()).get(f"{LOCATIONS}/get_location_path/{box.pk}"))
    names = []
    while data:
        names.append(data["name"])
        data = data["parent"]
    assert names == ["Box", "Drawer 1", "Cabinet", "Workshop"]


def test_preview_then_delete_a_subtree_keeps_its_parts_without_location(tree):
    workshop, cabinet, drawer1, box, drawer2 = tree
    kept = [PartFactory(location=box), PartFactory(location=drawer1), PartFactory(location=cabinet)]
    untouched = PartFactory(location=workshop)
    client = client_for(manager())
    preview = INVENTORY.record(client.get(f"{LOCATIONS}/preview-location-delete/{cabinet.pk}"))
    assert (preview["affected_locations_count"], preview["child_locations_count"]) == (4, 3)
    assert preview["affected_parts_count"] == 3
    assert Location.objects.count() == 5  # a preview changes nothing
    deleted = INVENTORY.record(client.delete(f"{LOCATIONS}/delete_location/{cabinet.pk}"))
    assert deleted["affected_parts_count"] == 3
    assert list(Location.objects.values_list("name", flat=True)) == ["Workshop"]
    assert Part.objects.filter(pk__in=[p.pk for p in kept], location=None).count() == 3
    assert Part.objects.get(pk=untouched.pk).location_id == workshop.pk
    assert_tree_valid()


def test_moving_under_a_descendant_is_422_and_changes_nothing(tree):
    cabinet, box = tree[1], tree[3]
    before = list(Location.objects.order_by("pk").values_list("pk", "parent_id", "lft", "rght", "tree_id"))
    response = client_for(manager()).put(
        f"{LOCATIONS}/update_location/{cabinet.pk}", {"parent_id": str(box.pk)}, format="json"
    )
    INVENTORY.assert_error(response, 422, "parent_id")
    assert list(Location.objects.order_by("pk").values_list("pk", "parent_id", "lft", "rght", "tree_id")) == before


def test_a_move_carries_the_subtree(tree):
    workshop, cabinet, drawer1, box, drawer2 = tree
    client = client_for(manager())
    response = client.put(f"{LOCATIONS}/update_location/{drawer1.pk}", {"parent_id": str(drawer2.pk)}, format="json")
    assert INVENTORY.record(response)["parent_id"] == str(drawer2.pk)
    assert [loc.name for loc in Location.objects.get(pk=box.pk).get_ancestors()] == [
        "Workshop",
        "Cabinet",
        "Drawer 2",
        "Drawer 1",
    ]
    client.put(f"{LOCATIONS}/update_location/{drawer1.pk}", {"parent_id": None}, format="json")
    assert Location.objects.get(pk=drawer1.pk).is_root_node()
    assert_tree_valid()


def test_sibling_names_are_unique_roots_too(tree):
    workshop, cabinet = tree[:2]
    client = client_for(manager())
    add = f"{LOCATIONS}/add_location"
    INVENTORY.assert_error(client.post(add, {"name": "Cabinet", "parent_id": str(workshop.pk)}, format="json"), 409)
    INVENTORY.assert_error(client.post(add, {"name": "Workshop"}, format="json"), 409)
    assert client.post(add, {"name": "Cabinet"}, format="json").status_code == 200  # a root of its own
    assert client.post(add, {"name": "Box", "parent_id": str(cabinet.pk)}, format="json").status_code == 200
    assert_tree_valid()


@pytest.mark.parametrize("route", ["get_location_details", "get_location_path", "preview-location-delete"])
def test_unknown_ids_are_404(route):
    client = client_for(reader())
    INVENTORY.assert_error(client.get(f"{LOCATIONS}/{route}/{uuid.uuid4()}"), 404)
    INVENTORY.assert_error(client.get(f"{LOCATIONS}/{route}/12345"), 404)


def test_an_unknown_parent_is_404():
    response = client_for(manager()).post(
        f"{LOCATIONS}/add_location", {"name": "X", "parent_id": str(uuid.uuid4())}, format="json"
    )
    INVENTORY.assert_error(response, 404)
    assert not Location.objects.exists()


def test_a_reader_cannot_change_the_tree(tree):
    client = client_for(reader())
    INVENTORY.assert_error(client.post(f"{LOCATIONS}/add_location", {"name": "X"}, format="json"), 403)
    INVENTORY.assert_error(client.delete(f"{LOCATIONS}/delete_location/{tree[0].pk}"), 403)
    INVENTORY.assert_error(client.delete(f"{LOCATIONS}/cleanup-locations"), 403)
    assert Location.objects.count() == 5


@hand_tested(
    views.LocationPathView,
    views.PreviewLocationDeleteView,
    views.CleanupLocationsView,
    why="tree reads and repairs whose answers are shapes of a whole subtree, asserted above and here",
)
class TestCleanup:
    def test_cleanup_renumbers_a_broken_tree_and_leaves_a_sound_one(self, tree):
        client = client_for(manager())
        assert INVENTORY.record(client.delete(f"{LOCATIONS}/cleanup-locations")) == {"repaired_count": 0}
        Location.objects.filter(pk=tree[2].pk).update(lft=40, rght=2)  # as a crashed bulk write might leave it
        repaired = INVENTORY.record(client.delete(f"{LOCATIONS}/cleanup-locations"))["repaired_count"]
        assert repaired >= 1
        assert_tree_valid()
        assert [loc.name for loc in Location.objects.get(pk=tree[3].pk).get_ancestors()] == [
            "Workshop",
            "Cabinet",
            "Drawer 1",
        ]


def test_the_whole_tree_answers_what_the_serializer_would(tree):
    """get_all_locations writes plain rows for speed; they must be the serializer's, field for field."""
    listed = INVENTORY.record(client_for(reader()).get(f"{LOCATIONS}/get_all_locations"))
    expected = InventoryLocationSerializer(Location.objects.order_by("tree_id", "lft"), many=True).data
    assert listed == json.loads(json.dumps(expected, default=str))
    assert [row["name"] for row in listed] == ["Workshop", "Cabinet", "Drawer 1", "Box", "Drawer 2"]
