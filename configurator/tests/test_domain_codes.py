"""Services refuse in the domain's words; the API still answers in the original API's (issue 8).

Each refusal below is answered byte-for-byte as before the services raised domain errors: the
same `detail`, `field` and `error_code`, now written by the dialect's `ERROR_CODES` table.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from config.api.configurator import dialect
from config.api.errors import to_api_error
from config.errors import Refused
from config.testing.clients import client_for
from config.testing.dialects import CONFIGURATOR

from .factories import ConfigurationFactory, ManufacturingTypeFactory, QuoteFactory, SuperuserFactory, make_node

pytestmark = pytest.mark.django_db

API = "/api/configurator/v1"


def details(response) -> list[dict]:
    return CONFIGURATOR.assert_error(response, 422)["details"]


def test_moving_a_node_under_its_child_is_value_error_tree_invalid_move():
    root = make_node("Frame Options")
    child = make_node("Material Type", parent=root)
    response = client_for(SuperuserFactory()).patch(
        f"{API}/attribute-nodes/{root.pk}", {"parent_node_id": child.pk}, format="json"
    )
    assert details(response) == [
        {
            "detail": "A node cannot be moved under itself or one of its descendants",
            "field": "parent_node_id",
            "error_code": "value_error.tree.invalid_move",
        }
    ]


def test_a_child_of_another_type_than_its_parent_is_value_error_tree_manufacturing_type():
    root = make_node("Frame Options")
    payload = {
        "parent_node_id": root.pk,
        "manufacturing_type_id": ManufacturingTypeFactory().pk,
        "name": "Stray",
        "node_type": "option",
    }
    response = client_for(SuperuserFactory()).post(f"{API}/attribute-nodes", payload, format="json")
    assert details(response) == [
        {
            "detail": "A node must belong to its parent's manufacturing type",
            "field": "manufacturing_type_id",
            "error_code": "value_error.tree.manufacturing_type",
        }
    ]


def test_an_inactive_type_is_value_error_inactive(user):
    manufacturing_type = ManufacturingTypeFactory(is_active=False)
    payload = {"manufacturing_type_id": manufacturing_type.pk, "name": "X"}
    response = client_for(user).post(f"{API}/configurations", payload, format="json")
    assert details(response) == [
        {
            "detail": "Manufacturing type is not active",
            "field": "manufacturing_type_id",
            "error_code": "value_error.inactive",
        }
    ]


def test_selections_twice_or_of_another_type_keep_their_codes(user):
    configuration = ConfigurationFactory(user=user)
    node = make_node(manufacturing_type=configuration.manufacturing_type)
    stranger = make_node("Glass Options")
    url = f"{API}/configurations/{configuration.pk}/selections"
    twice = client_for(user).patch(url, [{"attribute_node_id": node.pk}] * 2, format="json")
    assert details(twice) == [
        {
            "detail": f"Node {node.pk} is selected twice",
            "field": "selections.1.attribute_node_id",
            "error_code": "value_error.duplicate",
        }
    ]
    foreign = client_for(user).patch(url, [{"attribute_node_id": stranger.pk}], format="json")
    assert details(foreign) == [
        {
            "detail": f"Node {stranger.pk} does not belong to this configuration's manufacturing type",
            "field": "selections.0.attribute_node_id",
            "error_code": "value_error.selection.manufacturing_type",
        }
    ]


def test_a_required_date_in_the_past_is_value_error_date(user):
    quote = QuoteFactory(configuration__user=user, status="accepted")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client_for(user).post(f"{API}/orders", {"quote_id": quote.pk, "required_date": yesterday}, format="json")
    assert details(response) == [
        {
            "detail": "Required date cannot be before the order date",
            "field": "required_date",
            "error_code": "value_error.date",
        }
    ]


@pytest.mark.parametrize(
    ("code", "wire_code"),
    [("out_of_range", "value_error.number.not_lt"), ("formula", "value_error.formula")],
)
def test_codes_hard_to_reach_through_a_request_are_translated_too(code, wire_code):
    error = to_api_error(Refused("selections", "Refused", code))
    expected = {"detail": "Refused", "field": "selections", "error_code": wire_code}
    assert dialect.error_body(error)["details"] == [expected]
