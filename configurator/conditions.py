"""display_condition and validation_rules of attribute nodes (reference §3, team decision §6.7).

A condition's `field` names another selection of the same configuration by its node's
`ltree_path` (e.g. `frame_options.material_type.aluminum`); dots past a selected path walk into
that selection's `json_value`. A selection's value is the first set of numeric, string, boolean
and JSON value, or `true` when the node is selected without a value.
"""

import re
from decimal import Decimal, InvalidOperation
from re import _constants as opcodes
from re import _parser as pattern_parser

import regex

from config.ids import is_plain_number

ALIASES = {"gt": "greater_than", "lt": "less_than", "gte": "greater_equal", "lte": "less_equal"}
COMPARISONS = {
    "equals",
    "not_equals",
    "greater_than",
    "less_than",
    "greater_equal",
    "less_equal",
    "contains",
    "starts_with",
    "ends_with",
    "matches_pattern",
    "in",
    "not_in",
    "any_of",
    "all_of",
    "exists",
    "not_exists",
    "is_empty",
    "is_not_empty",
}
RULE_KEYS = {"min", "max", "pattern", "message", "min_length", "max_length", "choices"}
RULE_TYPES = {"required", "min", "max", "range", "pattern", "custom", "length"}
MISSING = object()
# How long a staff-written pattern may take to match one value (issue 9: `^(\d|\d\d)+$` against
# thirty digits and a letter would hold a worker for minutes). Past it the value is refused.
PATTERN_TIMEOUT_SECONDS = 0.1
NESTED_REPEAT = (
    "A pattern may not repeat a group that itself repeats without bound, such as `([a-z]+)+`: "
    "matching can take exponential time. Write it without the nesting, e.g. `[a-z]+`."
)
TOO_SLOW = "The value could not be checked against the pattern in time"
BACKTRACKING_REPEATS = (opcodes.MAX_REPEAT, opcodes.MIN_REPEAT)


class RuleError(ValueError):
    """A condition or rule that is malformed, refused when its node is saved."""


class PatternTooSlow(RuleError):
    """A pattern that did not finish matching a value within PATTERN_TIMEOUT_SECONDS."""


def matches(pattern, text: str) -> bool:
    """Whether staff-written `pattern` matches at the start of `text`, within the time bound.

    Patterns are checked when their node is saved, but one stored before that check (or written to
    the database directly) is still bounded here: too slow is `PatternTooSlow`, invalid `RuleError`.
    """
    try:
        return regex.match(pattern, text, timeout=PATTERN_TIMEOUT_SECONDS) is not None
    except TimeoutError:
        raise PatternTooSlow(TOO_SLOW) from None
    except (regex.error, TypeError) as exc:
        raise RuleError(f"Invalid pattern: {exc}") from None


# --- conditions -------------------------------------------------------------------------------


def check_condition(condition) -> None:
    """Refuse a display_condition whose shape the evaluator would not understand."""
    if condition in (None, {}):
        return
    if not isinstance(condition, dict):
        raise RuleError("A condition must be an object")
    operator = ALIASES.get(condition.get("operator"), condition.get("operator"))
    if operator in ("and", "or"):
        parts = condition.get("conditions")
        if not isinstance(parts, list):
            raise RuleError(f"'{operator}' needs a list of 'conditions'")
        for part in parts:
            check_condition(part)
    elif operator == "not":
        if not isinstance(condition.get("condition"), dict):
            raise RuleError("'not' needs a 'condition' object")
        check_condition(condition["condition"])
    elif operator in COMPARISONS:
        if not isinstance(condition.get("field"), str) or not condition["field"]:
            raise RuleError(f"'{operator}' needs a 'field' naming a node's ltree_path")
        if operator == "matches_pattern":
            _compile(condition.get("value"))
        if operator in ("in", "not_in", "any_of", "all_of") and not isinstance(condition.get("value"), list):
            raise RuleError(f"'{operator}' needs a list 'value'")
    else:
        raise RuleError(f"Unknown condition operator: {condition.get('operator')!r}")


def condition_holds(condition, context: dict) -> bool:
    """Whether `condition` is true for the selections in `context` (ltree_path -> value).

    A stored pattern that cannot be applied (`matches_pattern`) raises `RuleError`."""
    if condition in (None, {}):
        return True
    operator = ALIASES.get(condition.get("operator"), condition.get("operator"))
    if operator == "and":
        return all(condition_holds(part, context) for part in condition["conditions"])
    if operator == "or":
        return any(condition_holds(part, context) for part in condition["conditions"])
    if operator == "not":
        return not condition_holds(condition["condition"], context)
    return _compare(operator, resolve(context, condition["field"]), condition.get("value"))


def resolve(context: dict, field: str):
    """The value at `field`: a selected path, optionally followed by keys into its JSON value."""
    if field in context:
        return context[field]
    parts = field.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        head = ".".join(parts[:cut])
        if head in context:
            value = context[head]
            for key in parts[cut:]:
                if isinstance(value, dict) and key in value:
                    value = value[key]
                elif isinstance(value, list) and is_plain_number(key) and int(key) < len(value):
                    value = value[int(key)]
                else:
                    return MISSING
            return value
    return MISSING


def _number(value):
    if isinstance(value, bool) or value is None or value is MISSING:
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None  # NaN and infinities cannot be compared with


def _empty(value) -> bool:
    return value is MISSING or value is None or value in ("", [], {})


def _compare(operator: str, actual, expected) -> bool:
    if operator == "exists":
        return actual is not MISSING
    if operator == "not_exists":
        return actual is MISSING
    if operator == "is_empty":
        return _empty(actual)
    if operator == "is_not_empty":
        return not _empty(actual)
    if operator in ("equals", "not_equals"):
        left, right = _number(actual), _number(expected)
        same = left == right if left is not None and right is not None else actual == expected
        return same if operator == "equals" else not same
    if operator in ("greater_than", "less_than", "greater_equal", "less_equal"):
        left, right = _number(actual), _number(expected)
        if left is None or right is None:
            return False
        return {
            "greater_than": left > right,
            "less_than": left < right,
            "greater_equal": left >= right,
            "less_equal": left <= right,
        }[operator]
    if actual is MISSING:
        return operator == "not_in"
    if operator == "contains":
        return isinstance(actual, str | list | dict) and expected in actual
    if operator in ("starts_with", "ends_with"):
        text, fix = str(actual), str(expected)
        return text.startswith(fix) if operator == "starts_with" else text.endswith(fix)
    if operator == "matches_pattern":
        return matches(str(expected), str(actual))
    if operator in ("in", "not_in"):
        found = actual in expected
        return found if operator == "in" else not found
    values = actual if isinstance(actual, list) else [actual]
    if operator == "any_of":
        return any(item in expected for item in values)
    return all(item in values for item in expected)


# --- validation rules ---------------------------------------------------------------------------


def _compile(pattern) -> None:
    """Refuse a pattern that is invalid, or whose nested repeats could backtrack exponentially."""
    if not isinstance(pattern, str):
        raise RuleError("A pattern must be a string")
    try:
        parsed = pattern_parser.parse(pattern)
        regex.compile(pattern)
    except (re.error, regex.error) as exc:
        raise RuleError(f"Invalid pattern: {exc}") from None
    if _repeats_unbounded_repeat(parsed, repeated=False):
        raise RuleError(NESTED_REPEAT)


def _repeats_unbounded_repeat(parsed, *, repeated: bool) -> bool:
    """Whether an unbounded repeat sits inside a repeat that can run more than once.

    `parsed` is the parser's list of (opcode, argument); `repeated` says whether it is the body of
    such a repeat. Possessive repeats give nothing back, so their bodies cannot backtrack.
    """
    for opcode, argument in parsed:
        if opcode in (*BACKTRACKING_REPEATS, opcodes.POSSESSIVE_REPEAT):
            low, high, body = argument
            if repeated and high == opcodes.MAXREPEAT:
                return True
            if _repeats_unbounded_repeat(body, repeated=repeated or (opcode in BACKTRACKING_REPEATS and high > 1)):
                return True
        else:
            for body in _bodies(opcode, argument):
                if _repeats_unbounded_repeat(body, repeated=repeated):
                    return True
    return False


def _bodies(opcode, argument) -> list:
    """The sub-patterns inside a group, alternation, lookaround or conditional."""
    if opcode == opcodes.SUBPATTERN:
        return [argument[3]]
    if opcode == opcodes.BRANCH:
        return list(argument[1])
    if opcode in (opcodes.ASSERT, opcodes.ASSERT_NOT):
        return [argument[1]]
    if opcode == opcodes.ATOMIC_GROUP:
        return [argument]
    if opcode == opcodes.GROUPREF_EXISTS:
        return [body for body in argument[1:] if body is not None]
    return []


def _rule_list(rules) -> list[dict]:
    if rules in (None, {}, []):
        return []
    if isinstance(rules, dict):
        return [rules]
    if isinstance(rules, list) and all(isinstance(rule, dict) for rule in rules):
        return rules
    raise RuleError("Validation rules must be an object or a list of objects")


def check_rules(rules) -> None:
    """Refuse validation_rules in neither of the two shapes of reference §3, or that the evaluator
    below could not apply: the same pattern and length bounds it reads are checked here."""
    for rule in _rule_list(rules):
        if "rule_type" in rule:
            if rule["rule_type"] not in RULE_TYPES:
                raise RuleError(f"Unknown rule_type: {rule['rule_type']!r}")
            bounds = ("value", "min", "max") if rule["rule_type"] in ("min", "max") else ("min", "max")
            numbers = [rule.get(key) for key in bounds if rule.get(key) is not None]
            lengths = numbers if rule["rule_type"] == "length" else []
        else:
            unknown = set(rule) - RULE_KEYS
            if unknown:
                raise RuleError(f"Unknown validation rule keys: {', '.join(sorted(unknown))}")
            numbers = [rule.get(key) for key in ("min", "max", "min_length", "max_length") if key in rule]
            lengths = [rule[key] for key in ("min_length", "max_length") if key in rule]
            if "choices" in rule and not isinstance(rule["choices"], list):
                raise RuleError("'choices' must be a list")
        if any(_number(number) is None for number in numbers):
            raise RuleError("Rule bounds must be numbers")
        if any(_number(length) != _number(length).to_integral_value() for length in lengths):
            raise RuleError("Length bounds must be whole numbers")
        pattern = _pattern_of(rule)
        if pattern is not None or rule.get("rule_type") == "pattern":
            _compile(pattern)


def _pattern_of(rule: dict):
    """A rule's regular expression: `pattern`, or a typed pattern rule's `value`."""
    if rule.get("rule_type") == "pattern":
        return rule.get("pattern", rule.get("value"))
    return rule.get("pattern")


def rule_violation(rules, value) -> str | None:
    """The message of the first rule `value` breaks, or None when it keeps them all.

    A stored pattern that cannot be applied to `value` is a problem too, told as such."""
    for rule in _rule_list(rules):
        try:
            problem = _typed_rule(rule, value) if "rule_type" in rule else _keyed_rule(rule, value)
        except RuleError as exc:
            return str(exc)
        if problem:
            return rule.get("message") or problem
    return None


def _keyed_rule(rule: dict, value) -> str | None:
    if _empty(value):
        return None
    number = _number(value)
    for key, broken, text in (("min", lambda n, b: n < b, "at least"), ("max", lambda n, b: n > b, "at most")):
        if key in rule:
            if number is None:
                return "Value must be a number"
            if broken(number, _number(rule[key])):
                return f"Value must be {text} {rule[key]}"
    if "pattern" in rule and not matches(_pattern_of(rule), str(value)):
        return "Value does not match the required pattern"
    length = len(value) if isinstance(value, str | list) else len(str(value))
    if "min_length" in rule and length < _number(rule["min_length"]):
        return f"Value must be at least {rule['min_length']} characters long"
    if "max_length" in rule and length > _number(rule["max_length"]):
        return f"Value must be at most {rule['max_length']} characters long"
    if "choices" in rule and value not in rule["choices"]:
        return f"Value must be one of: {', '.join(map(str, rule['choices']))}"
    return None


def _typed_rule(rule: dict, value) -> str | None:
    kind = rule["rule_type"]
    if kind == "required":
        return "A value is required" if _empty(value) else None
    if _empty(value) or kind == "custom":  # custom rules carry no evaluable semantics (docs/configurator.md)
        return None
    low = rule.get("min", rule.get("value") if kind == "min" else None)
    high = rule.get("max", rule.get("value") if kind == "max" else None)
    if kind == "pattern":
        return None if matches(_pattern_of(rule), str(value)) else "Value does not match the required pattern"
    if kind == "length":
        size = len(value) if isinstance(value, str | list) else len(str(value))
        if low is not None and size < _number(low):
            return f"Value must be at least {low} characters long"
        if high is not None and size > _number(high):
            return f"Value must be at most {high} characters long"
        return None
    number = _number(value)
    if number is None:
        return "Value must be a number"
    if low is not None and number < _number(low):
        return f"Value must be at least {low}"
    if high is not None and number > _number(high):
        return f"Value must be at most {high}"
    return None
