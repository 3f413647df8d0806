"""Requests generated from the published OpenAPI schema, for every operation of every API.

Whatever the input, the answer is never a 500, is always JSON (the dialects' promise; STYLE.md
"Errors") and matches what the schema documents for it; and nobody gets a 2xx on another user's row.

Schemathesis generates the cases (schema-conforming ones and boundary values) and calls the
application in process. A generated integer id is pointed at a real row, so bodies and parameters
reach the code behind the lookup, not only its 404.
"""

import base64
import json
import os
import re

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.services import issue_access_token
from accounts.tests.factories import UserFactory
from catalog.shop import add_photo
from catalog.tests.shop_factories import ProductFactory, ShopFactory
from configurator.tests import factories as configurator
from crm.models import ImportantDate, ShopCustomer
from crm.tests.customer_factories import CustomerFactory
from crm.tests.factories import CallRequestFactory
from files.tests.factories import DocumentFactory, ModelFileFactory
from inventory.models import WarehouseItem
from inventory.tests import factories as inventory
from orders.tests.factories import OrderFactory
from orders.tests.shop_factories import ProductionTaskFactory, ShopOrderFactory, ShopOrderItemFactory
from printshop.models import AmsSlot, Filament, NotificationSettings, ScheduledPrint
from printshop.services import printers
from printshop.tests.etsy import factories as etsy

# Generated cases per operation beyond schemathesis' boundary values; the same ones every run, so
# CI is red only when the code changed. `FUZZ_EXAMPLES=50 make test` searches harder.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 8))
OWNERSHIP_EXAMPLES = max(EXAMPLES // 2, 1)
# Logging out would revoke the token every later case uses.
SKIPPED = r"/logout$"
FILE_ANSWERS = re.compile(r"/(download|preview|invoice)$")  # a model, an image, a PDF
# Rows any signed-in user may read (configurator spec): the catalogue and public templates; and a shop
# order's tracking, public to anyone with its token (shop spec "Tracking").
PUBLIC = {"manufacturing-types", "attribute-nodes", "templates", "shop:token"}
CONFIGURATOR_RESOURCE = re.compile(r"^/api/configurator/v1/([a-z-]+)/\{id\}")
# The smallest PNG (one pixel) a product photo may be.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
UUID = re.compile(r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")


def published_schema():
    """The schema `/api/schema` serves, generated without a request (collection has no database)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    loaded.app = WSGIHandler()
    return loaded.exclude(path_regex=SKIPPED)


schema = published_schema()


@pytest.fixture(autouse=True)
def requests_keep_the_test_connection():
    """What Django's test client does around a request: the test's transaction outlives it."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def rows_owned_by(owner) -> dict[str, int | str]:
    """One row of every resource, `owner`'s own, by path or query parameter or configurator resource.

    The inventory is shared (roles decide, not owners): its rows are simply rows that exist.
    """
    product = configurator.ManufacturingTypeFactory()
    root = configurator.make_node("Frame", manufacturing_type=product)
    configurator.make_node("Vinyl", parent=root)
    configuration = configurator.ConfigurationFactory(user=owner, manufacturing_type=product)
    quote = configurator.QuoteFactory(configuration=configuration)
    model_file = ModelFileFactory(owner=owner)
    return {
        "file_id": model_file.pk,
        "document_id": DocumentFactory(owner=owner).pk,
        "order_id": OrderFactory(user=owner, file=model_file).pk,
        "call_request_id": CallRequestFactory(user=owner).pk,
        "user_id": owner.pk,
        "attribute-nodes": root.pk,
        "configurations": configuration.pk,
        "customers": CustomerFactory().pk,
        "manufacturing-types": product.pk,
        "orders": configurator.OrderFactory(quote__configuration__user=owner).pk,
        "quotes": quote.pk,
        "templates": configurator.TemplateFactory(manufacturing_type=product, is_public=True).pk,
        **inventory_rows(),
        **printshop_rows(owner),
        **shop_rows(owner),
    }


def inventory_rows() -> dict[str, str]:
    cabinet = inventory.make_location(f"Cabinet {UserFactory().pk}")
    drawer = inventory.make_location("Drawer 1", parent=cabinet)
    category = inventory.CategoryFactory()
    part = inventory.PartFactory(location=drawer, categories=[category])
    return {
        "part_id": str(part.pk),
        "location_id": str(cabinet.pk),
        "category_id": str(category.pk),
        "cat_id": str(category.pk),
    }


def printshop_rows(owner) -> dict[str, int]:
    """A print farm of one printer with a slot, a spool stock, a queued print and notification settings,
    and an Etsy order with a line and a note (its `order_id` is the print shop's own, see `point_ids_at`)."""
    order = etsy.OrderFactory(shop=etsy.EtsyShopFactory(user=owner))
    etsy.OrderItemFactory(order=order)
    etsy.OrderNoteFactory(order=order)
    printer = printers.create_printer(
        owner,
        name="Fuzzed",
        connection_type="bambu_lan",
        serial_number=f"01P{owner.pk:012d}",
        api_url="192.168.1.100",
        access_code="12345678",
    )
    return {
        "printer_id": printer.pk,
        "slot_id": AmsSlot.objects.create(printer=printer, slot=1, loaded=True, material_type="PLA").pk,
        "filament_id": Filament.objects.create(
            owner=owner, material="PLA", color="Red", initial_amount=1000, current_amount=750, cost_per_gram=0.02
        ).pk,
        "print_id": ScheduledPrint.objects.create(printer=printer, job_name="Fuzzed job").pk,
        "settings_id": NotificationSettings.objects.create(printer=printer).pk,
        "printshop:order_id": order.pk,
    }


def shop_rows(owner) -> dict[str, int | str]:
    """`owner`'s flower shop: an order with a line, a product with a photo, a customer with a date, a task
    and stock. Keyed `shop:<parameter>`, since `order_id` also names the other APIs' orders."""
    shop = ShopFactory(owner=owner)
    order = ShopOrderFactory(shop=shop)
    ShopOrderItemFactory(order=order)
    product = ProductFactory(shop=shop)
    photo = add_photo(product, owner=owner, file_name="roses.png", content=TINY_PNG)
    customer = ShopCustomer.objects.create(shop=shop, phone=order.customer_phone, name="Мария")
    ImportantDate.objects.create(customer=customer, date_type="birthday", date="1990-05-15")
    ProductionTaskFactory(shop=shop, order=order)
    WarehouseItem.objects.create(shop=shop, variety="Роза Красная", supplier="Flower Direct", quantity=10)
    return {
        "shop:order_id": order.pk,
        "shop:product_id": product.pk,
        "shop:photo_id": photo.pk,
        "shop:id": customer.pk,
        "shop:token": order.tracking_token,
    }


def point_ids_at(case, rows) -> set[str]:
    """Point the case's integer path ids, and its UUID path and query ids, at `rows`; the resources
    it now names."""
    resource = CONFIGURATOR_RESOURCE.match(case.path)
    api = case.path.split("/")[2]
    named = set()
    for name, value in (case.path_parameters or {}).items():
        scoped = f"{api}:{name}"
        if scoped in rows and (str(value).isdigit() or not isinstance(rows[scoped], int)):
            # This API's own row (the shop's order_id is not the manufacturing service's); a text
            # key (the tracking token) is pointed at half the time, and stays junk otherwise.
            if isinstance(rows[scoped], int) or len(str(value)) % 2 == 0:
                case.path_parameters[name] = str(rows[scoped])
                named.add(scoped)
        elif str(value).isdigit():  # path values arrive serialised; odd ones ("0.5", "%C2%84") stay
            key = resource.group(1) if name == "id" and resource else name
            case.path_parameters[name] = str(rows.get(key, value))
            named.add(key)
        elif UUID.match(str(value)) and name in rows:
            case.path_parameters[name] = rows[name]
            named.add(name)
    for name, value in (case.query or {}).items():
        # Lookup ids in query strings (free text, or integers like the print shop's `printer_id`; an
        # unknown one is a 404): point about half of them (even ones) at real rows, the rest stay junk.
        key = f"{api}:{name}" if f"{api}:{name}" in rows else name
        a_text_id = isinstance(value, str) and (UUID.match(value) or len(value) % 2 == 0)
        a_number_id = isinstance(value, int) and not isinstance(value, bool) and value % 2 == 0
        if key in rows and (a_text_id or a_number_id):
            case.query[name] = rows[key]
            named.add(key)
    return named


def call_as(user, case):
    # The WSGI transport does not decode gzip; compression has its own tests (test_lean_requests.py).
    headers = {"Authorization": f"Bearer {issue_access_token(user)}", "Accept-Encoding": "identity"}
    response = case.call(headers=headers)
    where = f"{case.method} {case.formatted_path} -> {response.status_code}"
    # 503 is an answer, not a crash: an integration that is switched off says so (docs/bitrix24.md).
    assert response.status_code < 500 or response.status_code == 503, f"{where}: {response.text[:500]}"
    case.validate_response(response, checks=[response_schema_conformance])  # the docs tell the truth
    serves_a_file = FILE_ANSWERS.search(case.path) and response.status_code == 200
    if response.content and not serves_a_file:
        [content_type] = response.headers["content-type"]
        assert content_type == "application/json", f"{where}: {content_type}"
    return response, where


@pytest.fixture
def superuser(db):
    return configurator.SuperuserFactory(is_staff=True)


@pytest.fixture
def own_rows(superuser):
    return rows_owned_by(superuser)


@pytest.fixture
def shop_keeper(user):
    """A customer of the other APIs who also keeps a flower shop, so the shop API's routes let them
    past the door (`IsShopOwner`) and only the rows decide."""
    ShopFactory(owner=user)
    return user


@pytest.fixture
def their_rows(db):
    """Rows of a user who is not the caller."""
    return rows_owned_by(UserFactory())


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case, superuser, own_rows):
    """As a superuser, on the superuser's own rows: every code path behind the lookups is reached."""
    point_ids_at(case, own_rows)
    call_as(superuser, case)


@schema.include(path_regex=r"\{").parametrize()  # only routes that name a row
@settings(max_examples=OWNERSHIP_EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_one_reaches_another_users_rows(case, shop_keeper, their_rows):
    """As a customer, at another user's rows: whatever is sent, only public rows answer 2xx
    (and OPTIONS, the CORS preflight, which describes the route and shows no row)."""
    named = point_ids_at(case, their_rows)
    response, where = call_as(shop_keeper, case)
    if named - PUBLIC and case.method != "OPTIONS":
        assert response.status_code >= 400, where
