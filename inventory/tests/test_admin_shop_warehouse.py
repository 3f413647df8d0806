"""Staff see the shops' stock (with a low-stock filter) and deliveries in admin (issue 13)."""

import pytest

from catalog.tests.shop_factories import ProductFactory, shop_for, shop_owner
from inventory.models import SupplyDelivery, WarehouseItem
from inventory.services import warehouse

pytestmark = pytest.mark.django_db


def test_the_low_stock_filter_shows_items_under_their_threshold(admin_client):
    shop = shop_for(shop_owner())
    WarehouseItem.objects.create(shop=shop, variety="Роза Красная", supplier="A", quantity=5, low_stock_threshold=20)
    WarehouseItem.objects.create(shop=shop, variety="Тюльпан Белый", supplier="A", quantity=50, low_stock_threshold=20)
    WarehouseItem.objects.create(shop=shop, variety="Пион Розовый", supplier="A", quantity=0)
    page = admin_client.get("/admin/inventory/warehouseitem/?stock=low").content.decode()
    assert "Роза Красная" in page and "Пион Розовый" in page and "Тюльпан Белый" not in page
    page = admin_client.get("/admin/inventory/warehouseitem/?stock=out").content.decode()
    assert "Пион Розовый" in page and "Роза Красная" not in page


def test_a_delivery_shows_with_its_lines_and_cannot_be_added_by_hand(admin_client):
    shop = shop_for(shop_owner())
    delivery = warehouse.record_delivery(
        shop,
        supplier="Flower Direct",
        farm="Ecuador Roses",
        delivery_date="2024-12-20T10:00:00Z",
        currency="KZT",
        rate=1,
        positions=[warehouse.Position(variety="Роза Красная", qty=10, cost_per_stem=300)],
    )
    assert "Flower Direct" in admin_client.get("/admin/inventory/supplydelivery/").content.decode()
    page = admin_client.get(f"/admin/inventory/supplydelivery/{delivery.pk}/change/").content.decode()
    assert "Роза Красная" in page and "3000" in page
    assert admin_client.get("/admin/inventory/supplydelivery/add/").status_code == 403
    assert SupplyDelivery.objects.count() == 1


def test_a_composition_mixing_two_shops_is_refused(admin_client):
    product = ProductFactory()
    theirs = WarehouseItem.objects.create(shop=shop_for(shop_owner()), variety="Роза", supplier="A", quantity=5)
    response = admin_client.post(
        "/admin/inventory/productcomponent/add/", {"product": product.pk, "item": theirs.pk, "quantity": 3}
    )
    assert response.status_code == 200 and "belong to different shops" in response.content.decode()
