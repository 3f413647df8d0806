"""Reserving stock for orders (issue 13): never below zero, no update lost, all or nothing."""

import threading

import pytest
from django.db import connection, connections

from config.errors import Rejected
from config.testing.services import service_missing
from config.testing.shops import shop_of, shop_owner
from inventory.models import WarehouseItem
from inventory.services import warehouse


def stock(shop, quantity, variety="Роза Красная"):
    return WarehouseItem.objects.create(shop=shop, variety=variety, supplier="Flower Direct", quantity=quantity)


@pytest.mark.django_db
class TestReserve:
    def test_takes_what_is_asked(self):
        shop = shop_of(shop_owner())
        roses, tulips = stock(shop, 10), stock(shop, 5, "Тюльпан")
        warehouse.reserve(shop, {roses.pk: 3, tulips.pk: 5})
        roses.refresh_from_db(), tulips.refresh_from_db()
        assert (roses.quantity, tulips.quantity) == (7, 0)

    def test_not_enough_of_one_item_refuses_all_and_says_what_is_short(self):
        shop = shop_of(shop_owner())
        roses, tulips = stock(shop, 10), stock(shop, 2, "Тюльпан")
        with pytest.raises(Rejected, match=r"Not enough Тюльпан \(Flower Direct\) in stock: 3 needed, 2 left"):
            warehouse.reserve(shop, {roses.pk: 4, tulips.pk: 3})
        roses.refresh_from_db(), tulips.refresh_from_db()
        assert (roses.quantity, tulips.quantity) == (10, 2)

    def test_another_shops_item_is_never_taken(self):
        mine, theirs = shop_of(shop_owner()), shop_of(shop_owner())
        their_roses = stock(theirs, 10)
        with pytest.raises(Rejected, match="is not in this shop's stock"):
            warehouse.reserve(mine, {their_roses.pk: 1})
        their_roses.refresh_from_db()
        assert their_roses.quantity == 10


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_parallel_orders_leave_exactly_the_right_count():
    """Needs PostgreSQL: SQLite has one writer, so the orders could never overlap there."""
    if connection.vendor != "postgresql":
        service_missing("concurrent reservations need PostgreSQL (set DATABASE_URL)")
    shop = shop_of(shop_owner())
    roses = stock(shop, 40)
    start, outcomes, errors = threading.Barrier(50), [], []

    def order():
        try:
            start.wait(timeout=30)
            warehouse.reserve(shop, {roses.pk: 1})
            outcomes.append("reserved")
        except Rejected:
            outcomes.append("refused")
        except Exception as exc:  # any other failure is reported by the assert below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=order) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(outcomes).count("reserved") == 40 and outcomes.count("refused") == 10
    roses.refresh_from_db()
    assert roses.quantity == 0
