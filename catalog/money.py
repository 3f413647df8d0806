"""Money as the customer reads it: one format everywhere, in the active language, currency always shown.

- Russian: `1 234,50 ₽` (a no-break space groups thousands and precedes the sign, decimal comma).
- English: `₽1,234.50` (the sign first, as in `$1,234.50`; comma groups, decimal point).

Two decimals always, whatever precision a JSON field or column holds, except in a currency counted in
whole units: tenge (shop spec "Currency": no decimal places), `25 000 ₸`, `₸25,000`. A currency
without a sign of its own shows its code: `1 234,50 CHF`, `CHF 1,234.50`. Pages use `{{ value|money }}` or
`{{ value|money:"RUB" }}` (catalog/templatetags/money.py); Python (admin, the quotation PDF) calls
`format_money`.
"""

from decimal import Decimal, InvalidOperation

from django.utils import formats, translation

DEFAULT_CURRENCY = "RUB"
SIGNS = {"RUB": "₽", "USD": "$", "EUR": "€", "KZT": "₸"}
WHOLE_UNITS = {"KZT"}
NO_AMOUNT = "—"


def format_number(value, places: int | None = None) -> str:
    """A plain number in the active language's format (`1 234,5` / `1,234.5`), for sizes and
    quantities next to the prices; `places` fixes the decimals, else they are the value's own."""
    if value is None or value == "":
        return NO_AMOUNT
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if places is None:
        places = max(0, -number.normalize().as_tuple().exponent)
    return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def format_money(value, currency: str = DEFAULT_CURRENCY) -> str:
    """`value` (number, Decimal, numeric string) with its currency in the active language's format."""
    if value is None or value == "":
        return NO_AMOUNT
    currency = (currency or DEFAULT_CURRENCY).upper()
    places = 0 if currency in WHOLE_UNITS else 2
    try:
        amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    except (InvalidOperation, ValueError):
        return str(value)
    sign = SIGNS.get(currency)
    digits = formats.number_format(abs(amount), decimal_pos=places, use_l10n=True, force_grouping=True)
    minus = "-" if amount < 0 else ""
    if translation.get_language() == "en":
        return f"{minus}{sign}{digits}" if sign else f"{minus}{currency}\xa0{digits}"
    return f"{minus}{digits}\xa0{sign or currency}"
