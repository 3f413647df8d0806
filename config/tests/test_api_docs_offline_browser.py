"""Issue 14: Swagger UI and ReDoc work on a machine with no internet: in a browser that may reach
only the platform, both pages draw the APIs, and neither page asks anything of another host."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def offline(page):
    """Refuse every request to another host, as a machine without internet would; return them."""
    own = urlsplit(page.site.url).netloc
    elsewhere = []

    def route(request_route):
        if urlsplit(request_route.request.url).netloc == own:
            request_route.continue_()
        else:
            elsewhere.append(request_route.request.url)
            request_route.abort("internetdisconnected")

    page.route("**/*", route)
    page.on("requestfailed", lambda request: elsewhere.append(request.url) if own not in request.url else None)
    return elsewhere


def test_swagger_ui_draws_the_apis_offline(browser_page):
    page = browser_page
    elsewhere = offline(page)
    page.goto(page.site.url + "/api/docs/")
    expect(page.locator(".info .title")).to_contain_text("Manufacturing platform APIs")
    # Swagger UI keeps only the operations near the viewport in the page: the first API is enough.
    expect(page.locator("#operations-tag-mfg")).to_be_visible()
    expect(page.locator(".opblock-summary-path").first).to_contain_text("/api/mfg/")
    page.wait_for_load_state("networkidle")
    assert elsewhere == []


def test_redoc_draws_every_api_offline(browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    elsewhere = offline(page)
    page.goto(page.site.url + "/api/redoc/")
    # ReDoc reads and lays out the whole schema (some 400 operations) before it draws anything.
    expect(page.locator("h1").first).to_contain_text("Manufacturing platform APIs", timeout=30_000)
    menu = page.locator(".menu-content")
    for tag in ("mfg", "printshop", "inventory", "shop", "configurator"):
        expect(menu.get_by_text(tag, exact=True)).to_be_visible()
    page.wait_for_load_state("networkidle")
    # No web fonts from Google; Redocly's footer logo (cdn.redoc.ly) is refused by the page itself.
    assert [url for url in elsewhere if "cdn.redoc.ly/redoc/logo-mini.svg" not in url] == []
