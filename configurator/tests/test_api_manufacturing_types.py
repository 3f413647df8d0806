"""Manufacturing types, spec "Manufacturing Types API"."""

from decimal import Decimal

import pytest

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.dialects import CONFIGURATOR
from config.testing.endpoints import BadPayloadCase, CreateCase, DeleteCase, DetailCase, ListCase, UpdateCase
from configurator.api import views
from configurator.models import ManufacturingType

from .factories import ManufacturingTypeFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

URL = "/api/configurator/v1/manufacturing-types"
FIELDS = {
    "id",
    "name",
    "description",
    "base_category",
    "image_url",
    "base_price",
    "base_weight",
    "is_active",
    "created_at",
    "updated_at",
}
PAYLOAD = {
    "name": "Sliding Glass Door",
    "description": "Modern sliding glass doors",
    "base_category": "door",
    "image_url": "/images/sliding-door.jpg",
    "base_price": "450.00",
    "base_weight": "35.00",
    "is_active": True,
}


class TestManufacturingTypeEndpoints(ListCase, DetailCase):
    expect = CONFIGURATOR
    list_url = URL
    detail_url = URL + "/{pk}"
    views = (views.ManufacturingTypeViewSet,)

    def make(self, owner):
        return ManufacturingTypeFactory()


class TestManufacturingTypeWrites(CreateCase, UpdateCase, DeleteCase, BadPayloadCase):
    """Superusers write the catalogue; delete deactivates, so the type stays readable."""

    expect = CONFIGURATOR
    list_url = URL
    detail_url = URL + "/{pk}"
    views = (views.ManufacturingTypeViewSet,)
    update_payload = {"name": "Renamed Door", "base_price": "99.50"}
    gone_after_delete = False
    bad_fields = ("name", "base_price")

    def caller(self):
        return SuperuserFactory()

    def make(self, owner):
        return ManufacturingTypeFactory()

    def create_payload(self, caller):
        return PAYLOAD

    def bad_payload(self, caller):
        return {"name": "", "base_price": "lots"}


class TestReadManufacturingTypes:
    def test_list_is_a_page_with_every_field(self, user):
        ManufacturingTypeFactory(name="Casement Window", base_price=Decimal("200.00"))
        body = client_for(user).get(URL).json()
        assert (body["total"], body["page"], body["size"], body["pages"]) == (1, 1, 50, 1)
        item = body["items"][0]
        assert set(item) == FIELDS
        assert (item["name"], item["base_price"], item["base_weight"], item["base_category"]) == (
            "Casement Window",
            "200.00",
            "15.00",
            "window",
        )

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("is_active=true", ["Bay", "Awning"]),
            ("is_active=false", ["Casement"]),
            ("base_category=door", ["Bay"]),
            ("search=awn", ["Awning"]),
            ("search=SOUTH", ["Bay"]),
            ("sort_by=name&sort_order=desc", ["Casement", "Bay", "Awning"]),
            ("sort_by=base_price&sort_order=asc", ["Bay", "Awning", "Casement"]),
            ("sort_by=created_at", ["Casement", "Bay", "Awning"]),
        ],
    )
    def test_filters_search_and_sort(self, user, query, expected):
        ManufacturingTypeFactory(name="Casement", base_price=Decimal("300"), is_active=False)
        ManufacturingTypeFactory(name="Bay", base_price=Decimal("100"), base_category="door", description="south")
        ManufacturingTypeFactory(name="Awning", base_price=Decimal("200"))
        body = client_for(user).get(f"{URL}?{query}").json()
        assert [item["name"] for item in body["items"]] == expected

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ("sort_by=price", "sort_by"),
            ("sort_order=up", "sort_order"),
            ("size=101", "size"),
            ("page=0", "page"),
            ("is_active=maybe", "is_active"),
        ],
    )
    def test_bad_query_parameters_are_422_naming_them(self, user, query, field):
        CONFIGURATOR.assert_error(client_for(user).get(f"{URL}?{query}"), 422, field)

    def test_pages(self, user):
        for _ in range(5):
            ManufacturingTypeFactory()
        body = client_for(user).get(f"{URL}?page=2&size=2").json()
        assert (body["total"], body["page"], body["size"], body["pages"], len(body["items"])) == (5, 2, 2, 3, 2)

    def test_get_one(self, user):
        manufacturing_type = ManufacturingTypeFactory()
        body = client_for(user).get(f"{URL}/{manufacturing_type.pk}").json()
        assert set(body) == FIELDS and body["id"] == manufacturing_type.pk

    def test_missing_is_404_with_the_spec_message(self, user):
        body = CONFIGURATOR.assert_error(client_for(user).get(f"{URL}/999999"), 404)
        assert body["message"] == "Manufacturing type not found"


class TestWriteManufacturingTypes:
    def test_superuser_creates_with_every_field(self):
        response = client_for(SuperuserFactory()).post(URL, PAYLOAD, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert {key: body[key] for key in PAYLOAD} == PAYLOAD
        assert ManufacturingType.objects.get(pk=body["id"]).base_price == Decimal("450.00")

    @pytest.mark.parametrize("method", ["post", "patch", "delete"])
    def test_non_superusers_are_403_and_change_nothing(self, method):
        manufacturing_type = ManufacturingTypeFactory(name="Keep")
        url = URL if method == "post" else f"{URL}/{manufacturing_type.pk}"
        staff = UserFactory(is_staff=True)
        response = getattr(client_for(staff), method)(url, {**PAYLOAD}, format="json")
        body = CONFIGURATOR.assert_error(response, 403)
        assert body["details"] == [{"detail": "You don't have permission to access this resource"}]
        manufacturing_type.refresh_from_db()
        assert (manufacturing_type.name, manufacturing_type.is_active) == ("Keep", True)
        assert ManufacturingType.objects.count() == 1

    @pytest.mark.parametrize("method", ["post", "patch", "delete"])
    def test_anonymous_is_401(self, method):
        url = URL if method == "post" else f"{URL}/{ManufacturingTypeFactory().pk}"
        body = CONFIGURATOR.assert_error(getattr(client_for(), method)(url, PAYLOAD, format="json"), 401)
        assert body["message"] == "Could not validate credentials"

    def test_duplicate_name_is_409(self):
        ManufacturingTypeFactory(name="Sliding Glass Door")
        body = CONFIGURATOR.assert_error(client_for(SuperuserFactory()).post(URL, PAYLOAD, format="json"), 409)
        assert body["message"] == "Manufacturing type with this name already exists"

    def test_renaming_onto_a_taken_name_is_409(self):
        ManufacturingTypeFactory(name="Taken")
        other = ManufacturingTypeFactory(name="Mine")
        response = client_for(SuperuserFactory()).patch(f"{URL}/{other.pk}", {"name": "Taken"}, format="json")
        CONFIGURATOR.assert_error(response, 409)
        other.refresh_from_db()
        assert other.name == "Mine"

    @pytest.mark.parametrize(
        ("change", "field", "code"),
        [
            ({"name": None}, "name", "type_error.none.not_allowed"),
            ({"base_price": "-1.00"}, "base_price", "value_error.number.not_ge"),
            ({"base_weight": "1.234"}, "base_weight", "value_error.decimal.max_places"),
            ({"name": "x" * 201}, "name", "value_error.str.max_length"),
        ],
    )
    def test_invalid_payload_is_422_with_field_and_code(self, change, field, code):
        response = client_for(SuperuserFactory()).post(URL, {**PAYLOAD, **change}, format="json")
        body = CONFIGURATOR.assert_error(response, 422, field)
        assert body["message"] == "Validation Error"
        assert code in CONFIGURATOR.error_codes(response)
        assert not ManufacturingType.objects.exists()

    def test_missing_name_is_value_error_missing(self):
        payload = {key: value for key, value in PAYLOAD.items() if key != "name"}
        response = client_for(SuperuserFactory()).post(URL, payload, format="json")
        body = CONFIGURATOR.assert_error(response, 422, "name")
        assert body["details"] == [
            {"detail": "Field is required", "field": "name", "error_code": "value_error.missing"}
        ]

    def test_patch_changes_only_given_fields(self):
        manufacturing_type = ManufacturingTypeFactory(description="old")
        response = client_for(SuperuserFactory()).patch(
            f"{URL}/{manufacturing_type.pk}", {"description": "Updated", "base_price": "210.00"}, format="json"
        )
        assert response.status_code == 200
        body = response.json()
        assert (body["description"], body["base_price"], body["name"]) == ("Updated", "210.00", manufacturing_type.name)

    def test_patch_of_missing_is_404(self):
        CONFIGURATOR.assert_error(client_for(SuperuserFactory()).patch(f"{URL}/999999", {}, format="json"), 404)

    def test_delete_is_a_soft_delete(self):
        manufacturing_type = ManufacturingTypeFactory()
        response = client_for(SuperuserFactory()).delete(f"{URL}/{manufacturing_type.pk}")
        assert response.status_code == 204 and response.content == b""
        manufacturing_type.refresh_from_db()
        assert manufacturing_type.is_active is False

    def test_delete_of_missing_is_404(self):
        CONFIGURATOR.assert_error(client_for(SuperuserFactory()).delete(f"{URL}/999999"), 404)
