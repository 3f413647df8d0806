"""The pricing engine: what one selection adds, and what a configuration totals (reference §2).

Pure functions over nodes and values, no database access: the services load the rows, call
these, and save the results in one transaction.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from . import conditions, formulas
from .choices import PriceImpactType

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def to_cents(amount: Decimal) -> Decimal:
    """Money and weights are kept to 2 decimals, rounded half-up (reference §2.2)."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Impact:
    """What one selection adds to its configuration."""

    price: Decimal
    weight: Decimal
    technical: dict | None = None


@dataclass
class Totals:
    price: Decimal
    weight: Decimal
    technical_data: dict = field(default_factory=dict)


def selection_impact(node, *, numeric_value=None, string_value=None, type_base_price=Decimal(0)) -> Impact:
    """Price, weight and technical contribution of selecting `node` with these values.

    Formulas see the selection's variables; the weight formula also sees the price impact just
    computed and the technical formula both (docs/configurator.md, "Formula variables").
    """
    variables = formulas.selection_variables(numeric_value, string_value)
    if node.price_impact_type == PriceImpactType.FORMULA:
        price = formulas.evaluate(node.price_formula, variables)
    elif node.price_impact_type == PriceImpactType.PERCENTAGE:
        # A percent of the manufacturing type's base price (reference §6.3).
        price = Decimal(type_base_price) * (node.price_impact_value or 0) / HUNDRED
    else:
        price = Decimal(node.price_impact_value or 0)
    price = to_cents(price)
    variables["price_impact"] = price
    if node.weight_formula and node.weight_formula.strip():
        weight = to_cents(formulas.evaluate(node.weight_formula, variables))
    else:
        weight = to_cents(node.weight_impact or 0)
    variables["weight_impact"] = weight
    technical = None
    if node.technical_impact_formula and node.technical_impact_formula.strip() and node.technical_property_type:
        value = formulas.evaluate(node.technical_impact_formula, variables)
        technical = {node.technical_property_type: float(round(value, 6))}
    return Impact(price=price, weight=weight, technical=technical)


def configuration_totals(base_price, base_weight, impacts) -> Totals:
    """Base plus every selection's impact; contributions to one technical property are summed."""
    totals = Totals(price=to_cents(base_price), weight=to_cents(base_weight))
    technical: dict[str, Decimal] = {}
    for impact in impacts:
        totals.price += impact.price
        totals.weight += impact.weight
        for name, value in (impact.technical or {}).items():
            technical[name] = technical.get(name, Decimal(0)) + Decimal(str(value))
    totals.technical_data = {name: float(round(value, 6)) for name, value in technical.items()}
    return totals


def quote_amounts(subtotal: Decimal, tax_rate: Decimal, discount: Decimal) -> tuple[Decimal, Decimal]:
    """(tax_amount, total_amount): tax rounded half-up to cents (reference §4.1, §6.2)."""
    tax = to_cents(Decimal(subtotal) * Decimal(tax_rate) / HUNDRED)
    return tax, to_cents(Decimal(subtotal) + tax - Decimal(discount))


FORMULA_FIELDS = ("price_formula", "weight_formula", "technical_impact_formula")


def node_problems(values: dict) -> dict[str, str]:
    """Why the engine could not use a node with these values, by field (checked when it is saved)."""
    problems = {}
    for name in FORMULA_FIELDS:
        try:
            formulas.validate(values.get(name))
        except formulas.FormulaError as exc:
            problems[name] = str(exc)
    for name, check in (
        ("display_condition", conditions.check_condition),
        ("validation_rules", conditions.check_rules),
    ):
        try:
            check(values.get(name))
        except conditions.RuleError as exc:
            problems[name] = str(exc)
    if values.get("price_impact_type") == PriceImpactType.FORMULA and not (values.get("price_formula") or "").strip():
        problems.setdefault("price_formula", "A formula price impact needs a price_formula")
    if (values.get("technical_impact_formula") or "").strip() and not values.get("technical_property_type"):
        problems["technical_property_type"] = "A technical_impact_formula needs a technical_property_type"
    return problems
