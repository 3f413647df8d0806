"""Free text is bounded (issue 9): one character past its limit is refused in the API's dialect,
naming the field, or on the page's form, and nothing is stored; the API docs publish the limit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from accounts.tests.factories import AdminFactory
from config.testing.clients import client_for
from config.testing.dialects import CONFIGURATOR, MFG
from config.text import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH
from configurator.models import AttributeNode, Configuration, ConfigurationTemplate, ManufacturingType
from configurator.models import Order as ConfiguratorOrder
from configurator.tests.factories import ConfigurationFactory, ManufacturingTypeFactory, QuoteFactory, make_node
from crm.models import CallRequest, Customer
from files.models import Document, ModelFile
from files.tests.factories import BOX_STL, ModelFileFactory, b64
from orders.models import Order

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (TEXT_MAX_LENGTH + 1)
CALL = {"name": "Ann", "phone": "+77011234567", "product": "Lathe", "time": "Evening"}
MFG_ORDER = {"service_id": "cnc-milling", "material_id": "alum_D16", "material_form": "sheet", "quantity": 2}
CFG = "/api/configurator/v1"


# Each case posts one too-long value as `user` (a superuser, so every endpoint is open to it) and
# answers (response, whether anything was stored).


def mfg_call_request(user):
    response = client_for(user).post("/api/mfg/call-request", {**CALL, "agreement": True, "additional": TOO_LONG})
    return response, CallRequest.objects.exists()


def mfg_order(user):
    model = ModelFileFactory(owner=user)
    payload = {**MFG_ORDER, "file_id": model.pk, "special_instructions": TOO_LONG}
    return client_for(user).post("/api/mfg/orders", payload), Order.objects.exists()


def mfg_file(user):
    payload = {"file_name": "box.stl", "file_data": b64(BOX_STL), "description": TOO_LONG}
    return client_for(user).post("/api/mfg/files", payload), ModelFile.objects.exists()


def mfg_document(user):
    payload = {"file_name": "notes.txt", "file_data": b64(b"notes"), "description": TOO_LONG}
    return client_for(user).post("/api/mfg/documents", payload), Document.objects.exists()


def cfg_manufacturing_type(user):
    payload = {"name": "Door", "description": TOO_LONG}
    return client_for(user).post(f"{CFG}/manufacturing-types", payload), ManufacturingType.objects.exists()


def cfg_attribute_node_help_text(user):
    payload = {"manufacturing_type_id": ManufacturingTypeFactory().pk, "name": "Frame", "node_type": "category"}
    response = client_for(user).post(f"{CFG}/attribute-nodes", {**payload, "help_text": TOO_LONG})
    return response, AttributeNode.objects.exists()


def cfg_attribute_node_description(user):
    node = make_node("Frame")
    response = client_for(user).patch(f"{CFG}/attribute-nodes/{node.pk}", {"description": TOO_LONG})
    return response, AttributeNode.objects.filter(description=TOO_LONG).exists()


def cfg_configuration(user):
    payload = {"manufacturing_type_id": ManufacturingTypeFactory().pk, "name": "Mine", "description": TOO_LONG}
    return client_for(user).post(f"{CFG}/configurations", payload), Configuration.objects.exists()


def cfg_configuration_patch(user):
    configuration = ConfigurationFactory(user=user)
    response = client_for(user).patch(f"{CFG}/configurations/{configuration.pk}", {"description": TOO_LONG})
    return response, Configuration.objects.filter(description=TOO_LONG).exists()


def cfg_selection(user):
    configuration = ConfigurationFactory(user=user)
    node = make_node("Engraving", manufacturing_type=configuration.manufacturing_type, node_type="attribute")
    answer = [{"attribute_node_id": node.pk, "string_value": "x" * (LONG_TEXT_MAX_LENGTH + 1)}]
    response = client_for(user).patch(f"{CFG}/configurations/{configuration.pk}/selections", answer)
    return response, configuration.selections.exists()


def cfg_template(user):
    payload = {"manufacturing_type_id": ManufacturingTypeFactory().pk, "name": "Standard", "description": TOO_LONG}
    return client_for(user).post(f"{CFG}/templates", payload), ConfigurationTemplate.objects.exists()


def cfg_order(user):
    quote = QuoteFactory(configuration__user=user, status="accepted")
    payload = {"quote_id": quote.pk, "special_instructions": TOO_LONG}
    return client_for(user).post(f"{CFG}/orders", payload), ConfiguratorOrder.objects.exists()


def cfg_customer(user):
    payload = {"contact_person": "Jane", "email": "jane@example.com", "customer_type": "residential", "notes": TOO_LONG}
    return client_for(user).post(f"{CFG}/customers", payload), Customer.objects.exists()


@pytest.mark.parametrize(
    ("case", "expect", "field"),
    [
        (mfg_call_request, MFG, "additional"),
        (mfg_order, MFG, "special_instructions"),
        (mfg_file, MFG, "description"),
        (mfg_document, MFG, "description"),
        (cfg_manufacturing_type, CONFIGURATOR, "description"),
        (cfg_attribute_node_help_text, CONFIGURATOR, "help_text"),
        (cfg_attribute_node_description, CONFIGURATOR, "description"),
        (cfg_configuration, CONFIGURATOR, "description"),
        (cfg_configuration_patch, CONFIGURATOR, "description"),
        (cfg_selection, CONFIGURATOR, "selections.0.string_value"),
        (cfg_template, CONFIGURATOR, "description"),
        (cfg_order, CONFIGURATOR, "special_instructions"),
        (cfg_customer, CONFIGURATOR, "notes"),
    ],
    ids=lambda value: getattr(value, "__name__", None) if callable(value) else None,
)
def test_too_long_free_text_is_refused_in_the_dialect_and_nothing_is_stored(case, expect, field):
    response, stored = case(AdminFactory(is_superuser=True))
    expect.assert_error(response, 422, field)
    assert "5000" in response.content.decode() or "10000" in response.content.decode()
    assert not stored


def test_the_api_docs_publish_every_free_text_limit():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    free_text = {"description", "notes", "additional", "special_instructions", "help_text", "string_value"}
    written = {
        (component, name): field.get("maxLength")
        for component, body in schema["components"]["schemas"].items()
        for name, field in body.get("properties", {}).items()
        if name in free_text and not field.get("readOnly") and field.get("type") == "string"
    }
    assert len(written) >= 13
    assert {key for key, limit in written.items() if limit is None} == set()
    assert set(written.values()) == {TEXT_MAX_LENGTH, LONG_TEXT_MAX_LENGTH}


@pytest.fixture
def customer(client):
    user = AdminFactory(is_superuser=True)
    client.force_login(user)
    return client, user


def test_pages_refuse_too_long_free_text_and_store_nothing(customer):
    client, user = customer
    product = make_node("Frame").manufacturing_type
    model = ModelFileFactory(owner=user)
    quote = QuoteFactory(configuration__user=user, status="accepted")
    posts = [
        (reverse("configurator:new", args=[product.pk]), {"name": "Mine", "description": TOO_LONG}),
        (reverse("configurator:place-order", args=[quote.pk]), {"special_instructions": TOO_LONG}),
        (reverse("crm:call-request"), {**CALL, "agreement": "on", "additional": TOO_LONG}),
        (
            reverse("orders:place"),
            {"service_id": "cnc-milling", "quantity": "2", "file_id": model.pk, "special_instructions": TOO_LONG},
        ),
        (
            reverse("files:mine"),
            {"model": SimpleUploadedFile("box.stl", BOX_STL), "description": TOO_LONG},
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 422), url  # the form again, not a redirect to a stored row
        assert f"at most {TEXT_MAX_LENGTH} characters" in response.content.decode(), url
    assert Configuration.objects.count() == 1 and not ConfiguratorOrder.objects.exists()  # the quoted one
    assert not CallRequest.objects.exists() and not Order.objects.exists()
    assert ModelFile.objects.count() == 1
