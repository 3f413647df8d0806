from decimal import Decimal


def rubles(value) -> str:
    """`1 234.50 ₽`: two decimals and the currency, whatever precision a JSON field or column holds."""
    return f"{Decimal(str(value)).quantize(Decimal('0.01')):,.2f} ₽".replace(",", " ")
