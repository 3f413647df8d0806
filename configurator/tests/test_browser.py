"""A customer in a real browser: configure a window with a live price, save, quote, accept, order."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from config.testing.browser import outside_browser_loop, sign_in
from configurator import demo
from configurator.choices import ConfigurationStatus
from configurator.models import Order

pytestmark = pytest.mark.browser


def test_configure_price_save_quote_accept_order(browser_page):
    user = outside_browser_loop(UserFactory)
    outside_browser_loop(lambda: demo.load(io.StringIO()))
    page = browser_page
    sign_in(page, user)

    page.get_by_role("link", name="Configure", exact=True).click()
    page.get_by_role("link", name="Configure Casement Window").click()
    price, weight = page.locator("#config-price"), page.locator("#config-weight")
    expect(price).to_have_text("₽200.00")

    page.get_by_label("Aluminum").check()
    expect(price).to_have_text("₽250.00")
    page.get_by_label("Width", exact=True).fill("1000")
    expect(price).to_have_text("₽400.00")
    page.get_by_label("Glass", exact=True).select_option(label="Triple pane")
    expect(price).to_have_text("₽450.00")
    expect(weight).to_have_text("27.00")
    expect(page.locator("#config-technical")).to_have_text("U-factor, W/m²·K0.8")  # a label, never u_value

    # A pattern needs grilles: the choice is refused next to its question until grilles are added.
    page.get_by_label("Prairie").check()
    pattern_problems = page.locator("#configure-form .question", has_text="Grille Pattern").locator(".error")
    expect(pattern_problems).to_have_text("Not available with the other selections")
    expect(price).to_have_text("—")
    page.get_by_label("Grilles", exact=True).check()
    expect(pattern_problems).to_have_text("")
    expect(price).to_have_text("₽500.00")
    expect(weight).to_have_text("28.00")

    page.get_by_label("Width", exact=True).fill("100")
    expect(page.locator("#configure-form .question", has_text="Width").locator(".error")).to_have_text(
        "Sizes run from 400 to 2400 mm"
    )
    page.get_by_label("Width", exact=True).fill("1000")
    expect(price).to_have_text("₽500.00")

    page.fill("#id_name", "Kitchen window")
    page.get_by_role("button", name="Save configuration").click()
    page.wait_for_url("**/configure/configurations/*/")
    expect(page.locator("#configuration-price")).to_have_text("₽500.00")

    page.get_by_role("button", name="Request a quote").click()
    page.wait_for_url("**/configure/quotes/*/")
    expect(page.locator("#quote-total")).to_have_text("₽500.00")
    page.get_by_role("button", name="Accept quote").click()
    expect(page.locator("#quote-status")).to_have_text("Accepted")

    page.fill("#id_required_date", (timezone.localdate() + timedelta(days=14)).isoformat())
    page.fill("#id_special_instructions", "Call before delivery")
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url("**/configure/orders/*/")

    order = outside_browser_loop(lambda: Order.objects.select_related("quote__configuration").get(quote__user=user))
    assert str(order.quote.total_amount) == "500.00" and order.special_instructions == "Call before delivery"
    assert order.quote.configuration.status == ConfigurationStatus.ORDERED
    expect(page.locator("#order-status")).to_have_text("Confirmed")
    page.get_by_role("link", name="My product orders").click()
    expect(page.locator(f"#order-{order.pk}")).to_contain_text(order.order_number)


@pytest.mark.parametrize("browser_locale", ["ru-RU"])
def test_a_russian_customer_configures_on_a_phone(browser_page):
    """Issue 14 at 390 px in Russian: prices in roubles in the Russian format, ratings and answers in
    words (never u_value), nothing scrolls sideways, the quote and the order keep the currency."""
    user = outside_browser_loop(UserFactory)
    outside_browser_loop(lambda: demo.load(io.StringIO()))
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, user)

    def fits():
        scrolled = page.evaluate("document.documentElement.scrollWidth")
        assert scrolled <= 390, f"{page.url} scrolls sideways: {scrolled} px"

    page.goto(page.site.url + "/configure/")
    expect(page.locator("main")).to_contain_text("200,00\xa0₽")
    fits()
    page.get_by_role("link", name="Настроить: Casement Window").click()
    price = page.locator("#config-price")
    expect(price).to_have_text("200,00\xa0₽")
    page.get_by_label("Aluminum").check()
    page.get_by_label("Width", exact=True).fill("1000")
    page.get_by_label("Glass", exact=True).select_option(label="Triple pane")
    page.get_by_label("Grilles", exact=True).check()
    expect(price).to_have_text("485,00\xa0₽")
    expect(page.locator("#config-weight")).to_have_text("28,00")
    expect(page.locator("#config-technical")).to_have_text("Коэффициент теплопередачи U, Вт/м²·К0,8")
    fits()
    page.get_by_role("button", name="Сохранить конфигурацию").click()
    page.wait_for_url("**/configure/configurations/*/")
    expect(page.locator("#configuration-price")).to_have_text("485,00\xa0₽")
    answers = page.locator("main table")
    expect(answers).to_contain_text("Да")
    expect(answers).to_contain_text("1\xa0000")
    expect(page.locator("main")).not_to_contain_text("u_value")
    fits()
    page.get_by_role("button", name="Запросить предложение").click()
    page.wait_for_url("**/configure/quotes/*/")
    expect(page.locator("#quote-total")).to_have_text("485,00\xa0₽")
    fits()
