"""Staff-written patterns cannot hang a worker (issue 9): nested repeats are refused when a node is
saved, and every pattern runs with a time bound, so one stored before the check fails as a clear
validation error instead of backtracking for minutes."""

import json

import pytest

from config.errors import Refused
from config.testing.clients import client_for
from config.testing.dialects import CONFIGURATOR
from configurator import services
from configurator.conditions import (
    NESTED_REPEAT,
    TOO_SLOW,
    PatternTooSlow,
    RuleError,
    check_condition,
    check_rules,
    condition_holds,
    rule_violation,
)
from configurator.models import AttributeNode

from .factories import ConfigurationFactory, SuperuserFactory, make_node

NESTED = r"^([a-z]+)+$"
# No nested repeat, so it passes the check at save, yet it backtracks exponentially on a near miss.
OVERLAPPING = r"^(\d|\d\d)+$"
HOSTILE = "1" * 30 + "x"


@pytest.mark.parametrize(
    "pattern",
    [NESTED, r"(a*)*b", r"^(?:\w+\s?)*$", r"((ab)+c){2,}", r"(?:x+x+)+y", r"^(a|(b+))+$", r"(?=(a+)+)"],
)
def test_nested_unbounded_repeats_are_refused(pattern):
    for rules in ({"pattern": pattern}, {"rule_type": "pattern", "value": pattern}):
        with pytest.raises(RuleError, match="exponential time"):
            check_rules(rules)
    with pytest.raises(RuleError, match="exponential time"):
        check_condition({"operator": "matches_pattern", "field": "x", "value": pattern})


@pytest.mark.parametrize(
    "pattern",
    [r"^[A-Z]{2}\d+$", r"^(ab)+$", r"^(\d{3}-)+\d{4}$", r"^(a+)?$", r"^(?:[a-z]+\.)?[a-z]+$", OVERLAPPING],
)
def test_patterns_without_nested_repeats_are_kept(pattern):
    check_rules({"pattern": pattern})


def test_a_stored_catastrophic_pattern_fails_fast_as_a_rule_problem():
    assert rule_violation({"pattern": OVERLAPPING, "message": "Digits only"}, HOSTILE) == TOO_SLOW
    assert rule_violation({"rule_type": "pattern", "value": OVERLAPPING}, HOSTILE) == TOO_SLOW
    with pytest.raises(PatternTooSlow):
        condition_holds({"operator": "matches_pattern", "field": "code", "value": OVERLAPPING}, {"code": HOSTILE})


def test_a_stored_nested_pattern_is_answered_without_hanging():
    """`re` takes minutes on this one; the bounded engine answers."""
    assert rule_violation({"pattern": NESTED}, "a" * 30 + "!") == "Value does not match the required pattern"


def test_a_stored_invalid_pattern_is_a_rule_problem_not_a_crash():
    assert rule_violation({"pattern": "("}, "x").startswith("Invalid pattern")


@pytest.mark.django_db
class TestSavingRefusesNestedRepeats:
    def test_api(self):
        root = make_node("Dimensions")
        payload = {
            "manufacturing_type_id": root.manufacturing_type_id,
            "parent_node_id": root.pk,
            "name": "Code",
            "node_type": "attribute",
            "validation_rules": {"pattern": NESTED},
        }
        response = client_for(SuperuserFactory()).post("/api/configurator/v1/attribute-nodes", payload, format="json")
        body = CONFIGURATOR.assert_error(response, 422, "validation_rules")
        assert NESTED_REPEAT in {detail["detail"] for detail in body["details"]}
        assert not AttributeNode.objects.filter(name="Code").exists()

    def test_service(self):
        root = make_node("Dimensions")
        with pytest.raises(Refused) as refused:
            services.create_node(name="Code", parent=root, node_type="attribute", validation_rules={"pattern": NESTED})
        assert refused.value.by_field() == {"validation_rules": [NESTED_REPEAT]}
        with pytest.raises(Refused):
            services.update_node(root, display_condition={"operator": "matches_pattern", "field": "x", "value": NESTED})
        assert AttributeNode.objects.get(pk=root.pk).display_condition is None

    def test_admin_form(self, admin_client):
        root = make_node("Dimensions")
        response = admin_client.post(
            f"/admin/configurator/attributenode/{root.pk}/change/",
            {
                "manufacturing_type": root.manufacturing_type_id,
                "name": "Dimensions",
                "node_type": "category",
                "price_impact_type": "fixed",
                "weight_impact": "0.00",
                "sort_order": 0,
                "display_condition": "null",
                "validation_rules": json.dumps({"pattern": NESTED}),
            },
        )
        assert response.status_code == 200 and b"exponential time" in response.content
        assert AttributeNode.objects.get(pk=root.pk).validation_rules is None


@pytest.mark.django_db
def test_a_stored_catastrophic_pattern_refuses_the_selection_quickly(user):
    root = make_node("Dimensions")
    code = make_node("Code", parent=root, node_type="attribute", validation_rules={"pattern": r"^\d+$"})
    # Written past the check, as a pattern saved before it existed would be.
    AttributeNode.objects.filter(pk=code.pk).update(validation_rules={"pattern": OVERLAPPING})
    configuration = ConfigurationFactory(user=user, manufacturing_type=root.manufacturing_type)
    response = client_for(user).patch(
        f"/api/configurator/v1/configurations/{configuration.pk}/selections",
        [{"attribute_node_id": code.pk, "string_value": HOSTILE}],
        format="json",
    )
    body = CONFIGURATOR.assert_error(response, 422)
    assert TOO_SLOW in json.dumps(body)
    assert not configuration.selections.exists()
