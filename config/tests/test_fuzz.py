"""Requests generated from the published OpenAPI schema, for every operation of every API.

Whatever the input, the answer is never a 500, is always JSON (the dialects' promise; STYLE.md
"Errors") and matches what the schema documents for it; and nobody gets a 2xx on another user's row.

Schemathesis generates the cases (schema-conforming ones and boundary values) and calls the
application in process. A generated integer id is pointed at a real row, so bodies and parameters
reach the code behind the lookup, not only its 404.
"""

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
from configurator.tests import factories as configurator
from crm.tests.customer_factories import CustomerFactory
from crm.tests.factories import CallRequestFactory
from files.tests.factories import DocumentFactory, ModelFileFactory
from inventory.tests import factories as inventory
from orders.tests.factories import OrderFactory
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
# Rows any signed-in user may read (configurator spec): the catalogue and public templates.
PUBLIC = {"manufacturing-types", "attribute-nodes", "templates"}
CONFIGURATOR_RESOURCE = re.compile(r"^/api/configurator/v1/([a-z-]+)/\{id\}")
API_NAME = re.compile(r"^/api/([a-z]+)/")
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


def point_ids_at(case, rows) -> set[str]:
    """Point the case's integer path ids, and its UUID path and query ids, at `rows`; the resources
    it now names. A row keyed `<api>:<name>` is what `name` means on that API's paths (the print
    shop's `order_id` is an Etsy order, the manufacturing API's one of its own)."""
    resource = CONFIGURATOR_RESOURCE.match(case.path)
    api = API_NAME.match(case.path)

    def key_of(name: str) -> str:
        scoped = f"{api.group(1)}:{name}" if api else name
        return scoped if scoped in rows else name

    named = set()
    for name, value in (case.path_parameters or {}).items():
        if str(value).isdigit():  # path values arrive serialised; odd ones ("0.5", "%C2%84") stay
            key = resource.group(1) if name == "id" and resource else key_of(name)
            case.path_parameters[name] = str(rows.get(key, value))
            named.add(key)
        elif UUID.match(str(value)) and name in rows:
            case.path_parameters[name] = rows[name]
            named.add(name)
    for name, value in (case.query or {}).items():
        # Lookup ids in query strings (free text, or integers like the print shop's `printer_id`; an
        # unknown one is a 404): point about half of them (even ones) at real rows, the rest stay junk.
        key = key_of(name)
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
def test_no_one_reaches_another_users_rows(case, user, their_rows):
    """As a customer, at another user's rows: whatever is sent, only public rows answer 2xx
    (and OPTIONS, the CORS preflight, which describes the route and shows no row)."""
    named = point_ids_at(case, their_rows)
    response, where = call_as(user, case)
    if named - PUBLIC and case.method != "OPTIONS":
        assert response.status_code >= 400, where
