"""The pricing engine (reference §2, §6.2, §6.3, §6.6): impacts per selection, totals, quote math."""

from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from configurator import services
from configurator.formulas import FormulaError
from configurator.models import AttributeNode
from configurator.pricing import Impact, configuration_totals, quote_amounts, selection_impact, to_cents

from .factories import ConfigurationFactory, ManufacturingTypeFactory, make_node

money = st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2, allow_nan=False, allow_infinity=False)


def node(**fields):
    defaults = {
        "price_impact_type": "fixed",
        "price_impact_value": None,
        "price_formula": None,
        "weight_impact": Decimal("0"),
        "weight_formula": None,
        "technical_property_type": None,
        "technical_impact_formula": None,
    }
    return SimpleNamespace(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("fields", "values", "price", "weight"),
    [
        ({"price_impact_value": Decimal("50.00"), "weight_impact": Decimal("2.00")}, {}, "50.00", "2.00"),
        ({}, {}, "0.00", "0.00"),
        ({"price_impact_type": "percentage", "price_impact_value": Decimal("10")}, {}, "20.00", "0.00"),
        ({"price_impact_type": "percentage", "price_impact_value": Decimal("12.5")}, {}, "25.00", "0.00"),
        ({"price_impact_type": "formula", "price_formula": "value * 5"}, {"numeric_value": 48.5}, "242.50", "0.00"),
        ({"price_impact_type": "formula", "price_formula": "width * 0.005"}, {"numeric_value": 1}, "0.01", "0.00"),
        ({"price_impact_type": "formula", "price_formula": "value * 2"}, {"string_value": "120 cm"}, "240.00", "0.00"),
        ({"weight_formula": "width * height / 100", "weight_impact": Decimal("9")}, {"numeric_value": 10}, "0", "1.00"),
        ({"weight_formula": "   ", "weight_impact": Decimal("9")}, {}, "0.00", "9.00"),
        (
            {"price_impact_value": Decimal("40"), "weight_formula": "price_impact / 10"},
            {},
            "40.00",
            "4.00",
        ),
    ],
)
def test_each_impact_type(fields, values, price, weight):
    impact = selection_impact(node(**fields), type_base_price=Decimal("200.00"), **values)
    assert (impact.price, impact.weight) == (Decimal(price), Decimal(weight))


def test_percentage_is_of_the_manufacturing_types_base_price_not_an_amount():
    impact = selection_impact(
        node(price_impact_type="percentage", price_impact_value=Decimal("15")), type_base_price=Decimal("450")
    )
    assert impact.price == Decimal("67.50")


def test_technical_formula_feeds_the_named_property():
    impact = selection_impact(
        node(technical_property_type="u_value", technical_impact_formula="0.28 + value / 1000"), numeric_value=10
    )
    assert impact.technical == {"u_value": 0.29}


def test_technical_formula_without_a_property_contributes_nothing():
    assert selection_impact(node(technical_impact_formula="1")).technical is None


def test_formula_errors_surface():
    with pytest.raises(FormulaError, match="Division by zero"):
        selection_impact(node(price_impact_type="formula", price_formula="1 / (value - 1)"))


def test_totals_sum_technical_contributions_to_the_same_property():
    impacts = [
        Impact(Decimal("1"), Decimal("1"), {"u_value": 0.1}),
        Impact(Decimal("2"), Decimal("2"), {"u_value": 0.2, "shgc": 0.35}),
    ]
    totals = configuration_totals(Decimal("200"), Decimal("15"), impacts)
    assert (totals.price, totals.weight) == (Decimal("203.00"), Decimal("18.00"))
    assert totals.technical_data == {"u_value": 0.3, "shgc": 0.35}


@given(base=money, base_weight=money, prices=st.lists(money, max_size=30), weights=st.lists(money, max_size=30))
def test_totals_are_base_plus_impacts(base, base_weight, prices, weights):
    impacts = [Impact(price, weight) for price, weight in zip(prices, weights, strict=False)]
    totals = configuration_totals(base, base_weight, impacts)
    assert totals.price == base + sum(impact.price for impact in impacts)
    assert totals.weight == base_weight + sum(impact.weight for impact in impacts)
    assert totals.technical_data == {}


@given(
    base=money,
    selections=st.lists(
        st.tuples(st.sampled_from(["fixed", "percentage", "formula"]), money, st.integers(0, 500)), max_size=20
    ),
)
def test_engine_totals_equal_base_plus_each_selections_impact(base, selections):
    impacts = []
    expected = base
    for kind, value, number in selections:
        impact = selection_impact(
            node(price_impact_type=kind, price_impact_value=value, price_formula="value * 3"),
            numeric_value=Decimal(number),
            type_base_price=base,
        )
        own = {"fixed": value, "percentage": to_cents(base * value / 100), "formula": Decimal(number * 3)}[kind]
        assert impact.price == own
        impacts.append(impact)
        expected += own
    assert configuration_totals(base, 0, impacts).price == expected


@given(subtotal=money, rate=st.decimals(min_value=0, max_value=100, places=2), discount=money)
def test_quote_tax_is_half_up_to_cents(subtotal, rate, discount):
    tax, total = quote_amounts(subtotal, rate, discount)
    assert tax == (subtotal * rate / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert total == subtotal + tax - discount


def test_quote_example_from_the_spec_rounds_half_up():
    assert quote_amounts(Decimal("525.00"), Decimal("8.50"), Decimal("0")) == (Decimal("44.63"), Decimal("569.63"))


@pytest.fixture
def options(db):
    manufacturing_type = ManufacturingTypeFactory(base_price=Decimal("180.00"), base_weight=Decimal("14.00"))
    root = make_node("Options", manufacturing_type=manufacturing_type)
    nodes = [make_node(f"Option {index}", parent=root) for index in range(8)]
    return ConfigurationFactory(manufacturing_type=manufacturing_type), nodes


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    choices=st.lists(
        st.tuples(st.sampled_from(["fixed", "percentage", "formula"]), money, money, st.integers(0, 1000)),
        min_size=0,
        max_size=8,
    )
)
def test_saved_totals_are_base_plus_the_saved_impacts(options, choices):
    configuration, nodes = options
    items = []
    for node, (kind, price, weight, number) in zip(nodes, choices, strict=False):
        AttributeNode.objects.filter(pk=node.pk).update(
            price_impact_type=kind, price_impact_value=price, price_formula="value / 4", weight_impact=weight
        )
        items.append({"attribute_node_id": node.pk, "numeric_value": Decimal(number)})
    services.replace_selections(configuration, items)
    configuration.refresh_from_db()
    selections = list(configuration.selections.all())
    assert len(selections) == len(items)
    assert configuration.total_price == Decimal("180.00") + sum(s.calculated_price_impact for s in selections)
    assert configuration.calculated_weight == Decimal("14.00") + sum(s.calculated_weight_impact for s in selections)
    for selection, (kind, price, weight, number) in zip(selections, choices, strict=False):
        expected = {"fixed": price, "percentage": to_cents(Decimal("180") * price / 100)}.get(kind)
        assert selection.calculated_price_impact == (to_cents(Decimal(number) / 4) if expected is None else expected)
        assert selection.calculated_weight_impact == weight
