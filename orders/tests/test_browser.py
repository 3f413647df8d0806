"""A customer in a real browser: upload a model, see its preview, get a live quote, order it."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from config.testing.browser import outside_browser_loop, sign_in
from files.tests.factories import ModelFileFactory, box_stl
from orders.models import Order

pytestmark = pytest.mark.browser


def test_upload_preview_quote_order(browser_page, tmp_path):
    user = outside_browser_loop(UserFactory)
    model_path = tmp_path / "bracket.stl"
    model_path.write_bytes(box_stl((40.0, 25.0, 12.0)))
    page = browser_page
    sign_in(page, user)

    page.get_by_role("link", name="My models").click()
    page.set_input_files("#id_model", str(model_path))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("#model-preview")
    assert page.eval_on_selector("#model-preview", "img => img.complete && img.naturalWidth > 0")
    assert "40.0 × 25.0 × 12.0 mm" in page.content()

    page.get_by_role("link", name="Get an instant quote").click()
    # Locator assertions, not wait_for_function: the page's policy refuses the eval() it would need.
    expect(page.locator("#quote-price")).to_contain_text("₽")
    first_price = page.inner_text("#quote-price")
    page.fill("#id_quantity", "25")
    expect(page.locator("#quote-price")).not_to_have_text(first_price)
    quoted = page.inner_text("#quote-price")
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url("**/mfg/orders/*/")  # the new order's own page

    order = outside_browser_loop(lambda: Order.objects.get(user=user))
    assert order.quantity == 25 and page.url.endswith(f"/mfg/orders/{order.pk}/")
    expect(page.get_by_role("status")).to_contain_text(f"Order #{order.pk} placed.")
    expect(page.locator("#order-status")).to_have_text("Pending")
    assert float(re.sub(r"[^\d.]", "", quoted)) == float(order.total_price)

    # The one "My orders" lists it; its row opens the order page again.
    page.get_by_role("link", name="← My orders").click()
    page.wait_for_url("**/accounts/orders/")
    row = page.locator(f'.order-row:has(a[href="/mfg/orders/{order.pk}/"])')
    expect(row).to_contain_text("bracket.stl")
    expect(row).to_contain_text("Pending")


def test_the_quote_offers_the_services_materials_and_clears_a_stale_price(browser_page):
    user = outside_browser_loop(UserFactory)
    model = outside_browser_loop(lambda: ModelFileFactory(owner=user))
    page = browser_page
    sign_in(page, user)
    page.goto(page.site.url + f"/mfg/quote/{model.pk}/")
    expect(page.locator("#quote-cycle")).to_contain_text("ready in")

    page.select_option("#id_service_id", "printing")
    offered = page.eval_on_selector_all(
        "#id_material_id option:not([disabled])", "options => options.map(o => o.value)"
    )
    assert offered == ["", "PA11", "PA12"]

    assert not page.get_by_text("File id").count()  # the hidden model id has no label
    page.fill("#id_quantity", "0")
    expect(page.locator("#quote-price")).to_have_text("—")
    expect(page.locator("#quote-cycle")).to_have_text("")
    expect(page.locator("#place-order")).to_be_disabled()
    expect(page.locator("#quote-errors li")).to_have_text(["Order at least one piece."])

    # Painting one small part comes out at 0: no price is shown, the page says what to do instead.
    page.fill("#id_quantity", "1")
    page.select_option("#id_service_id", "painting")
    expect(page.locator("#quote-errors li")).to_contain_text(["too small for the automatic price"])
    expect(page.locator("#quote-price")).to_have_text("—")
    expect(page.locator("#quote-cycle")).to_have_text("")
    expect(page.locator("#place-order")).to_be_disabled()
    page.select_option("#id_service_id", "cnc-milling")  # priced again: the order can be placed
    expect(page.locator("#quote-price")).to_contain_text("₽")
    expect(page.locator("#quote-errors li")).to_have_count(0)
    expect(page.locator("#place-order")).to_be_enabled()


def test_painting_offers_its_own_options_instead_of_the_machining_ones(browser_page):
    user = outside_browser_loop(UserFactory)
    model = outside_browser_loop(lambda: ModelFileFactory(owner=user))
    page = browser_page
    sign_in(page, user)
    page.goto(page.site.url + f"/mfg/quote/{model.pk}/")
    paint_fields = ["#id_paint_type", "#id_paint_prepare", "#id_paint_primer", "#id_paint_lakery"]
    machining_fields = ["#id_material_form", "#id_tolerance_id", "#id_finish_id"]
    for selector in paint_fields:
        expect(page.locator(selector)).to_be_hidden()
    expect(page.get_by_text("Primer", exact=True)).to_be_hidden()

    page.select_option("#id_service_id", "painting")
    page.fill("#id_quantity", "500")
    for selector in paint_fields:
        expect(page.locator(selector)).to_be_visible()
    for selector in machining_fields:
        expect(page.locator(selector)).to_be_hidden()
    expect(page.locator("#quote-price")).to_contain_text("₽")
    epoxy = page.locator("#quote-price").text_content()
    assert page.eval_on_selector("#id_paint_type", "s => [...s.options].map(o => o.text)") == [
        "Default",
        "Acrylic",
        "Epoxy",
        "Polyurethane",
    ]
    page.select_option("#id_paint_type", "polyurethane")  # the dearest paint
    expect(page.locator("#quote-price")).not_to_have_text(epoxy)

    page.select_option("#id_service_id", "cnc-milling")
    for selector in paint_fields:
        expect(page.locator(selector)).to_be_hidden()
    for selector in machining_fields:
        expect(page.locator(selector)).to_be_visible()
