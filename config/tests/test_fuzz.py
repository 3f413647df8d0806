"""Requests generated from the published OpenAPI schema, for every operation of every API: whatever
the input, the answer is never a 500, is always JSON (the dialects' promise; STYLE.md "Errors"), and
matches what the schema documents for it.

Schemathesis generates the cases (schema-conforming ones and boundary values) and calls the
application in process as a superuser. A generated integer id is pointed at a real row the
superuser owns, so bodies and parameters reach the code behind the lookup, not only its 404.
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
from configurator.tests import factories as configurator
from crm.tests.customer_factories import CustomerFactory
from crm.tests.factories import CallRequestFactory
from files.tests.factories import DocumentFactory, ModelFileFactory
from orders.tests.factories import OrderFactory

# Generated cases per operation beyond schemathesis' boundary values; the same ones every run, so
# CI is red only when the code changed. `FUZZ_EXAMPLES=50 make test` searches harder.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 8))
# Logging out would revoke the token every later case uses.
SKIPPED = r"/logout$"
FILE_ANSWERS = re.compile(r"/(download|preview|invoice)$")  # a model, an image, a PDF
CONFIGURATOR_RESOURCE = re.compile(r"^/api/configurator/v1/([a-z-]+)/\{id\}")


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


@pytest.fixture
def superuser(db):
    return configurator.SuperuserFactory(is_staff=True)


@pytest.fixture
def real_ids(superuser) -> dict[str, int]:
    """One row of every resource, the superuser's own, by path parameter or configurator resource."""
    product = configurator.ManufacturingTypeFactory()
    root = configurator.make_node("Frame", manufacturing_type=product)
    configurator.make_node("Vinyl", parent=root)
    configuration = configurator.ConfigurationFactory(user=superuser, manufacturing_type=product)
    quote = configurator.QuoteFactory(configuration=configuration)
    model_file = ModelFileFactory(owner=superuser)
    return {
        "file_id": model_file.pk,
        "document_id": DocumentFactory(owner=superuser).pk,
        "order_id": OrderFactory(user=superuser, file=model_file).pk,
        "call_request_id": CallRequestFactory(user=superuser).pk,
        "user_id": superuser.pk,
        "attribute-nodes": root.pk,
        "configurations": configuration.pk,
        "customers": CustomerFactory().pk,
        "manufacturing-types": product.pk,
        "orders": configurator.OrderFactory(quote__configuration__user=superuser).pk,
        "quotes": quote.pk,
        "templates": configurator.TemplateFactory(manufacturing_type=product, is_public=True).pk,
    }


def point_ids_at_real_rows(case, real_ids) -> None:
    resource = CONFIGURATOR_RESOURCE.match(case.path)
    for name, value in (case.path_parameters or {}).items():
        if str(value).isdigit():  # path values arrive serialised; odd ones ("0.5", "%C2%84") stay
            key = resource.group(1) if name == "id" and resource else name
            case.path_parameters[name] = str(real_ids.get(key, value))


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case, superuser, real_ids):
    point_ids_at_real_rows(case, real_ids)
    response = case.call(headers={"Authorization": f"Bearer {issue_access_token(superuser)}"})
    where = f"{case.method} {case.formatted_path} -> {response.status_code}"
    # 503 is an answer, not a crash: an integration that is switched off says so (docs/bitrix24.md).
    assert response.status_code < 500 or response.status_code == 503, f"{where}: {response.text[:500]}"
    case.validate_response(response, checks=[response_schema_conformance])  # the docs tell the truth
    serves_a_file = FILE_ANSWERS.search(case.path) and response.status_code == 200
    if response.content and not serves_a_file:
        [content_type] = response.headers["content-type"]
        assert content_type == "application/json", f"{where}: {content_type}"
