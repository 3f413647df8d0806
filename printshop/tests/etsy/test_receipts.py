"""Receipt to order: amounts, status, buyer, shipping and items from Etsy's JSON."""

import copy
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from config.testing.fake_etsy import SAMPLE_RECEIPT
from printshop.etsy.receipts import ReceiptError, item_fields, items_of, money, order_fields, order_status


def test_sample_receipt_maps_to_an_order():
    order = order_fields(SAMPLE_RECEIPT)
    assert order["etsy_receipt_id"] == 3412345678
    assert order["total_amount"] == Decimal("42.48") and order["currency"] == "USD"
    assert order["subtotal_amount"] == Decimal("37.98")
    assert order["shipping_amount"] == Decimal("4.50")
    assert order["discount_amount"] == Decimal("2.00") and order["tax_amount"] == 0
    assert order["status"] == "paid" and order["is_paid"] and not order["is_shipped"]
    assert order["buyer_name"] == "Jordan Sample" and order["buyer_email"] == ""
    assert order["shipping_city"] == "Portland" and order["shipping_country"] == "US"
    assert order["shipping_address"].startswith("Jordan Sample\n12 Example Road")
    assert order["message_from_buyer"] == "Matte black please, name on the base: ALEX"
    assert order["ordered_at"] == datetime.fromtimestamp(1760000000, tz=UTC)
    assert order["etsy_updated_at"] == datetime.fromtimestamp(1760003600, tz=UTC)


def test_transactions_map_to_items():
    items = items_of(SAMPLE_RECEIPT)
    assert [(i["title"], i["quantity"], i["price"], i["sku"]) for i in items] == [
        ("Custom Name Desk Plate - 3D Printed", 1, Decimal("29.99"), "DESKPLATE-BLK-M"),
        ("Cable Clip Set (6 pcs)", 1, Decimal("9.99"), "CLIP-6"),
    ]
    assert items[0]["variations"] == [
        {"name": "Color", "value": "Matte Black"},
        {"name": "Personalization", "value": "ALEX"},
    ]
    assert items[0]["etsy_transaction_id"] == 4400000001 and items[0]["etsy_listing_id"] == 1600000001


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"amount": 4248, "divisor": 100, "currency_code": "USD"}, (Decimal("42.48"), "USD")),
        ({"amount": 1500, "divisor": 1, "currency_code": "jpy"}, (Decimal(1500), "JPY")),
        ({"amount": 12345, "divisor": 1000, "currency_code": "KWD"}, (Decimal("12.345"), "KWD")),
        (None, (Decimal(0), "")),
    ],
)
def test_money(value, expected):
    result = money(value)
    assert (result.amount, result.currency) == expected


@pytest.mark.parametrize("bad", [{"amount": 1, "divisor": 0}, {"amount": "x", "divisor": 100}, {"divisor": 100}])
def test_unreadable_money_is_refused(bad):
    with pytest.raises(ReceiptError):
        money(bad)


@pytest.mark.parametrize(
    ("etsy", "shipped", "ours"),
    [
        ("Paid", False, "paid"),
        ("Paid", True, "shipped"),
        ("Completed", True, "completed"),
        ("Payment Processing", False, "payment_processing"),
        ("Canceled", False, "canceled"),
        ("Fully Refunded", False, "fully_refunded"),
        ("Partially Refunded", True, "partially_refunded"),
        ("Open", False, "open"),
    ],
)
def test_status(etsy, shipped, ours):
    assert order_status({"status": etsy, "is_shipped": shipped}) == ours


def test_receipt_without_id_is_refused():
    receipt = copy.deepcopy(SAMPLE_RECEIPT)
    del receipt["receipt_id"]
    with pytest.raises(ReceiptError):
        order_fields(receipt)
    with pytest.raises(ReceiptError):
        item_fields({"title": "x"})
