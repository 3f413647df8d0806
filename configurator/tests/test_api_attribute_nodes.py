"""Attribute nodes, spec "Attribute Nodes API"."""

import pytest

from config.testing.clients import client_for
from config.testing.dialects import CONFIGURATOR
from config.testing.endpoints import BadPayloadCase, CreateCase, DeleteCase, DetailCase, ListCase, UpdateCase
from config.testing.queries import count_queries
from configurator.api import views
from configurator.models import AttributeNode

from .factories import ManufacturingTypeFactory, SuperuserFactory, make_node

pytestmark = pytest.mark.django_db

URL = "/api/configurator/v1/attribute-nodes"
FIELDS = {
    "id",
    "manufacturing_type_id",
    "parent_node_id",
    "name",
    "node_type",
    "data_type",
    "display_condition",
    "validation_rules",
    "required",
    "price_impact_type",
    "price_impact_value",
    "price_formula",
    "weight_impact",
    "weight_formula",
    "technical_property_type",
    "technical_impact_formula",
    "ltree_path",
    "depth",
    "sort_order",
    "ui_component",
    "description",
    "help_text",
    "created_at",
    "updated_at",
}


@pytest.fixture
def tree():
    root = make_node("Frame Options")
    material = make_node("Material Type", parent=root, node_type="attribute", sort_order=1)
    aluminum = make_node("Aluminum", parent=material, price_impact_value="50.00", weight_impact="2.00", sort_order=1)
    vinyl = make_node("Vinyl", parent=material, price_impact_value="30.00", weight_impact="1.50", sort_order=2)
    return root, material, aluminum, vinyl


def create_payload(material):
    return {
        "manufacturing_type_id": material.manufacturing_type_id,
        "parent_node_id": material.pk,
        "name": "Wood",
        "node_type": "option",
        "data_type": "string",
        "display_condition": {"operator": "exists", "field": "frame_options"},
        "validation_rules": {"min_length": 1},
        "required": False,
        "price_impact_type": "fixed",
        "price_impact_value": "100.00",
        "price_formula": None,
        "weight_impact": "3.00",
        "weight_formula": "value * 2",
        "technical_property_type": "u_value",
        "technical_impact_formula": "0.28",
        "sort_order": 3,
        "ui_component": "radio",
        "description": "Natural wood frame",
        "help_text": "Premium wood option",
    }


class TestAttributeNodeEndpoints(ListCase, DetailCase):
    expect = CONFIGURATOR
    list_url = URL
    detail_url = URL + "/{pk}"
    views = (views.AttributeNodeViewSet,)

    def make(self, owner):
        return make_node()


class TestReadNodes:
    def test_list_is_ordered_by_path_with_every_field(self, user, tree):
        body = client_for(user).get(URL).json()
        assert body["total"] == 4
        assert [item["ltree_path"] for item in body["items"]] == [
            "frame_options",
            "frame_options.material_type",
            "frame_options.material_type.aluminum",
            "frame_options.material_type.vinyl",
        ]
        aluminum = body["items"][2]
        assert set(aluminum) == FIELDS
        assert (aluminum["depth"], aluminum["parent_node_id"], aluminum["price_impact_value"]) == (
            2,
            tree[1].pk,
            "50.00",
        )

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("node_type=option", ["Aluminum", "Vinyl"]),
            ("parent_node_id=null", ["Frame Options"]),
            ("node_type=category", ["Frame Options"]),
        ],
    )
    def test_filters(self, user, tree, query, expected):
        make_node("Elsewhere Option", parent=make_node("Other"))
        manufacturing_type_id = tree[0].manufacturing_type_id
        body = client_for(user).get(f"{URL}?manufacturing_type_id={manufacturing_type_id}&{query}").json()
        assert [item["name"] for item in body["items"]] == expected

    def test_parent_filter_lists_children_not_only_roots(self, user, tree):
        body = client_for(user).get(f"{URL}?parent_node_id={tree[1].pk}").json()
        assert [item["name"] for item in body["items"]] == ["Aluminum", "Vinyl"]

    @pytest.mark.parametrize("query", ["parent_node_id=abc", "node_type=widget", "manufacturing_type_id=x"])
    def test_bad_filters_are_422(self, user, query):
        CONFIGURATOR.assert_error(client_for(user).get(f"{URL}?{query}"), 422, query.split("=")[0])

    def test_children_are_direct_children_in_order(self, user, tree):
        response = client_for(user).get(f"{URL}/{tree[1].pk}/children")
        assert response.status_code == 200
        body = response.json()
        assert [item["name"] for item in body] == ["Aluminum", "Vinyl"]
        assert set(body[0]) == FIELDS

    def test_children_of_a_missing_node_is_404(self, user):
        body = CONFIGURATOR.assert_error(client_for(user).get(f"{URL}/999999/children"), 404)
        assert body["message"] == "Parent node not found"

    def test_tree_is_the_nested_subtree(self, user, tree):
        response = client_for(user).get(f"{URL}/{tree[0].pk}/tree")
        assert response.status_code == 200
        [root] = response.json()
        assert (root["name"], root["depth"], root["ltree_path"]) == ("Frame Options", 0, "frame_options")
        [material] = root["children"]
        assert material["ltree_path"] == "frame_options.material_type"
        assert [(c["name"], c["depth"], c["price_impact_value"], c["weight_impact"]) for c in material["children"]] == [
            ("Aluminum", 2, "50.00", "2.00"),
            ("Vinyl", 2, "30.00", "1.50"),
        ]
        assert material["children"][0]["children"] == []

    def test_tree_of_a_missing_node_is_404(self, user):
        body = CONFIGURATOR.assert_error(client_for(user).get(f"{URL}/999999/tree"), 404)
        assert body["message"] == "Node not found"

    @pytest.mark.parametrize("suffix", ["", "/children", "/tree"])
    def test_anonymous_is_401(self, tree, suffix):
        CONFIGURATOR.assert_error(client_for().get(f"{URL}/{tree[0].pk}{suffix}"), 401)

    def test_tree_query_count_does_not_grow_with_size(self, user, django_assert_max_num_queries):
        root = make_node("Root")
        client = client_for(user)
        make_node("Child", parent=root)
        small, _ = count_queries(lambda: client.get(f"{URL}/{root.pk}/tree"))
        parent = root
        for index in range(30):
            parent = make_node(f"Deep {index}", parent=parent if index % 3 else root)
        with django_assert_max_num_queries(small):
            response = client.get(f"{URL}/{root.pk}/tree")
        assert len(response.json()[0]["children"]) > 1

    def test_children_query_count_does_not_grow(self, user, django_assert_max_num_queries):
        root = make_node("Root")
        client = client_for(user)
        make_node("Child", parent=root)
        small, _ = count_queries(lambda: client.get(f"{URL}/{root.pk}/children"))
        for index in range(20):
            make_node(f"Child {index}", parent=root)
        with django_assert_max_num_queries(small):
            assert len(client.get(f"{URL}/{root.pk}/children").json()) == 21


class TestAttributeNodeWrites(CreateCase, UpdateCase, DeleteCase, BadPayloadCase):
    """Superusers write the tree."""

    expect = CONFIGURATOR
    list_url = URL
    detail_url = URL + "/{pk}"
    views = (views.AttributeNodeViewSet,)
    update_payload = {"name": "Glazing Options", "description": "Panes and coatings"}
    bad_fields = ("name", "node_type")

    def caller(self):
        return SuperuserFactory()

    def make(self, owner):
        return make_node()

    def create_payload(self, caller):
        return {
            "manufacturing_type_id": ManufacturingTypeFactory().pk,
            "name": "Glass Options",
            "node_type": "category",
        }

    def bad_payload(self, caller):
        return {"manufacturing_type_id": ManufacturingTypeFactory().pk, "name": "", "node_type": "gadget"}


class TestWriteNodes:
    def test_superuser_creates_with_every_field(self, tree):
        payload = create_payload(tree[1])
        response = client_for(SuperuserFactory()).post(URL, payload, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert {key: body[key] for key in payload} == payload
        assert (body["ltree_path"], body["depth"]) == ("frame_options.material_type.wood", 2)

    def test_child_without_manufacturing_type_takes_the_parents(self, tree):
        payload = {"parent_node_id": tree[1].pk, "name": "Steel", "node_type": "option"}
        body = client_for(SuperuserFactory()).post(URL, payload, format="json").json()
        assert body["manufacturing_type_id"] == tree[1].manufacturing_type_id

    def test_root_node(self):
        manufacturing_type = ManufacturingTypeFactory()
        payload = {"manufacturing_type_id": manufacturing_type.pk, "name": "Glass Options", "node_type": "category"}
        body = client_for(SuperuserFactory()).post(URL, payload, format="json").json()
        assert (body["ltree_path"], body["depth"], body["parent_node_id"]) == ("glass_options", 0, None)
        assert (body["price_impact_type"], body["weight_impact"], body["required"]) == ("fixed", "0.00", False)

    @pytest.mark.parametrize(
        ("field", "message"),
        [("manufacturing_type_id", "Manufacturing type not found"), ("parent_node_id", "Parent node not found")],
    )
    def test_unknown_references_are_404(self, field, message):
        payload = {"name": "X", "node_type": "option", field: 999999}
        body = CONFIGURATOR.assert_error(client_for(SuperuserFactory()).post(URL, payload, format="json"), 404)
        assert body["message"] == message

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"price_impact_value": "-5.00"}, "price_impact_value"),
            ({"price_impact_value": "1.234"}, "price_impact_value"),
            ({"weight_impact": "-1"}, "weight_impact"),
            ({"node_type": "widget"}, "node_type"),
            ({"name": None}, "name"),
            ({"price_formula": "__import__('os')"}, "price_formula"),
            ({"price_formula": "value > 2"}, "price_formula"),
            ({"weight_formula": "(value * 2"}, "weight_formula"),
            ({"technical_impact_formula": "abs(value)"}, "technical_impact_formula"),
            ({"price_formula": "area * 2"}, "price_formula"),
            ({"price_impact_type": "formula"}, "price_formula"),
            ({"technical_property_type": None}, "technical_property_type"),
            ({"display_condition": {"operator": "between", "field": "x"}}, "display_condition"),
            ({"validation_rules": {"minimum": 3}}, "validation_rules"),
            ({"validation_rules": {"pattern": "("}}, "validation_rules"),
            ({"validation_rules": {"rule_type": "pattern", "value": "["}}, "validation_rules"),
            ({"validation_rules": {"min_length": "1.5"}}, "validation_rules"),
        ],
    )
    def test_invalid_nodes_are_422_naming_the_field(self, tree, change, field):
        payload = {**create_payload(tree[1]), **change}
        response = client_for(SuperuserFactory()).post(URL, payload, format="json")
        CONFIGURATOR.assert_error(response, 422, field)
        assert AttributeNode.objects.count() == 4

    def test_missing_required_fields_are_value_error_missing(self):
        response = client_for(SuperuserFactory()).post(URL, {}, format="json")
        CONFIGURATOR.assert_error(response, 422, "name", "node_type")
        assert CONFIGURATOR.error_codes(response) == {"value_error.missing"}

    def test_patch_renames_and_recomputes_descendants(self, tree):
        root, material, aluminum, vinyl = tree
        response = client_for(SuperuserFactory()).patch(
            f"{URL}/{material.pk}", {"name": "Frame Material"}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["ltree_path"] == "frame_options.frame_material"
        aluminum.refresh_from_db()
        assert aluminum.ltree_path == "frame_options.frame_material.aluminum"

    def test_patch_moves_a_node(self, tree):
        root, material, aluminum, vinyl = tree
        response = client_for(SuperuserFactory()).patch(
            f"{URL}/{aluminum.pk}", {"parent_node_id": vinyl.pk, "price_impact_value": "55.00"}, format="json"
        )
        body = response.json()
        assert (body["parent_node_id"], body["depth"], body["price_impact_value"]) == (vinyl.pk, 3, "55.00")
        assert body["ltree_path"] == "frame_options.material_type.vinyl.aluminum"

    def test_patch_to_root(self, tree):
        body = client_for(SuperuserFactory()).patch(f"{URL}/{tree[2].pk}", {"parent_node_id": None}, format="json")
        assert (body.json()["ltree_path"], body.json()["depth"]) == ("aluminum", 0)

    @pytest.mark.parametrize("target", ["self", "child", "grandchild"])
    def test_moving_under_itself_or_a_descendant_is_422(self, tree, target):
        root, material, aluminum, vinyl = tree
        parent = {"self": root, "child": material, "grandchild": aluminum}[target]
        response = client_for(SuperuserFactory()).patch(
            f"{URL}/{root.pk}", {"parent_node_id": parent.pk}, format="json"
        )
        CONFIGURATOR.assert_error(response, 422, "parent_node_id")
        root.refresh_from_db()
        assert root.parent_id is None

    def test_patch_with_unknown_parent_is_404(self, tree):
        response = client_for(SuperuserFactory()).patch(
            f"{URL}/{tree[2].pk}", {"parent_node_id": 999999}, format="json"
        )
        assert CONFIGURATOR.assert_error(response, 404)["message"] == "Parent node not found"

    def test_patch_validates_formulas_against_the_stored_type(self, tree):
        client = client_for(SuperuserFactory())
        response = client.patch(f"{URL}/{tree[2].pk}", {"price_impact_type": "formula"}, format="json")
        CONFIGURATOR.assert_error(response, 422, "price_formula")
        ok = client.patch(f"{URL}/{tree[2].pk}", {"price_impact_type": "formula", "price_formula": "value * 5"})
        assert ok.status_code == 200

    def test_delete_cascades(self, tree):
        response = client_for(SuperuserFactory()).delete(f"{URL}/{tree[1].pk}")
        assert response.status_code == 204
        assert list(AttributeNode.objects.values_list("name", flat=True)) == ["Frame Options"]

    @pytest.mark.parametrize("method", ["post", "patch", "delete"])
    def test_non_superusers_are_403(self, user, tree, method):
        url = URL if method == "post" else f"{URL}/{tree[2].pk}"
        response = getattr(client_for(user), method)(url, create_payload(tree[1]), format="json")
        CONFIGURATOR.assert_error(response, 403)
        assert AttributeNode.objects.count() == 4 and AttributeNode.objects.get(pk=tree[2].pk).name == "Aluminum"

    @pytest.mark.parametrize("method", ["post", "patch", "delete"])
    def test_anonymous_is_401(self, tree, method):
        url = URL if method == "post" else f"{URL}/{tree[2].pk}"
        CONFIGURATOR.assert_error(getattr(client_for(), method)(url, {}, format="json"), 401)

    @pytest.mark.parametrize("method", ["patch", "delete"])
    def test_missing_node_is_404(self, method):
        response = getattr(client_for(SuperuserFactory()), method)(f"{URL}/999999", {}, format="json")
        assert CONFIGURATOR.assert_error(response, 404)["message"] == "Attribute node not found"


@pytest.mark.parametrize("value", ["²", "١٢", "1.5", "-3"])
def test_a_parent_filter_in_other_digits_is_422_not_500(user, value):
    """`str.isdigit` accepts "²" and Arabic-Indic digits, which `int()` refuses (issue 9)."""
    response = client_for(user).get(URL, {"parent_node_id": value})
    CONFIGURATOR.assert_error(response, 422, "parent_node_id")
