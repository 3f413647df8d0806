"""The main pages and the admin in a real browser under the Content-Security-Policy: Chromium reports
no violation (it logs every refused script, style or connection to the console)."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import AdminFactory
from config.testing.browser import outside_browser_loop, sign_in
from configurator import demo as configurator_demo
from configurator import services as configurator_services
from configurator.models import AttributeNode, ManufacturingType
from files.tests.factories import ModelFileFactory
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.browser

VIOLATION = "Content Security Policy"


def pages_of_a_customer_who_is_staff() -> tuple[object, list[str]]:
    """A superuser with a model, an order and a quoted configuration, and the pages that show them."""
    user = AdminFactory(is_superuser=True)
    configurator_demo.load(io.StringIO())
    product = ManufacturingType.objects.get(name=configurator_demo.NAME)
    model_file = ModelFileFactory(owner=user)
    order = OrderFactory(user=user, file=model_file)
    configuration = configurator_services.create_configuration(user=user, manufacturing_type=product, name="Mine")
    quote = configurator_services.request_quote(configuration)
    return user, [
        reverse("home"),
        reverse("accounts:profile"),
        reverse("files:mine"),
        reverse("files:detail", args=[model_file.pk]),
        reverse("orders:quote", args=[model_file.pk]),
        reverse("orders:mine"),
        reverse("crm:call-request"),
        reverse("configurator:types"),
        reverse("configurator:new", args=[product.pk]),
        reverse("configurator:configuration", args=[configuration.pk]),
        reverse("configurator:edit", args=[configuration.pk]),
        reverse("configurator:quote", args=[quote.pk]),
        reverse("admin:index"),
        reverse("admin:configurator_attributenode_changelist"),
        reverse("admin:configurator_attributenode_change", args=[AttributeNode.objects.first().pk]),
        reverse("admin:files_modelfile_changelist"),
        reverse("admin:orders_order_change", args=[order.pk]),
        reverse("admin:configurator_configuration_add"),
    ]


def test_main_pages_and_admin_report_no_policy_violation(browser_page):
    user, paths = outside_browser_loop(pages_of_a_customer_who_is_staff)
    page = browser_page
    console = []
    page.on("console", lambda message: console.append((page.url, message.text)))
    sign_in(page, user)
    for path in paths:
        response = page.goto(page.site.url + path)
        assert response.status == 200, path
        assert "content-security-policy" in response.headers, path
        page.wait_for_load_state("networkidle")  # the live-price scripts have fetched and drawn
    # The pages' own scripts ran under the policy: the quote page drew its live price.
    page.goto(page.site.url + paths[4])
    expect(page.locator("#quote-price")).to_contain_text("₽")
    assert [(url, text) for url, text in console if VIOLATION in text] == []
