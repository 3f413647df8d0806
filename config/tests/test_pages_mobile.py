"""Issue 14: every customer page is usable on a 390 px phone: no sideways scroll, a folding menu,
tables read as one card per row."""

import pytest

from accounts.tests.factories import UserFactory
from config.testing.browser import outside_browser_loop, sign_in
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/accounts/profile/",
    "/accounts/orders/",
    "/mfg/models/",
    "/mfg/orders/",
    "/mfg/call-me/",
    "/configure/",
    "/configure/configurations/",
    "/configure/quotes/",
    "/configure/orders/",
]


def test_pages_fit_a_phone_and_the_menu_folds(browser_page):
    page = browser_page
    user = outside_browser_loop(UserFactory)
    outside_browser_loop(lambda: OrderFactory(user=user))
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, user)
    for path in PAGES:
        response = page.goto(page.site.url + path)
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways: {width} px"
    nav_link = page.get_by_role("link", name="My orders")
    assert not nav_link.is_visible()
    page.get_by_text("Menu").click()
    nav_link.click()
    page.wait_for_url("**/accounts/orders/")
    first_row = page.locator("table.stacked tbody tr").first
    assert first_row.locator("td[data-label=Total]").is_visible()
    assert not page.locator("table.stacked thead").is_visible()  # labels sit in each cell instead


def test_wide_screens_keep_the_menu_open_and_the_table(browser_page):
    page = browser_page
    user = outside_browser_loop(UserFactory)
    outside_browser_loop(lambda: OrderFactory(user=user))
    sign_in(page, user)
    page.goto(page.site.url + "/accounts/orders/")
    assert page.get_by_role("link", name="My orders").is_visible()
    assert not page.get_by_text("Menu").is_visible()
    assert page.locator("table.stacked thead").is_visible()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/docs/", "/api/redoc/"])
def test_every_page_has_a_favicon(client, path):
    """Without a link the browser asks for /favicon.ico, which is a 404 here."""
    page = client.get(path).content.decode()
    assert 'rel="icon"' in page and client.get("/static/favicon.svg").status_code == 200


@pytest.mark.parametrize("browser_locale", ["ru-RU"])
def test_russian_pages_fit_a_phone_and_the_switch_turns_them_english(browser_page):
    page = browser_page
    user = outside_browser_loop(UserFactory)
    order = outside_browser_loop(lambda: OrderFactory(user=user, total_price=1234.5))
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, user)
    for path in PAGES:
        page.goto(page.site.url + path)
        assert page.locator("html").get_attribute("lang") == "ru", path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways in Russian: {width} px"
    page.get_by_text("Меню").click()
    page.get_by_role("link", name="Мои заказы", exact=True).click()
    page.wait_for_url("**/accounts/orders/")
    total = page.locator(f'.order-row:has(a[href="/mfg/orders/{order.pk}/"]) td[data-label=Итого]')
    assert total.inner_text().endswith("1\xa0234,50\xa0₽")
    page.get_by_role("button", name="English").click()  # the switch sits outside the folded menu
    page.wait_for_url("**/accounts/orders/")
    assert page.locator("h1").inner_text() == "My orders"
    assert page.locator(".order-row td[data-label=Total]").inner_text().endswith("₽1,234.50")
    page.get_by_role("button", name="Русский").click()
    page.wait_for_url("**/accounts/orders/")
    assert page.locator("h1").inner_text() == "Мои заказы"
