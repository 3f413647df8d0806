"""The print shop dialect: `{"error", "status"}` for every failure (unknown path, wrong method, validation,
server error), named pages of `limit`/`offset`."""

import json

import pytest
from django.test import override_settings
from django.urls import path
from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from accounts.models import User
from accounts.tests.factories import UserFactory
from config.api.printshop import PrintshopGenericAPIView
from config.testing.clients import client_for
from config.testing.dialects import PRINTSHOP

from .test_api_printers import add_printer

pytestmark = pytest.mark.django_db


class NumbersSerializer(serializers.Serializer):
    value = serializers.IntegerField(min_value=1)
    name = serializers.CharField(max_length=5)


class UsersView(PrintshopGenericAPIView):
    """A stand-in route: a page of user ids, and a body with two checked fields."""

    collection = "users"

    def get(self, request):
        page = self.paginate_queryset(User.objects.order_by("id"))
        return self.get_paginated_response([row.pk for row in page])

    def post(self, request):
        NumbersSerializer(data=request.data).is_valid(raise_exception=True)
        return self.answer_deleted({"message": "ok"})


def call(method: str, query: str = "", body=None) -> tuple[int, dict]:
    factory = APIRequestFactory()
    request = factory.post("/x", body, format="json") if method == "post" else factory.get(f"/x{query}")
    force_authenticate(request, UserFactory())
    response = UsersView.as_view()(request)
    response.render()
    return response.status_code, json.loads(response.content)


@pytest.mark.parametrize("path", ["/api/printshop/nowhere", "/api/printshop/orders/1/nothing"])
def test_an_unknown_path_is_a_404_in_the_dialect(path, user):
    PRINTSHOP.assert_error(client_for(user).get(path), 404)


def test_validation_is_400_naming_every_field():
    status, body = call("post", body={"value": 0, "name": "too long"})
    assert status == 400 and body["status"] == 400 and set(body) == {"error", "status"}
    assert "value: " in body["error"] and "name: " in body["error"]


def test_pages_are_named_and_carry_their_position():
    UserFactory.create_batch(4)
    status, body = call("get", "?limit=2&offset=2")
    assert status == 200 and len(body["users"]) == 2
    assert {key: body[key] for key in ("total", "limit", "offset", "page", "pages")} == {
        "total": 5,
        "limit": 2,
        "offset": 2,
        "page": 2,
        "pages": 3,
    }


@pytest.mark.parametrize("query", ["?limit=0", "?limit=201", "?offset=-1", "?limit=ten"])
def test_a_bad_page_is_400(query):
    status, body = call("get", query)
    assert status == 400 and body["status"] == 400


# A method each route does not take, for every route of the spec (and the order schedule).
WRONG_METHODS = [
    ("post", "auth/login"),
    ("get", "auth/callback"),
    ("get", "auth/logout"),
    ("delete", "auth/user"),
    ("post", "orders"),
    ("get", "orders/sync"),
    ("delete", "orders/{printer}"),
    ("get", "orders/{printer}/schedule"),
    ("delete", "orders/{printer}/notes"),
    ("get", "orders/{printer}/communications"),
    ("delete", "filaments"),
    ("post", "filaments/{printer}"),
    ("put", "bambu/printers"),
    ("put", "bambu/printers/{printer}"),
    ("delete", "bambu/printers/{printer}/status"),
    ("post", "bambu/materials"),
    ("delete", "bambu/materials/{printer}"),
    ("delete", "bambu/scheduled-prints"),
    ("post", "bambu/scheduled-prints/{printer}"),
    ("put", "bambu/scheduled-prints/{printer}/queue"),
    ("delete", "bambu/notifications"),
    ("post", "bambu/notifications/{printer}"),
    ("put", "analytics/dashboard"),
    ("post", "analytics/revenue"),
]


@pytest.mark.parametrize(("method", "route"), WRONG_METHODS)
def test_a_method_a_route_does_not_take_is_405_in_the_dialect(method, route, user):
    printer = add_printer(user)
    url = "/api/printshop/" + route.format(printer=printer.pk)
    response = getattr(client_for(user), method)(url, {}, format="json")
    PRINTSHOP.assert_error(response, 405)
    assert response["Allow"] and method.upper() not in response["Allow"]


class ExplodingView(PrintshopGenericAPIView):
    permission_classes = ()

    def get(self, request):
        raise RuntimeError("boom")


urlpatterns = [path("api/printshop/explode", ExplodingView.as_view())]


@override_settings(ROOT_URLCONF=__name__)
def test_an_unexpected_error_is_500_in_the_dialect_and_logged(caplog):
    body = PRINTSHOP.assert_error(client_for().get("/api/printshop/explode"), 500)
    assert "boom" not in body["error"] and "boom" in caplog.text
