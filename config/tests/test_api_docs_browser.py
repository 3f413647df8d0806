"""Issue 14: the interactive docs work as an integrator uses them, in a real browser: an operation opens
with its summary, description and who may call it, and "Try it out" calls the API from the page."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_integrator_tries_a_public_call_from_the_docs_page(browser_page, tmp_path):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(page.site.url + "/api/docs/")
    operation = page.locator("#operations-mfg-mfg_services_retrieve")
    scroll_until_shown(page, operation)
    expect(operation).to_contain_text("List the manufacturing services")
    operation.locator(".opblock-summary").click()
    expect(operation).to_contain_text("The services that can be priced and ordered")
    expect(operation).to_contain_text("Who may call: no sign-in needed.")
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    answer = operation.locator(".live-responses-table tbody tr.response")
    expect(answer.locator(".response-col_status")).to_have_text("200")
    expect(answer.locator(".response-col_description")).to_contain_text('"cnc-milling"')
    expect(answer.locator(".response-col_description")).to_contain_text('"name": "CNC Milling"')
    operation.screenshot(path=tmp_path / "api-docs-try-it-out.png")


def scroll_until_shown(page, locator, steps=60):
    """With a large spec (from about 145 operations) Swagger UI keeps only the operations near the
    viewport in the page, so an integrator (and this test) scrolls down to the one they want."""
    page.locator(".opblock").first.wait_for()
    for _ in range(steps):
        if locator.count():
            return
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(150)
