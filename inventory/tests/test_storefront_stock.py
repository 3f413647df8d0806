"""The warehouse behind a shop's storefront (issue 13): a checkout reserves the stems its bouquets
take, and stock that is short refuses the order with the cart kept and nothing taken."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from catalog.tests.shop_factories import ShopFactory

from .test_warehouse_reserve import bouquet, stock

pytestmark = pytest.mark.django_db


def checkout(client, shop):
    day = timezone.localdate(timezone=ZoneInfo(settings.SHOP_TIME_ZONE)) + timedelta(days=1)
    form = {
        "name": "Айгуль",
        "phone": "+77011234567",
        "delivery_method": "self_pickup",
        "date": day.isoformat(),
        "time_from": "10:00",
        "time_to": "11:00",
    }
    return client.post(f"/shop/{shop.pk}/checkout/", form)


def test_a_checkout_reserves_stock_and_a_shortage_keeps_the_cart(client):
    shop = ShopFactory()
    roses = stock(shop, 30)
    classic = bouquet(shop, (roses, 25))
    client.post(f"/shop/{shop.pk}/cart/add/", {"product_id": classic.pk, "quantity": 1})
    placed = checkout(client, shop)
    assert placed.status_code == 302 and placed.url.startswith("/track/")
    roses.refresh_from_db()
    assert roses.quantity == 5

    client.post(f"/shop/{shop.pk}/cart/add/", {"product_id": classic.pk, "quantity": 1})
    refused = checkout(client, shop)
    assert refused.status_code == 422 and "not enough flowers in stock" in refused.content.decode()
    roses.refresh_from_db()
    assert roses.quantity == 5
    cart = client.get(f"/shop/{shop.pk}/cart/").context["cart"]
    assert [(line.product.pk, line.quantity) for line in cart.lines()] == [(classic.pk, 1)]
