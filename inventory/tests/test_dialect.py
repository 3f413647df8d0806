"""The inventory dialect (spec "API Response Schema", "Error Handling"): the envelope on every answer."""

import pytest
from django.test import override_settings
from django.urls import path

from config.api.inventory import InventoryAPIView
from config.testing.clients import client_for
from config.testing.dialects import INVENTORY

from .factories import PartFactory, reader

pytestmark = pytest.mark.django_db

BASE = "/api/inventory"


class ExplodingView(InventoryAPIView):
    permission_classes = ()

    def get(self, request):
        raise RuntimeError("boom")


urlpatterns = [path("api/inventory/explode", ExplodingView.as_view())]


@pytest.mark.parametrize("url", [f"{BASE}/parts/get_all_parts", f"{BASE}/parts/get_all_parts/"])
def test_paths_work_with_and_without_trailing_slash(url):
    assert client_for(reader()).get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [f"{BASE}/nothing-here", f"{BASE}/", f"{BASE}/parts/update_part/not-a-uuid", f"{BASE}/locations/%0A"],
)
def test_unknown_paths_are_the_envelope_404(url):
    body = INVENTORY.assert_error(client_for().get(url), 404)
    assert body["data"] is None


def test_wrong_method_is_405_in_the_envelope():
    INVENTORY.assert_error(client_for(reader()).post(f"{BASE}/parts/get_all_parts", {}), 405)


def test_malformed_json_is_400_in_the_envelope():
    response = client_for(reader()).post(f"{BASE}/parts/search", "{nope", content_type="application/json")
    INVENTORY.assert_error(response, 400)


def test_validation_errors_list_every_field():
    response = client_for(reader()).post(f"{BASE}/parts/search", {"page": 0, "sort_by": "price"}, format="json")
    body = INVENTORY.assert_error(response, 422, "page", "sort_by")
    assert all(set(error) == {"field", "message", "code"} for error in body["data"])


def test_success_is_the_envelope():
    PartFactory(part_name="LM358")
    body = client_for(reader()).get(f"{BASE}/parts/get_part?part_name=LM358").json()
    assert (body["status"], body["message"], body["data"]["part_name"]) == (
        "success",
        "Part retrieved successfully",
        "LM358",
    )


@override_settings(ROOT_URLCONF=__name__, DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_a_crash_is_the_envelope_500():
    client = client_for()
    client.raise_request_exception = False
    INVENTORY.assert_error(client.get(f"{BASE}/explode"), 500)
