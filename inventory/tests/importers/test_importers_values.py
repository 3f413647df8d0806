"""Cells as the suppliers write them: quantities, prices and dates."""

from datetime import date
from decimal import Decimal

import pytest

from inventory.importers import values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1.06000", Decimal("1.06000")),
        ("0.0012", Decimal("0.0012")),
        ("1,234.50", Decimal("1234.50")),
        ("$1,234,567.5", Decimal("1234567.5")),
        ("US$ 0.5", Decimal("0.5")),
        ("USD 12.50", Decimal("12.50")),
        ("0.5 USD", Decimal("0.5")),
        ("€0.20", Decimal("0.20")),
        ("0", Decimal("0")),
        ("", None),
    ],
)
def test_price(text, expected):
    assert values.price(text) == expected


@pytest.mark.parametrize("text", ["free", "NaN", "Infinity", "-1.00", "$-0.5", "1e5", "0,50", "1.2.3", "99999999999"])
def test_price_refused(text):
    with pytest.raises(ValueError, match=r"the price"):
        values.price(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("100", 100), ("1,000", 1000), ("10.0", 10), ("0", 0), ("12,345,678", 12345678)]
)
def test_quantity(text, expected):
    assert values.quantity(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "missing"),
        ("many", "not a number"),
        ("NaN", "not a whole number"),
        ("2.5", "not a whole number"),
        ("-1", "negative"),
        ("1e12", "larger than"),
        ("1e999999999", "larger than"),
    ],
)
def test_quantity_refused(text, message):
    with pytest.raises(ValueError, match=message):
        values.quantity(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-11-05T00:00:00", date(2024, 11, 5)),
        ("2024-11-05", date(2024, 11, 5)),
        ("11/05/2024", date(2024, 11, 5)),
        ("05-Nov-24", date(2024, 11, 5)),
        ("Nov 05, 2024", date(2024, 11, 5)),
        ("soon", None),
        ("", None),
    ],
)
def test_order_date(text, expected):
    assert values.order_date(text) == expected
