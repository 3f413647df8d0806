"""What an Etsy receipt (Open API v3 ShopReceipt) means to us: one order and its items.

Pure functions over Etsy's JSON: amounts come as `{amount, divisor, currency_code}` and become
Decimals (4248 / 100 = 42.48 USD), Unix timestamps become aware datetimes, and Etsy's status words
(`Paid`, `Payment Processing`, `Canceled`, ...) become our order status values.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

# Etsy's receipt status words, lower-cased, to ours (printshop.choices.OrderStatus).
ETSY_STATUSES = {
    "open": "open",
    "payment processing": "payment_processing",
    "paid": "paid",
    "completed": "completed",
    "canceled": "canceled",
    "cancelled": "canceled",
    "fully refunded": "fully_refunded",
    "partially refunded": "partially_refunded",
}


class ReceiptError(ValueError):
    """A receipt we cannot read (no id, an unreadable amount): skipped and reported, never half-saved."""


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


def money(value) -> Money:
    """Etsy's Money object as a Decimal amount and its currency; absent money is zero."""
    if not value:
        return Money(Decimal(0), "")
    try:
        amount = Decimal(int(value["amount"])) / Decimal(int(value["divisor"]))
    except (KeyError, TypeError, ValueError, ArithmeticError):
        raise ReceiptError(f"Unreadable amount: {value!r}") from None
    return Money(amount, str(value.get("currency_code") or "").upper())


def moment(timestamp) -> datetime | None:
    return datetime.fromtimestamp(int(timestamp), tz=UTC) if timestamp else None


def order_status(receipt: dict) -> str:
    """Our status: Etsy's word, and `shipped` for a paid receipt Etsy shows as sent."""
    status = ETSY_STATUSES.get(str(receipt.get("status") or "").strip().lower(), "open")
    if status == "paid" and receipt.get("is_shipped"):
        return "shipped"
    return status


def _text(value) -> str:
    return str(value or "").strip()


def order_fields(receipt: dict) -> dict:
    """The order's fields Etsy owns (our production status and notes are never among them)."""
    try:
        receipt_id = int(receipt["receipt_id"])
    except (KeyError, TypeError, ValueError):
        raise ReceiptError("A receipt without a receipt_id") from None
    total = money(receipt.get("grandtotal"))
    tax = money(receipt.get("total_tax_cost")).amount + money(receipt.get("total_vat_cost")).amount
    return {
        "etsy_receipt_id": receipt_id,
        "etsy_buyer_user_id": receipt.get("buyer_user_id"),
        "buyer_name": _text(receipt.get("name"))[:255],
        "buyer_email": _text(receipt.get("buyer_email"))[:254],
        "status": order_status(receipt),
        "is_paid": bool(receipt.get("is_paid")),
        "is_shipped": bool(receipt.get("is_shipped")),
        "currency": total.currency,
        "total_amount": total.amount,
        "subtotal_amount": money(receipt.get("subtotal")).amount,
        "shipping_amount": money(receipt.get("total_shipping_cost")).amount,
        "tax_amount": tax,
        "discount_amount": money(receipt.get("discount_amt")).amount,
        "shipping_name": _text(receipt.get("name"))[:255],
        "shipping_first_line": _text(receipt.get("first_line"))[:255],
        "shipping_second_line": _text(receipt.get("second_line"))[:255],
        "shipping_city": _text(receipt.get("city"))[:255],
        "shipping_state": _text(receipt.get("state"))[:255],
        "shipping_zip": _text(receipt.get("zip"))[:32],
        "shipping_country": _text(receipt.get("country_iso"))[:2],
        "shipping_address": _text(receipt.get("formatted_address")),
        "message_from_buyer": _text(receipt.get("message_from_buyer")),
        "is_gift": bool(receipt.get("is_gift")),
        "gift_message": _text(receipt.get("gift_message")),
        "ordered_at": moment(receipt.get("created_timestamp") or receipt.get("create_timestamp")),
        "etsy_updated_at": moment(receipt.get("updated_timestamp") or receipt.get("update_timestamp")),
    }


def item_fields(transaction: dict) -> dict:
    """One transaction (a listing bought in some quantity) as an order item; `price` is per unit."""
    try:
        transaction_id = int(transaction["transaction_id"])
    except (KeyError, TypeError, ValueError):
        raise ReceiptError("A transaction without a transaction_id") from None
    return {
        "etsy_transaction_id": transaction_id,
        "title": _text(transaction.get("title"))[:255],
        "quantity": max(int(transaction.get("quantity") or 1), 1),
        "price": money(transaction.get("price")).amount,
        "sku": _text(transaction.get("sku"))[:100],
        "etsy_listing_id": transaction.get("listing_id"),
        "variations": [
            {"name": _text(v.get("formatted_name")), "value": _text(v.get("formatted_value"))}
            for v in transaction.get("variations") or []
            if isinstance(v, dict)
        ],
    }


def items_of(receipt: dict) -> list[dict]:
    return [item_fields(t) for t in receipt.get("transactions") or [] if isinstance(t, dict)]
