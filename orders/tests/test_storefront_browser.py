"""A customer in a real browser, in Russian, at desktop width and on a 390 px phone: the storefront,
the cart, the checkout and the tracking page of the order placed (issue 13)."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from catalog.shop import add_photo
from catalog.tests.shop_factories import ProductFactory, ShopFactory
from config.testing.browser import outside_browser_loop
from config.testing.pictures import picture
from orders.models import ShopOrder

pytestmark = pytest.mark.browser


def a_shop():
    shop = ShopFactory(name="Цветы у Достык")
    roses = ProductFactory(shop=shop, name="Букет роз", retail_price=25000, category="bouquet")
    add_photo(roses, owner=shop.owner, file_name="roses.jpg", content=picture())
    ProductFactory(shop=shop, name="Свеча", retail_price=4500, category="gift")
    return shop, roses


def assert_fits(page, width):
    scrolled = page.evaluate("document.documentElement.scrollWidth")
    assert scrolled <= width, f"{page.url} scrolls sideways: {scrolled} px"


@pytest.mark.parametrize("browser_locale", ["ru-RU"])
@pytest.mark.parametrize(("width", "method"), [(1280, "delivery"), (390, "self_pickup")])
def test_storefront_cart_checkout_tracking(browser_page, width, method):
    shop, roses = outside_browser_loop(a_shop)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{page.site.url}/shop/{shop.pk}/")
    expect(page.get_by_role("heading", name="Цветы и подарки")).to_be_visible()
    assert_fits(page, width)
    photo = page.locator(f"#product-{roses.pk} img")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.locator(f"#product-{roses.pk}")).to_contain_text("25\xa0000\xa0₸")

    page.get_by_role("link", name="Подарки").click()
    expect(page.locator("#products article")).to_have_count(1)
    page.get_by_role("link", name="Все").click()
    page.locator(f"#product-{roses.pk}").get_by_role("button", name="В корзину").click()
    expect(page.get_by_role("status")).to_contain_text("«Букет роз» в корзине.")
    expect(page.locator("#cart-count")).to_have_text("1")

    page.locator("#cart-link").click()
    page.wait_for_url("**/cart/")
    assert_fits(page, width)
    page.fill(f"#quantity-{roses.pk}", "2")
    page.get_by_role("button", name="Обновить").click()
    expect(page.locator("#cart-sum")).to_have_text("50\xa0000\xa0₸")

    page.get_by_role("link", name="Оформление заказа").click()
    page.wait_for_url("**/checkout/")
    page.get_by_role("button", name="Оформить заказ").click()  # nothing filled in: errors, no order
    expect(page.locator("#checkout .error").first).to_be_visible()
    assert_fits(page, width)
    day = timezone.localdate(timezone=ZoneInfo(settings.SHOP_TIME_ZONE)) + timedelta(days=1)
    page.fill("#id_name", "Айгуль")
    page.fill("#id_phone", "+77011234567")
    if method == "delivery":
        page.fill("#id_address", "г. Алматы, пр. Достык 89, кв. 45")
    else:
        page.get_by_label("Самовывоз").check()
    page.fill("#id_date", day.isoformat())
    page.fill("#id_time_from", "14:00")
    page.fill("#id_time_to", "16:00")
    page.fill("#id_comment", "Без открытки")
    page.get_by_role("button", name="Оформить заказ").click()

    page.wait_for_url(re.compile(r".*/track/[\w-]+/$"))
    order = outside_browser_loop(lambda: ShopOrder.objects.prefetch_related("items").get(shop=shop))
    assert page.url.endswith(f"/track/{order.tracking_token}/")
    expect(page.get_by_role("status")).to_contain_text(f"Спасибо! Заказ №{order.pk} оформлен.")
    expect(page.locator("#order-status")).to_have_text("Новый")
    expect(page.locator("#order-total")).to_have_text("50\xa0000\xa0₸")
    assert_fits(page, width)
    assert (order.status, order.delivery_method, order.total) == ("new", method, 50000)
    assert [(item.product_name, item.quantity) for item in order.items.all()] == [("Букет роз", 2)]

    page.get_by_role("link", name="Вернуться в магазин").click()
    expect(page.locator("#cart-count")).to_have_text("0")
