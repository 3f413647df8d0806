"""display_condition and validation_rules semantics (reference §3)."""

import pytest

from configurator.conditions import RuleError, check_condition, check_rules, condition_holds, rule_violation

CONTEXT = {
    "frame.material.aluminum": "Aluminum",
    "dimensions.width": 48.5,
    "extras": {"colour": {"name": "white"}, "tags": ["a", "b"]},
    "glass.coated": True,
    "notes": "",
}


def cond(operator, field="dimensions.width", value=None):
    return {"operator": operator, "field": field, "value": value}


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (None, True),
        ({}, True),
        (cond("equals", "frame.material.aluminum", "Aluminum"), True),
        (cond("equals", "dimensions.width", "48.50"), True),
        (cond("not_equals", "frame.material.aluminum", "Vinyl"), True),
        (cond("greater_than", value=40), True),
        (cond("gt", value=48.5), False),
        (cond("less_than", value=50), True),
        (cond("lt", value=10), False),
        (cond("greater_equal", value=48.5), True),
        (cond("gte", value=49), False),
        (cond("less_equal", value=48.5), True),
        (cond("lte", value=48), False),
        (cond("greater_than", "frame.material.aluminum", 1), False),
        (cond("greater_than", "missing.node", 1), False),
        (cond("contains", "frame.material.aluminum", "lumi"), True),
        (cond("contains", "extras.tags", "b"), True),
        (cond("starts_with", "frame.material.aluminum", "Alu"), True),
        (cond("ends_with", "frame.material.aluminum", "num"), True),
        (cond("matches_pattern", "frame.material.aluminum", "^A.*m$"), True),
        (cond("matches_pattern", "frame.material.aluminum", "^V"), False),
        (cond("in", "frame.material.aluminum", ["Aluminum", "Vinyl"]), True),
        (cond("not_in", "frame.material.aluminum", ["Wood"]), True),
        (cond("not_in", "missing.node", ["Wood"]), True),
        (cond("any_of", "extras.tags", ["b", "c"]), True),
        (cond("any_of", "extras.tags", ["c"]), False),
        (cond("all_of", "extras.tags", ["a", "b"]), True),
        (cond("all_of", "extras.tags", ["a", "c"]), False),
        (cond("exists", "glass.coated"), True),
        (cond("exists", "glass.tinted"), False),
        (cond("not_exists", "glass.tinted"), True),
        (cond("is_empty", "notes"), True),
        (cond("is_empty", "missing"), True),
        (cond("is_not_empty", "frame.material.aluminum"), True),
        (cond("equals", "extras.colour.name", "white"), True),
        (cond("equals", "extras.tags.1", "b"), True),
        (cond("exists", "extras.colour.size"), False),
        ({"operator": "and", "conditions": [cond("exists", "glass.coated"), cond("gt", value=40)]}, True),
        ({"operator": "and", "conditions": [cond("exists", "glass.coated"), cond("gt", value=50)]}, False),
        ({"operator": "or", "conditions": [cond("exists", "nope"), cond("gt", value=40)]}, True),
        ({"operator": "or", "conditions": []}, False),
        ({"operator": "not", "condition": cond("exists", "glass.coated")}, False),
    ],
)
def test_conditions(condition, expected):
    check_condition(condition)
    assert condition_holds(condition, CONTEXT) is expected


@pytest.mark.parametrize(
    "condition",
    [
        "exists",
        {"operator": "between", "field": "x"},
        {"operator": "equals"},
        {"operator": "and"},
        {"operator": "not", "condition": "x"},
        {"operator": "in", "field": "x", "value": "abc"},
        {"operator": "matches_pattern", "field": "x", "value": "("},
        {"operator": "or", "conditions": [{"operator": "nope", "field": "x"}]},
    ],
)
def test_malformed_conditions_are_refused(condition):
    with pytest.raises(RuleError):
        check_condition(condition)


@pytest.mark.parametrize(
    ("rules", "value", "problem"),
    [
        ({"min": 10, "max": 100}, 48.5, None),
        ({"min": 10}, 5, "Value must be at least 10"),
        ({"max": 100}, "150", "Value must be at most 100"),
        ({"min": 1}, "wide", "Value must be a number"),
        ({"pattern": "^[A-Z]{2}\\d+$"}, "AB12", None),
        ({"pattern": "^[A-Z]{2}\\d+$"}, "ab12", "Value does not match the required pattern"),
        ({"pattern": "^\\d+$", "message": "Digits only"}, "x", "Digits only"),
        ({"min_length": 3}, "ab", "Value must be at least 3 characters long"),
        ({"max_length": 3}, "abcd", "Value must be at most 3 characters long"),
        ({"choices": ["white", "black"]}, "white", None),
        ({"choices": ["white", "black"]}, "red", "Value must be one of: white, black"),
        ({"min": 10}, None, None),
        ({"rule_type": "required"}, None, "A value is required"),
        ({"rule_type": "required"}, "x", None),
        ({"rule_type": "min", "value": 10}, 9, "Value must be at least 10"),
        ({"rule_type": "max", "value": 10}, 11, "Value must be at most 10"),
        ({"rule_type": "range", "min": 1, "max": 5}, 3, None),
        ({"rule_type": "range", "min": 1, "max": 5}, 6, "Value must be at most 5"),
        ({"rule_type": "pattern", "pattern": "^a"}, "b", "Value does not match the required pattern"),
        ({"rule_type": "length", "min": 2, "max": 3}, "abcd", "Value must be at most 3 characters long"),
        ({"rule_type": "custom", "value": "anything"}, "x", None),
        ({"rule_type": "min", "value": 10, "message": "Too narrow"}, 1, "Too narrow"),
        ([{"min": 1}, {"rule_type": "max", "value": 5}], 6, "Value must be at most 5"),
    ],
)
def test_validation_rules(rules, value, problem):
    check_rules(rules)
    assert rule_violation(rules, value) == problem


@pytest.mark.parametrize(
    "rules",
    [
        "min",
        {"minimum": 1},
        {"rule_type": "between"},
        {"min": "ten"},
        {"pattern": "("},
        {"choices": "a"},
        [1],
        # What the evaluator reads must be checked too: a typed pattern's `value`, whole lengths,
        # comparable bounds.
        {"rule_type": "pattern", "value": "["},
        {"rule_type": "pattern"},
        {"min_length": "1.5"},
        {"rule_type": "length", "max": 2.5},
        {"max": "NaN"},
        {"rule_type": "min", "value": "Infinity"},
    ],
)
def test_malformed_rules_are_refused(rules):
    with pytest.raises(RuleError):
        check_rules(rules)
