"""Every customer page, fed junk through its own forms: the answer is never a 500.

The pages' side of "bad input gets a clear error, never a 500": each page is fetched as its owner,
every form on it is read from the HTML, and each is posted with every value of JUNK in all of its
fields. The live-price endpoints, posted by the pages' scripts rather than by a form, are fed the
forms of the pages that call them.
"""

import io
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from catalog.tests.shop_factories import ProductFactory
from configurator import demo as configurator_demo
from configurator import services as configurator_services
from configurator.choices import QuoteStatus
from configurator.models import ManufacturingType
from files.tests.factories import ModelFileFactory
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

JUNK = ["", " ", "x", "-1", "0", "1e309", "NaN", "9" * 40, "a\x00b", "<script>alert(1)</script>", "ä" * 5000]
FIELD_TAGS = ("input", "select", "textarea", "button")
# Posting these would end the session every later request needs.
SKIPPED_ACTIONS = ("/accounts/logout/",)


class FormReader(HTMLParser):
    """The forms of a page: (action, method, field names)."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.forms.append((attrs.get("action") or "", (attrs.get("method") or "get").lower(), []))
        elif tag in FIELD_TAGS and self.forms and name not in (None, "csrfmiddlewaretoken"):
            self.forms[-1][2].append(name)


def forms_of(html: str) -> list[tuple[str, str, list[str]]]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


@pytest.fixture
def customer_site(client, user):
    """A customer with a model, an order, and a configured, quoted and ordered product."""
    configurator_demo.load(io.StringIO())
    product = ManufacturingType.objects.get(name=configurator_demo.NAME)
    model_file = ModelFileFactory(owner=user)
    OrderFactory(user=user, file=model_file)
    configuration = configurator_services.create_configuration(user=user, manufacturing_type=product, name="Mine")
    quote = configurator_services.request_quote(configuration)
    ordered = configurator_services.create_configuration(user=user, manufacturing_type=product, name="Ordered")
    accepted = configurator_services.change_quote_status(
        configurator_services.request_quote(ordered), QuoteStatus.ACCEPTED, by_superuser=False
    )
    order = configurator_services.place_order(quote=accepted)
    client.force_login(user)
    pages = [
        reverse("home"),
        reverse("accounts:profile"),
        reverse("files:mine"),
        reverse("files:detail", args=[model_file.pk]),
        reverse("orders:quote", args=[model_file.pk]),
        reverse("orders:mine"),
        reverse("crm:call-request"),
        reverse("configurator:types"),
        reverse("configurator:new", args=[product.pk]),
        reverse("configurator:configurations"),
        reverse("configurator:configuration", args=[configuration.pk]),
        reverse("configurator:edit", args=[configuration.pk]),
        reverse("configurator:quotes"),
        reverse("configurator:quote", args=[quote.pk]),
        reverse("configurator:quote", args=[accepted.pk]),
        reverse("configurator:orders"),
        reverse("configurator:order", args=[order.pk]),
    ]
    live_prices = {
        reverse("orders:quote", args=[model_file.pk]): reverse("orders:quote-price"),
        reverse("configurator:new", args=[product.pk]): reverse("configurator:price-new", args=[product.pk]),
        reverse("configurator:edit", args=[configuration.pk]): reverse(
            "configurator:price-edit", args=[configuration.pk]
        ),
    }
    return client, pages, live_prices


def test_no_page_or_form_answers_junk_with_a_server_error(customer_site):
    client, pages, live_prices = customer_site
    fed = set()
    for page in pages:
        response = client.get(page)
        assert response.status_code < 500, page
        for action, method, names in forms_of(response.content.decode()):
            targets = {action or page} | ({live_prices[page]} if page in live_prices else set())
            for target in targets - set(SKIPPED_ACTIONS):
                for junk in JUNK:
                    data = dict.fromkeys(names, junk)
                    answer = client.post(target, data) if method == "post" else client.get(target, data)
                    assert answer.status_code < 500, f"{method.upper()} {target} with {junk[:20]!r}"
                    fed.add(target)
    # The forms were really found: profile, upload, order, call-me, configure and its live price...
    assert len(fed) >= 11 and {reverse("orders:quote-price"), reverse("crm:call-request")} <= fed


def test_no_storefront_form_answers_junk_with_a_server_error(client):
    """A shop's storefront (no sign-in): catalogue, cart and checkout, with a bouquet in the cart."""
    roses = ProductFactory(name="Розы")
    shop = roses.shop
    pages = [reverse(f"storefront:{name}", args=[shop.pk]) for name in ("catalogue", "cart", "checkout")]
    fed = set()
    for junk in [*JUNK, "²"]:
        client.post(reverse("storefront:cart-add", args=[shop.pk]), {"product_id": roses.pk})
        for page in pages:
            response = client.get(page)
            assert response.status_code < 500, page
            for action, method, names in forms_of(response.content.decode()):
                target = action or page
                data = dict.fromkeys(names, junk)
                answer = client.post(target, data) if method == "post" else client.get(target, data)
                assert answer.status_code < 500, f"{method.upper()} {target} with {junk[:20]!r}"
                fed.add(target)
    assert {reverse(f"storefront:{name}", args=[shop.pk]) for name in ("cart-add", "cart-change", "checkout")} <= fed


@pytest.mark.parametrize(
    "url",
    [
        "/mfg/models/99999999999999999999/",
        "/mfg/quote/9223372036854775808/",
        "/configure/quotes/99999999999999999999999/",
        "/configure/configurations/9223372036854775807/edit/",
    ],
)
def test_an_id_no_database_holds_is_404(client, user, url):
    client.force_login(user)
    assert client.get(url).status_code == 404
