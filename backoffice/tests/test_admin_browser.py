"""Issue 14, staff in a real browser, in English and in Russian: the admin home is a dashboard with a
banner while Bitrix24 is off; an order is found by its model's name and by its customer, reads its
price as a table of named lines in roubles with the inputs read-only, links to its model and its
customer, shows its status history, and takes its service from the catalogue; the CRM customers
list says what it holds where nothing covers it; the dashboard fits a 390 px phone."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, AdminFactory, UserFactory
from catalog.money import format_money
from config.testing.browser import outside_browser_loop
from files.tests.factories import ModelFileFactory
from orders import services

pytestmark = pytest.mark.browser

WORDS = {
    "en-US": {
        "log_in": "Log in",
        "new_today": "New orders today",
        "banner": "Bitrix24 is not configured",
        "total": "Total",
        "material": "Material",
        "search": "Search",
        "customers_note": "Customer records of the product configurator",
    },
    "ru-RU": {
        "log_in": "Войти",
        "new_today": "Новые заказы сегодня",
        "banner": "Битрикс24 не настроен",
        "total": "Итого",
        "material": "Материал",
        "search": "Найти",
        "customers_note": "Клиенты конфигуратора изделий",
    },
}


def an_order():
    staff = AdminFactory(is_superuser=True)
    customer = UserFactory(full_name="Zelda Customer")
    model = ModelFileFactory(owner=customer, original_filename="gearbox-housing.stl")
    order = services.place_order(
        customer, file_id=model.pk, service_id="cnc-milling", material_id="alum_D16", quantity=3
    )
    return staff, order


def sign_in(page, staff, words):
    page.goto(page.site.url + "/admin/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name=words["log_in"]).click()
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize("browser_locale", ["en-US", "ru-RU"])
def test_staff_find_and_read_an_order(browser_page, browser_locale):
    words = WORDS[browser_locale]
    staff, order = outside_browser_loop(an_order)
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, staff, words)

    expect(page.locator(".dashboard-banner")).to_contain_text(words["banner"])
    card = page.locator(".dashboard-card", has_text=words["new_today"])
    expect(card.locator(".dashboard-value")).to_have_text("1")
    card.click()
    expect(page.locator(f'#result_list a[href*="/admin/orders/order/{order.pk}/change/"]')).to_be_visible()

    for query in ("gearbox-housing", "Zelda"):  # by the model's name, by the customer's
        page.fill("#searchbar", query)
        page.get_by_role("button", name=words["search"], exact=True).click()
        expect(page.locator("#result_list tbody tr")).to_have_count(1)
        expect(page.locator("#result_list tbody tr")).to_contain_text("Zelda Customer")

    page.locator(f'#result_list a[href*="/admin/orders/order/{order.pk}/change/"]').click()
    breakdown = page.locator("table.price-breakdown")
    total = breakdown.locator("tr", has_text=words["total"]).locator("td")
    with translation.override(browser_locale[:2]):
        expect(total).to_have_text(format_money(order.total_price))  # ₽2,272.00 / 2 272,00 ₽
    expect(breakdown).not_to_contain_text("mat price")
    inputs = page.locator("table.inputs")
    expect(inputs.locator("tr", has_text=words["material"]).locator("td")).to_contain_text("(alum_D16)")
    # The price and its inputs are read, not edited; the service is a choice from the catalogue.
    assert page.locator("input[name=total_price], textarea[name=price_details]").count() == 0
    services_offered = page.eval_on_selector_all("#id_service_id option", "options => options.map(o => o.value)")
    assert "cnc-milling" in services_offered and "bogus-service" not in services_offered
    expect(page.locator("table.status-history tr")).to_have_count(1)

    page.get_by_role("link", name="gearbox-housing.stl").click()  # order → model
    page.wait_for_url(f"**/admin/files/modelfile/{order.file_id}/change/")
    page.go_back()
    page.get_by_role("link", name="Zelda Customer").first.click()  # order → customer
    page.wait_for_url(f"**/admin/accounts/user/{order.user_id}/change/")

    page.goto(page.site.url + "/admin/crm/customer/")
    note = page.locator("#what-it-holds")
    expect(note).to_contain_text(words["customers_note"])
    add = page.locator(".object-tools a").first.bounding_box()
    box = note.bounding_box()
    assert box["y"] >= add["y"] + add["height"], "the Add button covers the note"


def test_the_dashboard_fits_a_phone(browser_page):
    staff, _order = outside_browser_loop(an_order)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, staff, WORDS["en-US"])
    expect(page.locator(".dashboard-card").first).to_be_visible()
    scrolled = page.evaluate("document.documentElement.scrollWidth")
    assert scrolled <= 390, f"the dashboard scrolls sideways: {scrolled} px"
