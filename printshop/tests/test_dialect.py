"""The print shop dialect: `{"error", "status"}` for every failure, named pages of `limit`/`offset`."""

import json

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from accounts.models import User
from accounts.tests.factories import UserFactory
from config.api.printshop import PrintshopGenericAPIView
from config.testing.clients import client_for
from config.testing.dialects import PRINTSHOP

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
