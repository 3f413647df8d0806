"""Parts routes of the inventory API: generic endpoint cases, search, roles."""

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import INVENTORY
from config.testing.endpoints import BadPayloadCase, CreateCase, DeleteCase, DetailCase, ListCase, UpdateCase

from ..api import views
from ..api.serializers import InventoryPartSerializer
from ..models import Category, Part, SupplierOrder, SupplierOrderItem
from .factories import CategoryFactory, PartFactory, inventory_admin, make_location, manager, reader

pytestmark = pytest.mark.django_db

PARTS = "/api/inventory/parts"


class TestPartEndpoints(ListCase, DetailCase, CreateCase, UpdateCase, DeleteCase, BadPayloadCase):
    expect = INVENTORY
    views = (views.AllPartsView, views.GetPartView, views.AddPartView, views.UpdatePartView, views.DeletePartView)
    list_url = f"{PARTS}/get_all_parts?page_size=50"
    list_rows = (50, 100)  # a first page that is not full runs no COUNT: compare two full pages
    detail_url = f"{PARTS}/get_part?part_id={{pk}}"
    update_url = f"{PARTS}/update_part/{{pk}}"
    delete_url = f"{PARTS}/delete_part?part_id={{pk}}"
    create_url = f"{PARTS}/add_part"
    update_method = "put"
    update_payload = {"quantity": 7, "description": "Now 1%", "supplier": "DigiKey"}
    bad_fields = ("part_name", "quantity", "location_id")
    # identity, the caller's permissions, COUNT, SELECT with the location, the categories' prefetch
    # identity, permissions, COUNT, the page's rows (one query per rank read: exact, prefix, and the
    # rest probed then sorted), their categories, their order lines
    max_list_queries = 9

    def caller(self):
        return manager()

    def make(self, owner):
        location = make_location(f"Drawer {uuid.uuid4().hex[:8]}")
        return PartFactory(location=location, categories=[CategoryFactory()])

    def create_payload(self, caller):
        return {
            "part_name": "ESP32-C3 module",
            "part_number": "C2838502",
            "quantity": 5,
            "supplier": "LCSC",
            "location_id": str(make_location("Shelf A").pk),
            "additional_properties": {"package": "SMD"},
            "category_names": ["MCU", "Wireless"],
        }

    def created_id(self, body):
        return body["id"]

    def bad_payload(self, caller):
        return {"part_name": "", "quantity": -1, "location_id": "not-a-uuid"}


class TestSearchTextEndpoint(ListCase):
    expect = INVENTORY
    views = (views.SearchTextView,)
    list_url = f"{PARTS}/search_text?query=resistor&page_size=50"
    list_rows = (50, 100)
    # identity, permissions, COUNT, the page's rows (one query per rank read: exact, prefix, and the
    # rest probed then sorted), their categories, their order lines
    max_list_queries = 9

    def caller(self):
        return reader()

    def make(self, owner):
        return PartFactory(location=make_location(f"Bin {uuid.uuid4().hex[:8]}"), categories=[CategoryFactory()])


def test_a_page_carries_the_spec_totals():
    PartFactory.create_batch(3)
    response = client_for(reader()).get(f"{PARTS}/get_all_parts?page=2&page_size=2")
    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["page"], body["page_size"], body["total_parts"]) == ("success", 2, 2, 3)
    assert len(body["data"]) == 1


@pytest.mark.parametrize("query", ["page=0", "page_size=101", "page=x"])
def test_bad_page_parameters_are_422(query):
    INVENTORY.assert_error(client_for(reader()).get(f"{PARTS}/get_all_parts?{query}"), 422, query.split("=")[0])


def test_categories_are_created_on_first_use_and_replaced_on_update():
    client = client_for(manager())
    CategoryFactory(name="Resistors")
    body = {"part_name": "R1", "category_names": ["Resistors", "0603"]}
    created = client.post(f"{PARTS}/add_part", body, format="json")
    part_id = created.json()["data"]["id"]
    assert Category.objects.count() == 2
    updated = client.put(f"{PARTS}/update_part/{part_id}", {"category_names": ["THT"]}, format="json")
    assert [c["name"] for c in updated.json()["data"]["categories"]] == ["THT"]
    assert Category.objects.count() == 3


def test_a_taken_part_name_is_409_and_writes_nothing():
    PartFactory(part_name="LM358")
    response = client_for(manager()).post(f"{PARTS}/add_part", {"part_name": "LM358", "quantity": 1}, format="json")
    INVENTORY.assert_error(response, 409)
    assert Part.objects.count() == 1


@pytest.mark.parametrize("location_id", [str(uuid.uuid4())])
def test_an_unknown_location_is_404(location_id):
    response = client_for(manager()).post(
        f"{PARTS}/add_part", {"part_name": "R2", "location_id": location_id}, format="json"
    )
    INVENTORY.assert_error(response, 404)
    assert not Part.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["part_id={id}", "part_number=C1525", "part_name=100nF 0402", "part_name=100nF 0402&part_number=C1525"],
)
def test_get_part_by_id_number_or_name(query):
    part = PartFactory(part_name="100nF 0402", part_number="C1525")
    PartFactory()
    response = client_for(reader()).get(f"{PARTS}/get_part?{query.format(id=part.pk)}")
    assert INVENTORY.record(response)["id"] == str(part.pk)


@pytest.mark.parametrize("query", ["part_id=" + str(uuid.uuid4()), "part_id=12", "part_name=nothing"])
def test_an_unknown_part_is_404_never_500(query):
    PartFactory()
    INVENTORY.assert_error(client_for(reader()).get(f"{PARTS}/get_part?{query}"), 404)
    INVENTORY.assert_error(client_for(manager()).delete(f"{PARTS}/delete_part?{query}"), 404)


def test_naming_no_part_is_422():
    INVENTORY.assert_error(client_for(reader()).get(f"{PARTS}/get_part"), 422)


def test_update_of_an_unknown_part_is_404():
    response = client_for(manager()).put(f"{PARTS}/update_part/{uuid.uuid4()}", {"quantity": 1}, format="json")
    INVENTORY.assert_error(response, 404)


class TestRoles:
    """`user` reads; `manager` writes; `admin` alone clears everything (issue 11)."""

    @pytest.mark.parametrize(
        ("method", "url", "body"),
        [
            ("post", f"{PARTS}/add_part", {"part_name": "R9"}),
            ("put", f"{PARTS}/update_part/{{id}}", {"quantity": 1}),
            ("delete", f"{PARTS}/delete_part?part_id={{id}}", None),
            ("delete", f"{PARTS}/clear_all", None),
        ],
    )
    def test_a_reader_cannot_write(self, method, url, body):
        part = PartFactory(quantity=3)
        response = getattr(client_for(reader()), method)(url.format(id=part.pk), body, format="json")
        INVENTORY.assert_error(response, 403)
        assert Part.objects.get(pk=part.pk).quantity == 3

    def test_a_user_with_no_role_cannot_even_read(self):
        INVENTORY.assert_error(client_for(UserFactory()).get(f"{PARTS}/get_all_parts"), 403)

    def test_only_an_admin_may_clear_all(self):
        PartFactory.create_batch(2)
        INVENTORY.assert_error(client_for(manager()).delete(f"{PARTS}/clear_all"), 403)
        assert Part.objects.count() == 2
        response = client_for(inventory_admin()).delete(f"{PARTS}/clear_all")
        assert INVENTORY.record(response) == {"deleted_count": 2}
        assert not Part.objects.exists()

    def test_a_superuser_counts_as_admin(self):
        PartFactory()
        superuser = UserFactory(is_superuser=True)
        assert client_for(superuser).delete(f"{PARTS}/clear_all").status_code == 200
        assert not Part.objects.exists()


@hand_tested(views.ClearAllPartsView, why="one admin-only action on the whole table, tested in TestRoles")
class TestClearAll:
    def test_anonymous_is_401(self):
        INVENTORY.assert_error(client_for().delete(f"{PARTS}/clear_all"), 401)


@hand_tested(views.SearchPartsView, views.SuggestionsView, why="ranking and filters are what they promise")
class TestSearch:
    @pytest.fixture
    def parts(self):
        return {
            name: PartFactory(part_name=name, part_number=number, quantity=quantity, supplier=supplier)
            for name, number, quantity, supplier in [
                ("Capacitor kit with 10uF", "K-1", 1, "Mouser"),
                ("10uF", "C15850", 50, "LCSC"),
                ("10uF 25V tantalum", "T-9", 5, "DigiKey"),
                ("Resistor 10k", "C25804", 500, "LCSC"),
            ]
        }

    def test_exact_matches_rank_first_then_prefixes(self, parts):
        response = client_for(reader()).get(f"{PARTS}/search_text?query=10uf")
        assert [p["part_name"] for p in INVENTORY.items(response)] == [
            "10uF",
            "10uF 25V tantalum",
            "Capacitor kit with 10uF",
        ]

    def test_an_exact_part_number_ranks_first(self, parts):
        response = client_for(reader()).get(f"{PARTS}/search_text?query=c25804")
        assert [p["part_name"] for p in INVENTORY.items(response)] == ["Resistor 10k"]

    def test_suggestions_rank_the_same_way_and_need_three_characters(self, parts):
        client = client_for(reader())
        response = client.get(f"{PARTS}/suggestions?query=10u&limit=2")
        assert INVENTORY.record(response) == ["10uF", "10uF 25V tantalum"]
        INVENTORY.assert_error(client.get(f"{PARTS}/suggestions?query=10"), 422, "query")

    def test_advanced_search_filters_sorts_and_pages(self, parts):
        body = {"search_term": "10", "min_quantity": 2, "supplier": "lcsc", "sort_by": "quantity", "sort_order": "desc"}
        response = client_for(reader()).post(f"{PARTS}/search", body | {"page_size": 1}, format="json")
        page = response.json()
        assert [p["part_name"] for p in page["data"]] == ["Resistor 10k"]
        assert (page["page"], page["page_size"], page["total_parts"]) == (1, 1, 2)

    def test_advanced_search_by_category_and_location_subtree(self):
        cabinet = make_location("Cabinet")
        drawer = make_location("Drawer 1", parent=cabinet)
        smd = CategoryFactory(name="SMD")
        inside = PartFactory(location=drawer, categories=[smd])
        PartFactory(location=make_location("Elsewhere"), categories=[smd])
        PartFactory(location=drawer)
        body = {"category_names": ["smd"], "location_id": str(cabinet.pk)}
        response = client_for(reader()).post(f"{PARTS}/search", body, format="json")
        assert [p["id"] for p in INVENTORY.items(response)] == [str(inside.pk)]

    def test_min_above_max_is_422(self):
        body = {"min_quantity": 5, "max_quantity": 1}
        INVENTORY.assert_error(client_for(reader()).post(f"{PARTS}/search", body, format="json"), 422, "max_quantity")


def test_part_pages_answer_what_the_serializer_would():
    """Part pages write plain rows for speed; they must be the serializer's, field for field."""
    cabinet = make_location("Cabinet")
    PartFactory(
        location=make_location("Drawer", parent=cabinet),
        categories=[CategoryFactory(name="b"), CategoryFactory(name="a")],
    )
    PartFactory(additional_properties={"tolerance": "1%", "tempco": 100, "tags": ["x"]}, location=None)
    listed = INVENTORY.items(client_for(reader()).get(f"{PARTS}/get_all_parts"))
    parts = InventoryPartSerializer.annotate_queryset(Part.objects.order_by("part_name", "id"))
    assert listed == json.loads(json.dumps(InventoryPartSerializer(parts, many=True).data, default=str))
    assert [c["name"] for c in listed[0]["categories"]] == ["a", "b"]


def test_a_part_carries_its_order_history_and_summary_newest_first():
    part = PartFactory()
    older = SupplierOrder.objects.create(
        supplier="LCSC", order_number="WM1", order_date=datetime(2025, 1, 5, tzinfo=UTC), currency="USD"
    )
    newer = SupplierOrder.objects.create(
        supplier="LCSC", order_number="WM2", order_date=datetime(2025, 6, 1, tzinfo=UTC), currency="USD"
    )
    for order, price, quantity in ((older, "0.0100", 100), (newer, "0.0080", 500)):
        SupplierOrderItem.objects.create(
            order=order, part=part, quantity_ordered=quantity, unit_price=Decimal(price), supplier_part_number="C1"
        )
    data = INVENTORY.record(client_for(reader()).get(f"{PARTS}/get_part?part_id={part.pk}"))
    assert [item["order_number"] for item in data["order_items"]] == ["WM2", "WM1"]
    assert (
        data["order_items"][0]["unit_price"] == 0.008 and data["order_items"][0]["order_date"] == "2025-06-01T00:00:00Z"
    )
    assert data["order_summary"] == {
        "total_orders": 2,
        "total_quantity_ordered": 600,
        "last_order_number": "WM2",
        "last_ordered_date": "2025-06-01T00:00:00Z",
        "last_ordered_price": 0.008,
        "lowest_price": 0.008,
        "highest_price": 0.01,
        "average_price": 0.009,
        "supplier": "LCSC",
        "currency": "USD",
    }
    listed = INVENTORY.items(client_for(reader()).get(f"{PARTS}/get_all_parts"))
    assert listed == [data]  # the fast page writer answers the same
    never = INVENTORY.record(client_for(reader()).get(f"{PARTS}/get_part?part_id={PartFactory().pk}"))
    assert never["order_items"] == [] and never["order_summary"] is None


def test_a_first_page_that_is_not_full_is_every_row_and_needs_no_count(django_assert_num_queries):
    PartFactory.create_batch(3)
    client = client_for(reader())
    with django_assert_num_queries(5):  # identity, permissions, the page, its categories, its order lines
        response = client.get(f"{PARTS}/get_all_parts?page_size=10")
    assert (response.json()["total_parts"], len(INVENTORY.items(response))) == (3, 3)
