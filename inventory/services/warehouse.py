"""A retail shop's warehouse (shop API "Warehouse"): supply deliveries add stock, orders reserve it.

Stock changes are single conditional UPDATEs (`quantity = quantity ± n WHERE ...`): the database
serialises writers on the row, so no update is lost and a reservation that would take an item below
zero changes nothing. Items are always touched in id order, so two orders never deadlock.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F

from config.errors import Rejected

from ..choices import Currency
from ..models import SupplyDelivery, SupplyDeliveryLine, WarehouseItem


@dataclass(frozen=True)
class Position:
    variety: str
    qty: int
    cost_per_stem: Decimal
    height_cm: int = 0


def to_kzt(amount: Decimal, rate: Decimal) -> int:
    """An amount in the delivery's currency as whole tenge (half up)."""
    return int((amount * rate).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def record_delivery(shop, *, supplier, farm, delivery_date, currency, rate, positions) -> SupplyDelivery:
    """Record a supply delivery and add every line to the shop's stock, all or nothing.

    KZT deliveries are not converted (their rate is 1); USD and EUR are priced at the given rate.
    """
    rate = Decimal(1) if currency == Currency.KZT else Decimal(rate)
    with transaction.atomic():
        delivery = SupplyDelivery.objects.create(
            shop=shop, supplier=supplier, farm=farm, delivery_date=delivery_date, currency=currency, rate=rate
        )
        lines, total = [], 0
        for position in positions:
            stem_kzt = to_kzt(position.cost_per_stem, rate)
            item, _ = WarehouseItem.objects.get_or_create(
                shop=shop, variety=position.variety, supplier=supplier, height_cm=position.height_cm
            )
            WarehouseItem.objects.filter(pk=item.pk).update(
                quantity=F("quantity") + position.qty, cost_per_stem=stem_kzt, to_write_off=False
            )
            line_total = stem_kzt * position.qty
            total += line_total
            lines.append(
                SupplyDeliveryLine(
                    delivery=delivery,
                    item=item,
                    variety=position.variety,
                    height_cm=position.height_cm,
                    qty=position.qty,
                    cost_per_stem=position.cost_per_stem,
                    cost_per_stem_kzt=stem_kzt,
                    total_kzt=line_total,
                )
            )
        SupplyDeliveryLine.objects.bulk_create(lines)
        delivery.total_cost = total
        delivery.save(update_fields=["total_cost"])
    return delivery


def reserve(shop, needs: dict[int, int]) -> None:
    """Take `needs` ({warehouse item id: stems}) from the shop's stock, all or nothing.

    Each item is one conditional UPDATE that only succeeds while enough is left; the first that
    does not is refused with what is short, and the caller's transaction (rolled back) keeps nothing.
    """
    with transaction.atomic():
        for item_id in sorted(needs):
            wanted = needs[item_id]
            if wanted <= 0:
                continue
            taken = WarehouseItem.objects.filter(pk=item_id, shop=shop, quantity__gte=wanted).update(
                quantity=F("quantity") - wanted
            )
            if not taken:
                raise _shortage(shop, item_id, wanted)


def _shortage(shop, item_id: int, wanted: int) -> Rejected:
    item = WarehouseItem.objects.filter(pk=item_id, shop=shop).first()
    if item is None:
        return Rejected(f"Warehouse item #{item_id} is not in this shop's stock", code="not_in_stock")
    return Rejected(f"Not enough {item} in stock: {wanted} needed, {item.quantity} left", code="insufficient_stock")
