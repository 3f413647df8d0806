"""Admin pages: the tree admin writes through the tree service, so paths follow every change."""

import pytest
from django.test import Client

from configurator.models import AttributeNode, Configuration, Order, Quote

from .factories import ConfigurationFactory, OrderFactory, QuoteFactory, SuperuserFactory, make_node

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(SuperuserFactory(is_staff=True))
    return client


@pytest.mark.parametrize(
    "model", ["manufacturingtype", "attributenode", "configuration", "configurationtemplate", "quote", "order"]
)
def test_changelists_render(admin_client, model):
    root = make_node("Frame Options")
    make_node("Aluminum", parent=root)
    OrderFactory()
    assert admin_client.get(f"/admin/configurator/{model}/").status_code == 200


def test_drag_and_drop_moves_through_the_service(admin_client):
    root = make_node("Frame Options")
    material = make_node("Material", parent=root)
    aluminum = make_node("Aluminum", parent=material)
    glass = make_node("Glass", parent=root)
    response = admin_client.post(
        "/admin/configurator/attributenode/",
        {"cmd": "move_node", "cut_item": material.pk, "pasted_on": glass.pk, "position": "last-child"},
    )
    assert response.content == b"OK, moved."
    aluminum.refresh_from_db()
    assert aluminum.ltree_path == "frame_options.glass.material.aluminum"


def test_drag_under_a_descendant_is_refused(admin_client):
    root = make_node("Frame Options")
    child = make_node("Material", parent=root)
    response = admin_client.post(
        "/admin/configurator/attributenode/",
        {"cmd": "move_node", "cut_item": root.pk, "pasted_on": child.pk, "position": "last-child"},
    )
    assert response.content.startswith(b"FAIL")
    assert AttributeNode.objects.get(pk=root.pk).parent_id is None


def test_renaming_in_the_admin_recomputes_descendant_paths(admin_client):
    root = make_node("Frame Options")
    child = make_node("Material", parent=root)
    response = admin_client.post(
        f"/admin/configurator/attributenode/{root.pk}/change/",
        {
            "manufacturing_type": root.manufacturing_type_id,
            "name": "Frame",
            "node_type": "category",
            "price_impact_type": "fixed",
            "weight_impact": "0.00",
            "sort_order": 0,
            "display_condition": "null",
            "validation_rules": "null",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    child.refresh_from_db()
    assert child.ltree_path == "frame.material"


def test_admin_actions(admin_client):
    configuration = ConfigurationFactory()
    quote = QuoteFactory()
    order = OrderFactory()
    admin_client.post(
        "/admin/configurator/configuration/", {"action": "reprice", "_selected_action": [configuration.pk]}
    )
    admin_client.post("/admin/configurator/quote/", {"action": "send", "_selected_action": [quote.pk]})
    admin_client.post("/admin/configurator/order/", {"action": "advance", "_selected_action": [order.pk]})
    assert Quote.objects.get(pk=quote.pk).status == "sent"
    assert Order.objects.get(pk=order.pk).status == "production"
    assert Configuration.objects.get(pk=configuration.pk).total_price == configuration.total_price


def test_admin_refuses_a_child_of_another_type(admin_client):
    root = make_node("Frame Options")
    other = make_node("Glass")
    response = admin_client.post(
        "/admin/configurator/attributenode/add/",
        {
            "parent": root.pk,
            "manufacturing_type": other.manufacturing_type_id,
            "name": "Stray",
            "node_type": "option",
            "price_impact_type": "fixed",
            "weight_impact": "0.00",
            "sort_order": 0,
            "display_condition": "null",
            "validation_rules": "null",
        },
    )
    assert response.status_code == 200 and b"parent&#x27;s manufacturing type" in response.content
    assert not AttributeNode.objects.filter(name="Stray").exists()


def test_admin_refuses_a_bad_formula(admin_client):
    root = make_node("Frame Options")
    response = admin_client.post(
        f"/admin/configurator/attributenode/{root.pk}/change/",
        {
            "manufacturing_type": root.manufacturing_type_id,
            "name": "Frame Options",
            "node_type": "category",
            "price_impact_type": "formula",
            "price_formula": "value > 1",
            "weight_impact": "0.00",
            "sort_order": 0,
            "display_condition": "null",
            "validation_rules": "null",
        },
    )
    assert response.status_code == 200 and b"comparisons" in response.content
    assert AttributeNode.objects.get(pk=root.pk).price_formula is None


def test_admin_adds_a_node_with_its_path(admin_client):
    root = make_node("Frame Options")
    response = admin_client.post(
        "/admin/configurator/attributenode/add/",
        {
            "parent": root.pk,
            "manufacturing_type": root.manufacturing_type_id,
            "name": "Wood Grain",
            "node_type": "option",
            "price_impact_type": "fixed",
            "weight_impact": "0.00",
            "sort_order": 0,
            "display_condition": "null",
            "validation_rules": "null",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    assert AttributeNode.objects.get(name="Wood Grain").ltree_path == "frame_options.wood_grain"
