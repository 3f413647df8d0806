"""The retail shop's warehouse (shop-cvety.md "Warehouse"; issue 13): stock per shop, supply deliveries."""

from decimal import Decimal

import pytest

from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import SHOP
from config.testing.endpoints import ListCase
from config.testing.shops import shop_of, shop_owner
from inventory.api import shop_views
from inventory.models import SupplyDelivery, WarehouseItem

pytestmark = pytest.mark.django_db

WAREHOUSE, DELIVERIES = "/api/shop/warehouse/", "/api/shop/warehouse/deliveries"


def item(owner, **fields):
    fields = {"variety": f"Роза {WarehouseItem.objects.count()}", "supplier": "Flower Direct", "quantity": 10} | fields
    return WarehouseItem.objects.create(shop=shop_of(owner), **fields)


def delivery(**fields):
    return {
        "supplier": "Flower Direct",
        "farm": "Ecuador Roses",
        "delivery_date": "2024-12-20T10:00:00Z",
        "currency": "USD",
        "rate": 470.0,
        "positions": [{"variety": "Роза Красная", "height_cm": 50, "qty": 200, "cost_per_stem": 0.5}],
    } | fields


class TestWarehouseList(ListCase):
    expect = SHOP
    list_url = WAREHOUSE
    views = (shop_views.WarehouseView,)

    def caller(self):
        return shop_owner()

    def make(self, owner):
        return item(owner)

    def test_another_shops_stock_is_not_listed(self):
        me, other = shop_owner(), shop_owner()
        mine = item(me)
        item(other)
        assert [row["id"] for row in SHOP.items(client_for(me).get(WAREHOUSE))] == [mine.pk]

    def test_staff_see_only_their_own_shop_too(self, staff):
        item(shop_owner())
        assert SHOP.items(client_for(staff).get(WAREHOUSE)) == []

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("variety=Роза", ["Роза Белая", "Роза Красная"]),
            ("supplier=dutch", ["Тюльпан"]),
            ("onShowcase=true", ["Роза Белая"]),
            ("onShowcase=false", ["Роза Красная", "Тюльпан"]),
            ("toWriteOff=true", ["Тюльпан"]),
        ],
    )
    def test_filters(self, query, expected):
        me = shop_owner()
        item(me, variety="Роза Красная")
        item(me, variety="Роза Белая", on_showcase=True)
        item(me, variety="Тюльпан", supplier="Dutch Flowers", to_write_off=True)
        rows = SHOP.items(client_for(me).get(f"{WAREHOUSE}?{query}"))
        assert sorted(row["variety"] for row in rows) == expected

    def test_a_bad_boolean_is_422(self):
        SHOP.assert_error(client_for(shop_owner()).get(f"{WAREHOUSE}?onShowcase=maybe"), 422)


@hand_tested(shop_views.DeliveriesView, why="a write-only route (no detail URL): a delivery shows in the stock it adds")
class TestDeliveries:
    def test_a_usd_delivery_adds_its_lines_to_stock_priced_in_whole_tenge(self):
        me = shop_owner()
        client = client_for(me)
        response = client.post(DELIVERIES, delivery(), format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["currency"] == "USD" and body["total_cost"] == 200 * 235
        assert body["lines"][0] | {"item_id": None} == {
            "item_id": None,
            "variety": "Роза Красная",
            "height_cm": 50,
            "qty": 200,
            "cost_per_stem": 0.5,
            "cost_per_stem_kzt": 235,
            "total_kzt": 47000,
        }
        [row] = SHOP.items(client.get(WAREHOUSE))
        assert (row["variety"], row["height_cm"], row["quantity"], row["cost_per_stem"]) == (
            "Роза Красная",
            50,
            200,
            235,
        )

    def test_a_second_delivery_of_the_same_kind_adds_to_the_same_item(self):
        me = shop_owner()
        client = client_for(me)
        client.post(DELIVERIES, delivery(), format="json")
        second = delivery(
            currency="EUR",
            rate=510.25,
            positions=[{"variety": "Роза Красная", "height_cm": 50, "qty": 50, "cost_per_stem": 0.45}],
        )
        assert client.post(DELIVERIES, second, format="json").status_code == 201
        stock = WarehouseItem.objects.get(shop=shop_of(me))
        assert stock.quantity == 250 and stock.cost_per_stem == 230  # 0.45 × 510.25 = 229.61

    def test_kzt_is_not_converted_and_needs_no_rate(self):
        me = shop_owner()
        body = {**delivery(currency="KZT", positions=[{"variety": "Хризантема", "qty": 10, "cost_per_stem": 300}])}
        del body["rate"]
        response = client_for(me).post(DELIVERIES, body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["rate"] == 1 and response.json()["total_cost"] == 3000

    def test_a_foreign_currency_without_a_rate_is_422_and_adds_nothing(self):
        body = delivery()
        del body["rate"]
        SHOP.assert_error(client_for(shop_owner()).post(DELIVERIES, body, format="json"), 422, "rate")
        assert not WarehouseItem.objects.exists() and not SupplyDelivery.objects.exists()

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"currency": "RUB"}, "currency"),
            ({"positions": []}, "positions"),
            ({"positions": [{"variety": "Роза", "qty": 0, "cost_per_stem": 1}]}, "qty"),
            ({"positions": [{"variety": "Роза", "qty": 5, "cost_per_stem": -1}]}, "cost_per_stem"),
            ({"rate": 0}, "rate"),
        ],
    )
    def test_bad_deliveries_are_422(self, change, field):
        SHOP.assert_error(client_for(shop_owner()).post(DELIVERIES, delivery(**change), format="json"), 422, field)
        assert not SupplyDelivery.objects.exists()

    def test_a_delivery_is_all_or_nothing(self, monkeypatch):
        from inventory.models import SupplyDeliveryLine

        def broken(*args, **kwargs):
            raise RuntimeError("the disk is full")

        monkeypatch.setattr(SupplyDeliveryLine.objects, "bulk_create", broken)
        client = client_for(shop_owner())
        client.raise_request_exception = False
        assert client.post(DELIVERIES, delivery(), format="json").status_code == 500
        assert not WarehouseItem.objects.exists() and not SupplyDelivery.objects.exists()

    def test_strangers_are_401_and_accounts_without_a_shop_403(self, user):
        SHOP.assert_error(client_for().post(DELIVERIES, delivery(), format="json"), 401)
        SHOP.assert_error(client_for(user).post(DELIVERIES, delivery(), format="json"), 403)

    def test_stock_of_one_shop_is_never_another_shops(self):
        me, other = shop_owner(), shop_owner()
        client_for(me).post(DELIVERIES, delivery(), format="json")
        client_for(other).post(DELIVERIES, delivery(), format="json")
        assert WarehouseItem.objects.count() == 2
        assert all(row.quantity == 200 for row in WarehouseItem.objects.all())
        assert Decimal(SupplyDelivery.objects.first().rate) == Decimal("470")
