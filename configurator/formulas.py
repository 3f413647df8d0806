"""The safe formula evaluator for price, weight and technical formulas (reference §1.4, §2.2).

Formulas are arithmetic only: numbers, variable names, `+ - * / **`, unary signs and parentheses.
They are parsed with `ast` and walked here; nothing is ever passed to `eval`. Arithmetic is done in
`Decimal`, every intermediate value must stay below 10**10 in magnitude, and `**` is bounded
before it is computed so a huge exponent never runs.
"""

import ast
import operator
import re
from decimal import Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from functools import lru_cache

LIMIT = Decimal(10) ** 10
MAX_LENGTH = 1000
VARIABLES = ("value", "width", "height", "depth", "quantity", "price_impact", "weight_impact")
ALLOWED_CHARACTERS = re.compile(r"^[A-Za-z0-9_\s+\-*/().,><=&|!]*$")
FORBIDDEN_TOKENS = ("__", "import ", "exec(", "eval(", "compile(", "open(", "os.", "sys.", "subprocess")
FIRST_NUMBER = re.compile(r"\d+(?:\.\d+)?")
BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


class FormulaError(ValueError):
    """A formula that may not be saved or cannot be evaluated; the message is shown to the client."""


def check_text(formula: str) -> None:
    """The original's save-time screen: characters, forbidden tokens, balanced parentheses."""
    if len(formula) > MAX_LENGTH:
        raise FormulaError(f"Formula is longer than {MAX_LENGTH} characters")
    if not ALLOWED_CHARACTERS.match(formula):
        raise FormulaError("Formula contains characters that are not allowed")
    lowered = formula.lower()
    for token in FORBIDDEN_TOKENS:
        if token in lowered:
            raise FormulaError(f"Formula contains a forbidden token: {token.strip()!r}")
    depth = 0
    for char in formula:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        raise FormulaError("Formula has unbalanced parentheses")


@lru_cache(maxsize=4096)
def parse(formula: str) -> ast.expr | None:
    """The checked expression tree of a formula, or None for an empty one (which is worth 0).

    Cached: a reprice evaluates the same few formulas for every selection (refusals are not cached,
    they raise)."""
    if formula is None or not formula.strip():
        return None
    check_text(formula)
    try:
        tree = ast.parse(formula.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise FormulaError("Formula is not a valid arithmetic expression") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in VARIABLES:
            raise FormulaError(unknown_variable(node.id))
        if not isinstance(node, ALLOWED_NODES):
            raise FormulaError(f"Formula may not contain {describe(node)}; only arithmetic is allowed")
        if isinstance(node, ast.Constant) and (isinstance(node.value, bool) or not isinstance(node.value, int | float)):
            raise FormulaError("Formula may only contain numbers and variables")
        if isinstance(node, ast.Constant):
            _bounded(Decimal(str(node.value)))
    return tree


ALLOWED_NODES = (
    ast.BinOp,
    ast.UnaryOp,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.Pow,
    ast.UAdd,
    ast.USub,
)


def describe(node: ast.AST) -> str:
    names = {ast.Call: "function calls", ast.Compare: "comparisons", ast.Attribute: "attribute access"}
    names.update({ast.Subscript: "subscripts", ast.IfExp: "conditionals", ast.BoolOp: "boolean operators"})
    return names.get(type(node), type(node).__name__)


def unknown_variable(name: str) -> str:
    return f"Unknown variable in formula: {name!r}. Available variables: {', '.join(VARIABLES)}"


def validate(formula: str | None) -> None:
    """Save-time check (reference §1.4, plus parsing with the evaluator as recommended there)."""
    parse(formula)


def evaluate(formula: str | None, variables: dict[str, Decimal]) -> Decimal:
    """The value of `formula` with `variables`; raises FormulaError for anything not computable."""
    tree = parse(formula)
    if tree is None:
        return Decimal(0)
    with localcontext() as context:
        context.prec = 34
        try:
            return _bounded(_evaluate(tree, variables))
        except (DivisionByZero, ZeroDivisionError):
            raise FormulaError("Division by zero in formula") from None
        except (InvalidOperation, Overflow):
            raise FormulaError("Formula result is not a finite number") from None
        except RecursionError:
            raise FormulaError("Formula is nested too deeply") from None


def _bounded(value: Decimal) -> Decimal:
    if not value.is_finite() or abs(value) >= LIMIT:
        raise FormulaError("Formula value is out of range (|x| must be below 10^10)")
    return value


def _evaluate(node: ast.expr, variables: dict[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Constant):
        return _bounded(Decimal(str(node.value)))
    if isinstance(node, ast.Name):
        if node.id not in variables:
            raise FormulaError(unknown_variable(node.id))
        return _bounded(Decimal(variables[node.id]))
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, variables)
        return -operand if isinstance(node.op, ast.USub) else operand
    left = _evaluate(node.left, variables)
    right = _evaluate(node.right, variables)
    if isinstance(node.op, ast.Pow):
        return _bounded(_power(left, right))
    if isinstance(node.op, ast.Div) and right == 0:
        raise FormulaError("Division by zero in formula")
    return _bounded(BINARY[type(node.op)](left, right))


def _power(base: Decimal, exponent: Decimal) -> Decimal:
    """`base ** exponent`, refused before computing when the result would leave the range."""
    if base == 0:
        if exponent < 0:
            raise FormulaError("Division by zero in formula")
        return Decimal(1) if exponent == 0 else Decimal(0)
    if base < 0 and exponent != exponent.to_integral_value():
        raise FormulaError("Formula raises a negative number to a fractional power")
    magnitude = abs(base).log10() * exponent
    if magnitude >= 10:
        raise FormulaError("Formula value is out of range (|x| must be below 10^10)")
    if magnitude < -40:
        return Decimal(0)
    return base**exponent


def selection_variables(numeric_value, string_value, price_impact=None, weight_impact=None) -> dict[str, Decimal]:
    """The variables a selection offers its node's formulas (reference §2.2)."""
    base = Decimal(numeric_value) if numeric_value is not None else Decimal(1)
    variables = dict.fromkeys(("value", "width", "height", "depth", "quantity"), base)
    match = FIRST_NUMBER.search(string_value) if string_value else None
    if match:
        variables["value"] = Decimal(match.group())
    variables["price_impact"] = Decimal(price_impact or 0)
    variables["weight_impact"] = Decimal(weight_impact or 0)
    return variables
