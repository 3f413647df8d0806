"""Reserving stock for orders (issue 13): never below zero, no update lost, all or nothing."""

import threading

import pytest
from django.db import connection, connections

from catalog.tests.shop_factories import ProductFactory, shop_for, shop_owner
from config.errors import Rejected
from config.testing.clients import client_for
from config.testing.dialects import SHOP
from config.testing.services import service_missing
from inventory.models import ProductComponent, WarehouseItem
from inventory.services import warehouse

ORDERS, WITH_ITEMS = "/api/shop/orders", "/api/shop/orders/with-items"


def order_of(*lines):
    return {
        "customer_phone": "+77011234567",
        "recipient_name": "Айгуль",
        "address": "пр. Достык 89",
        "delivery_method": "delivery",
        "delivery_fee": 2000,
        "items": [{"product_id": product.pk, "quantity": quantity} for product, quantity in lines],
    }


def bouquet(shop, *components):
    """A product of the shop made of (warehouse item, stems per bouquet)."""
    product = ProductFactory(shop=shop)
    for item, stems in components:
        ProductComponent.objects.create(product=product, item=item, quantity=stems)
    return product


def stock(shop, quantity, variety="Роза Красная"):
    return WarehouseItem.objects.create(shop=shop, variety=variety, supplier="Flower Direct", quantity=quantity)


@pytest.mark.django_db
class TestReserve:
    def test_takes_what_is_asked(self):
        shop = shop_for(shop_owner())
        roses, tulips = stock(shop, 10), stock(shop, 5, "Тюльпан")
        warehouse.reserve(shop, {roses.pk: 3, tulips.pk: 5})
        roses.refresh_from_db(), tulips.refresh_from_db()
        assert (roses.quantity, tulips.quantity) == (7, 0)

    def test_not_enough_of_one_item_refuses_all_and_says_what_is_short(self):
        shop = shop_for(shop_owner())
        roses, tulips = stock(shop, 10), stock(shop, 2, "Тюльпан")
        with pytest.raises(Rejected, match=r"Not enough Тюльпан \(Flower Direct\) in stock: 3 needed, 2 left"):
            warehouse.reserve(shop, {roses.pk: 4, tulips.pk: 3})
        roses.refresh_from_db(), tulips.refresh_from_db()
        assert (roses.quantity, tulips.quantity) == (10, 2)

    def test_another_shops_item_is_never_taken(self):
        mine, theirs = shop_for(shop_owner()), shop_for(shop_owner())
        their_roses = stock(theirs, 10)
        with pytest.raises(Rejected, match="is not in this shop's stock"):
            warehouse.reserve(mine, {their_roses.pk: 1})
        their_roses.refresh_from_db()
        assert their_roses.quantity == 10


@pytest.mark.django_db
class TestOrdersReserveTheirComposition:
    def test_an_order_with_items_takes_its_bouquets_stems(self):
        owner = shop_owner()
        shop = shop_for(owner)
        roses, greens = stock(shop, 100), stock(shop, 10, "Эвкалипт")
        classic = bouquet(shop, (roses, 25), (greens, 3))
        response = client_for(owner).post(WITH_ITEMS, order_of((classic, 2)), format="json")
        assert response.status_code == 201, response.content
        roses.refresh_from_db(), greens.refresh_from_db()
        assert (roses.quantity, greens.quantity) == (50, 4)

    def test_not_enough_stock_refuses_the_order_and_takes_nothing(self):
        owner = shop_owner()
        shop = shop_for(owner)
        roses, greens = stock(shop, 100), stock(shop, 5, "Эвкалипт")
        classic = bouquet(shop, (roses, 25), (greens, 3))
        response = client_for(owner).post(WITH_ITEMS, order_of((classic, 2)), format="json")
        assert SHOP.assert_error(response, 400)["detail"] == (
            "Not enough Эвкалипт (Flower Direct) in stock: 6 needed, 5 left"
        )
        roses.refresh_from_db(), greens.refresh_from_db()
        assert (roses.quantity, greens.quantity) == (100, 5)
        assert client_for(owner).get(ORDERS).json()["total"] == 0

    def test_products_without_a_composition_take_nothing(self):
        owner = shop_owner()
        roses = stock(shop_for(owner), 1)
        card = ProductFactory(shop=shop_for(owner))
        assert client_for(owner).post(WITH_ITEMS, order_of((card, 3)), format="json").status_code == 201
        roses.refresh_from_db()
        assert roses.quantity == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_parallel_orders_leave_exactly_the_right_count():
    """Needs PostgreSQL: SQLite has one writer, so the orders could never overlap there."""
    if connection.vendor != "postgresql":
        service_missing("concurrent reservations need PostgreSQL (set DATABASE_URL)")
    owner = shop_owner()
    shop = shop_for(owner)
    roses = stock(shop, 91)  # 45 bouquets of 2, one stem over
    classic = bouquet(shop, (roses, 2))
    start, outcomes, errors = threading.Barrier(50), [], []
    clients = [client_for(owner) for _ in range(50)]  # signed in before the threads hold connections

    def order(client):
        try:
            start.wait(timeout=30)
            response = client.post(WITH_ITEMS, order_of((classic, 1)), format="json")
            outcomes.append({201: "reserved", 400: "refused"}.get(response.status_code, response.content))
        except Exception as exc:  # any failure in a thread is reported by the assert below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=order, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert (outcomes.count("reserved"), outcomes.count("refused")) == (45, 5), outcomes
    roses.refresh_from_db()
    assert roses.quantity == 1
    assert client_for(owner).get(ORDERS).json()["total"] == 45


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_parallel_reservations_never_go_below_zero():
    if connection.vendor != "postgresql":
        service_missing("concurrent reservations need PostgreSQL (set DATABASE_URL)")
    shop = shop_for(shop_owner())
    roses = stock(shop, 40)
    start, outcomes, errors = threading.Barrier(50), [], []

    def reserve():
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

    threads = [threading.Thread(target=reserve) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert outcomes.count("reserved") == 40 and outcomes.count("refused") == 10
    roses.refresh_from_db()
    assert roses.quantity == 0
