"""A part's order history (spec PartModel `order_items`) and its summary (`order_summary`), from the
supplier order lines that stocked it. Pure over plain rows, so the serializer and the fast page
writer (`part_rows`) answer the same."""

from decimal import Decimal

from django.db.models import F

from ..models import SupplierOrderItem

ITEM_COLUMNS = (
    "id",
    "order_id",
    "part_id",
    "supplier_part_number",
    "manufacturer_part_number",
    "description",
    "manufacturer",
    "quantity_ordered",
    "quantity_received",
    "unit_price",
    "extended_price",
    "status",
)
ORDER_COLUMNS = {"order_number": "order__order_number", "order_date": "order__order_date"}
ORDER_COLUMNS |= {"supplier": "order__supplier", "currency": "order__currency"}
NEWEST_FIRST = (F("order__order_date").desc(nulls_last=True), "-order__created_at", "id")


def item_rows(part_ids) -> dict:
    """Every order line of these parts as plain rows, newest order first, grouped by part (one query)."""
    rows = (
        SupplierOrderItem.objects.filter(part_id__in=list(part_ids))
        .order_by(*NEWEST_FIRST)
        .values(*ITEM_COLUMNS, **{name: F(column) for name, column in ORDER_COLUMNS.items()})
    )
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row["part_id"], []).append(row)
    return grouped


def item_row(item: SupplierOrderItem) -> dict:
    """One prefetched line (its order selected with it) as the row `item_rows` would give."""
    row = {column: getattr(item, column) for column in ITEM_COLUMNS}
    return row | {name: getattr(item.order, column.split("__")[1]) for name, column in ORDER_COLUMNS.items()}


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def order_items(rows: list[dict]) -> list[dict]:
    return [
        {
            **{column: row[column] for column in ITEM_COLUMNS},
            "id": str(row["id"]),
            "order_id": str(row["order_id"]),
            "part_id": str(row["part_id"]) if row["part_id"] else None,
            "unit_price": _number(row["unit_price"]),
            "extended_price": _number(row["extended_price"]),
            "order_number": row["order_number"],
            "order_date": _iso(row["order_date"]),
            "supplier": row["supplier"],
        }
        for row in rows
    ]


def order_summary(rows: list[dict]) -> dict | None:
    """How often and at what prices the part was ordered; null when it never was."""
    if not rows:
        return None
    latest = rows[0]
    prices = [row["unit_price"] for row in rows if row["unit_price"] is not None]
    return {
        "total_orders": len({row["order_id"] for row in rows}),
        "total_quantity_ordered": sum(row["quantity_ordered"] for row in rows),
        "last_order_number": latest["order_number"],
        "last_ordered_date": _iso(latest["order_date"]),
        "last_ordered_price": _number(latest["unit_price"]),
        "lowest_price": _number(min(prices)) if prices else None,
        "highest_price": _number(max(prices)) if prices else None,
        "average_price": round(float(sum(prices) / len(prices)), 6) if prices else None,
        "supplier": latest["supplier"],
        "currency": latest["currency"],
    }
