"""Reading one cell of a supplier export: quantities, prices and dates as the suppliers write them.

Each reader takes the cell's text (already stripped) and returns the value, or raises `ValueError`
with a message a user can act on; the parser turns that into a problem on the row's line.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

# An integer column of the inventory holds at most 2**31 - 1; no order line is anywhere near it.
MAX_QUANTITY = 1_000_000_000
MAX_PRICE = Decimal("1000000000")

# "$1.06000", "US$ 0.0123", "USD 12.50", "1,234.50", "0.5 USD": the amount with its currency around it.
CURRENCY_AROUND = re.compile(r"^(?:US\$|USD|\$|€|EUR|£|GBP|¥)?\s*(?P<amount>[^\s$€£¥A-Za-z]*?)\s*(?:USD|EUR|GBP)?$")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")

DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d-%b-%Y", "%d-%b-%y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d")


def quantity(text: str) -> int:
    """A whole number of parts: "100", "1,000", or "100.0" as a spreadsheet stores it."""
    if not text:
        raise ValueError("the quantity is missing")
    cleaned = THOUSANDS.sub("", text)
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"the quantity {text!r} is not a number") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(f"the quantity {text!r} is not a whole number")
    if number < 0:
        raise ValueError(f"the quantity {text!r} is negative")
    if number > MAX_QUANTITY:
        raise ValueError(f"the quantity {text!r} is larger than {MAX_QUANTITY:,}")
    return int(number)


def price(text: str) -> Decimal | None:
    """An amount of money with its currency sign or code around it ("$1.06000"); empty means unknown."""
    if not text:
        return None
    match = CURRENCY_AROUND.match(text)
    amount = THOUSANDS.sub("", match["amount"]) if match else ""
    try:
        value = Decimal(amount)
    except InvalidOperation:
        raise ValueError(f"the price {text!r} is not an amount of money") from None
    if not value.is_finite():
        raise ValueError(f"the price {text!r} is not an amount of money")
    if value < 0:
        raise ValueError(f"the price {text!r} is negative")
    if value >= MAX_PRICE:
        raise ValueError(f"the price {text!r} is too large")
    return value


def order_date(text: str) -> date | None:
    """The order date in any of the forms the suppliers write it; None when it cannot be read."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None
