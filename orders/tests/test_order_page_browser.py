"""Issue 14, a customer's whole manufacturing order in a real browser, in Russian, on a desktop and on a
390 px phone: a flat model is warned about and deleted, a solid one is quoted and ordered, and its
page shows the preview, the options in words, the price in roubles, the status history, the
quotation PDF and the cancel button while it is pending; the one My orders lists it."""

import re

import pytest
import trimesh
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from config.testing.browser import outside_browser_loop, sign_in
from files.models import ModelFile
from files.tests.factories import box_stl
from orders.models import Order

pytestmark = pytest.mark.browser

RUB = re.compile(r"^\d{1,3}(\xa0\d{3})*,\d\d\xa0₽$")  # 2 416,00 ₽: the Russian money format


def assert_fits(page, width):
    scrolled = page.evaluate("document.documentElement.scrollWidth")
    assert scrolled <= width, f"{page.url} scrolls sideways: {scrolled} px"


@pytest.mark.parametrize("browser_locale", ["ru-RU"])
@pytest.mark.parametrize("width", [1280, 390])
def test_a_russian_customer_orders_a_part_and_follows_it(browser_page, tmp_path, width):
    user = outside_browser_loop(UserFactory)
    flat, solid = tmp_path / "sheet.stl", tmp_path / "bracket.stl"
    sheet = trimesh.Trimesh(vertices=[[0, 0, 0], [30, 0, 0], [30, 20, 0], [0, 20, 0]], faces=[[0, 1, 2], [0, 2, 3]])
    flat.write_bytes(sheet.export(file_type="stl"))
    solid.write_bytes(box_stl((40.0, 25.0, 12.0)))
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, user)

    # A model with no thickness: warned about at upload, and deletable while no order uses it.
    page.goto(page.site.url + "/mfg/models/")
    page.set_input_files("#id_model", str(flat))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/mfg/models/*/")
    expect(page.locator(".flash.warning")).to_contain_text("У этой модели нет толщины")
    assert_fits(page, width)
    page.once("dialog", lambda dialog: dialog.accept())  # "Delete this model for good?"
    page.locator("#delete-model").click()
    page.wait_for_url("**/mfg/models/")
    expect(page.get_by_role("status")).to_contain_text("sheet.stl")
    assert outside_browser_loop(lambda: ModelFile.objects.filter(owner=user).count()) == 0

    page.set_input_files("#id_model", str(solid))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/mfg/models/*/")
    page.get_by_role("link", name="Рассчитать стоимость").click()
    expect(page.locator("#quote-price")).to_have_text(RUB)
    expect(page.locator("#quote-cycle")).to_contain_text("готово через")
    page.select_option("#id_material_id", "alum_D16")
    page.fill("#id_quantity", "3")
    expect(page.locator("#quote-price")).to_have_text(RUB)
    assert_fits(page, width)
    page.get_by_role("button", name="Оформить заказ").click()

    page.wait_for_url("**/mfg/orders/*/")
    order = outside_browser_loop(lambda: Order.objects.get(user=user))
    expect(page.locator("h1")).to_contain_text(f"Заказ №{order.pk}")
    expect(page.locator("#order-status")).to_have_text("Ожидает")
    preview = page.locator("main img.preview")
    expect(preview).to_be_visible()
    assert preview.evaluate("img => img.complete && img.naturalWidth > 0")
    options = page.locator("main dl.facts")
    for text in ("bracket.stl", "Фрезерная обработка с ЧПУ", "Алюминий Д16", "Лист", "40,0", "25,0", "12,0"):
        expect(options).to_contain_text(text)
    for cell in page.locator("#price-breakdown td").all():
        expect(cell).to_have_text(RUB)
    expect(page.locator("#price-breakdown")).to_contain_text("Итого")
    expect(page.locator("#status-history li")).to_have_count(1)
    expect(page.locator("#status-history li")).to_contain_text("Ожидает")
    assert page.locator("#status-history time").get_attribute("datetime")
    assert_fits(page, width)

    with page.expect_download() as download:
        page.get_by_role("link", name="Коммерческое предложение (PDF)").click()
    pdf = download.value
    assert pdf.suggested_filename == f"quotation-{order.pk}.pdf"
    assert pdf.path().read_bytes().startswith(b"%PDF-")

    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))  # the customer thinks again
    page.locator("#cancel-order").click()
    expect(page.locator("#order-status")).to_have_text("Ожидает")
    assert questions == [f"Отменить заказ №{order.pk}? Вернуть его будет нельзя."]
    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.locator("#cancel-order").click()
    page.wait_for_url(f"**/mfg/orders/{order.pk}/")
    expect(page.locator("#order-status")).to_have_text("Отменён")
    expect(page.locator("#status-history li")).to_have_count(2)
    expect(page.locator("#cancel-order")).to_have_count(0)  # only a pending order can be cancelled

    page.get_by_role("link", name="← Мои заказы").click()
    page.wait_for_url("**/accounts/orders/")
    row = page.locator(f'.order-row:has(a[href="/mfg/orders/{order.pk}/"])')
    expect(row).to_contain_text("Отменён")
    assert_fits(page, width)
