"""The configurator dialect (spec "Error Responses", "Pagination"): bodies, codes, request ids."""

import uuid

import pytest
from django.test import override_settings
from django.urls import path

from config.api.configurator import ConfiguratorAPIView
from config.testing.clients import client_for
from config.testing.dialects import CONFIGURATOR

from .factories import ConfigurationFactory, ManufacturingTypeFactory, make_node

pytestmark = pytest.mark.django_db

BASE = "/api/configurator/v1"


class ExplodingView(ConfiguratorAPIView):
    permission_classes = ()

    def get(self, request):
        raise RuntimeError("boom")


urlpatterns = [path("api/configurator/v1/explode", ExplodingView.as_view())]


@pytest.mark.parametrize("url", [f"{BASE}/manufacturing-types", f"{BASE}/manufacturing-types/"])
def test_paths_work_with_and_without_trailing_slash(user, url):
    assert client_for(user).get(url).status_code == 200


@pytest.mark.parametrize(
    "url", [f"{BASE}/nothing-here", f"{BASE}/attribute-nodes/1/leaves", f"{BASE}/", f"{BASE}/quotes/%0A"]
)
def test_unknown_paths_are_json_404_in_the_dialect(url):
    body = CONFIGURATOR.assert_error(client_for().get(url), 404)
    assert body["details"] == []


def test_wrong_method_is_405_in_the_dialect(user):
    CONFIGURATOR.assert_error(client_for(user).put(f"{BASE}/configurations", {}), 405)


def test_malformed_json_is_400_in_the_dialect(user):
    response = client_for(user).post(f"{BASE}/configurations", "{nope", content_type="application/json")
    CONFIGURATOR.assert_error(response, 400)


def test_401_body_is_the_spec_example():
    body = CONFIGURATOR.assert_error(client_for().get(f"{BASE}/quotes"), 401)
    assert (body["message"], body["details"]) == (
        "Could not validate credentials",
        [{"detail": "Invalid or expired authentication token"}],
    )


def test_invalid_token_is_401():
    client = client_for()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    CONFIGURATOR.assert_error(client.get(f"{BASE}/quotes"), 401)


def test_request_id_is_echoed_or_generated():
    echoed = client_for().get(f"{BASE}/quotes", HTTP_X_REQUEST_ID="req-42")
    assert echoed.json()["request_id"] == "req-42" and echoed["X-Request-ID"] == "req-42"
    generated = client_for().get(f"{BASE}/quotes").json()["request_id"]
    assert uuid.UUID(generated)


def test_empty_page(user):
    body = client_for(user).get(f"{BASE}/quotes").json()
    assert body == {"items": [], "total": 0, "page": 1, "size": 50, "pages": 0}


@pytest.mark.parametrize("query", ["size=0", "size=abc", "page=-1", "size=101"])
def test_bad_paging_is_422(user, query):
    CONFIGURATOR.assert_error(client_for(user).get(f"{BASE}/configurations?{query}"), 422, query.split("=")[0])


@pytest.mark.parametrize("page", [5, 10**25])
def test_page_past_the_end_is_empty(user, page):
    ManufacturingTypeFactory()
    body = client_for(user).get(f"{BASE}/manufacturing-types?page={page}&size=1").json()
    assert (body["items"], body["total"], body["pages"], body["page"]) == ([], 1, 1, page)


@override_settings(ROOT_URLCONF=__name__)
def test_unexpected_errors_are_500_in_the_dialect(caplog):
    body = CONFIGURATOR.assert_error(client_for().get(f"{BASE}/explode"), 500)
    assert (body["message"], body["details"]) == (
        "Internal Server Error",
        [{"detail": "An unexpected error occurred. Please try again later."}],
    )
    assert "boom" in caplog.text


def test_ids_too_long_to_be_ids_are_404(user):
    CONFIGURATOR.assert_error(client_for(user).get(f"{BASE}/configurations/{'9' * 30}"), 404)


def test_a_nul_character_in_a_json_value_is_400_and_changes_nothing(user):
    """Not even a JSON field may carry U+0000 down to PostgreSQL (config/api/parsers.py)."""
    node = make_node("Frame")
    configuration = ConfigurationFactory(user=user, manufacturing_type=node.manufacturing_type)
    selections = [{"attribute_node_id": node.pk, "json_value": {"note": "a\x00b"}}]
    response = client_for(user).patch(f"{BASE}/configurations/{configuration.pk}/selections", selections, format="json")
    CONFIGURATOR.assert_error(response, 400)
    assert not configuration.selections.exists()
