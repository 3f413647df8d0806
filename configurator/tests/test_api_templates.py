"""Templates, spec "Templates API", with team decision §6.8 (success rate)."""

from decimal import Decimal

import pytest

from config.testing.clients import client_for
from config.testing.dialects import CONFIGURATOR
from config.testing.endpoints import DetailCase, ListCase
from configurator.api import views
from configurator.models import Configuration, ConfigurationTemplate

from .factories import (
    ConfigurationFactory,
    ManufacturingTypeFactory,
    OrderFactory,
    QuoteFactory,
    SuperuserFactory,
    TemplateFactory,
    TemplateSelectionFactory,
    make_node,
)

pytestmark = pytest.mark.django_db

URL = "/api/configurator/v1/templates"
FIELDS = {
    "id",
    "name",
    "description",
    "manufacturing_type_id",
    "template_type",
    "is_public",
    "usage_count",
    "success_rate",
    "estimated_price",
    "estimated_weight",
    "created_by",
    "is_active",
    "created_at",
    "updated_at",
}


class TestTemplateEndpoints(ListCase, DetailCase):
    expect = CONFIGURATOR
    list_url = URL
    detail_url = URL + "/{pk}"
    views = (views.TemplateViewSet,)

    def make(self, owner):
        return TemplateFactory()


class TestReadTemplates:
    def test_users_list_public_active_templates_with_every_field(self, user):
        public = TemplateFactory(name="Public")
        TemplateFactory(name="Private", is_public=False)
        TemplateFactory(name="Retired", is_active=False)
        body = client_for(user).get(URL).json()
        assert [item["name"] for item in body["items"]] == ["Public"]
        item = body["items"][0]
        assert set(item) == FIELDS
        assert (item["success_rate"], item["usage_count"], item["created_by"]) == ("0.00", 0, public.created_by_id)

    def test_superusers_list_private_ones_too(self):
        TemplateFactory(name="Public"), TemplateFactory(name="Private", is_public=False)
        body = client_for(SuperuserFactory()).get(URL).json()
        assert [item["name"] for item in body["items"]] == ["Public", "Private"]

    @pytest.mark.parametrize(
        ("query", "names"), [("template_type=premium", ["Premium"]), ("template_type=economy", [])]
    )
    def test_filters(self, user, query, names):
        TemplateFactory(name="Standard"), TemplateFactory(name="Premium", template_type="premium")
        assert [item["name"] for item in client_for(user).get(f"{URL}?{query}").json()["items"]] == names

    def test_manufacturing_type_filter(self, user):
        kept = TemplateFactory()
        TemplateFactory()
        body = client_for(user).get(f"{URL}?manufacturing_type_id={kept.manufacturing_type_id}").json()
        assert [item["id"] for item in body["items"]] == [kept.pk]

    def test_detail_has_selections(self, user):
        selection = TemplateSelectionFactory()
        body = client_for(user).get(f"{URL}/{selection.template_id}").json()
        assert set(body) == FIELDS | {"selections"}
        assert body["selections"] == [
            {
                "id": selection.pk,
                "template_id": selection.template_id,
                "attribute_node_id": selection.attribute_node_id,
                "string_value": "Vinyl",
                "numeric_value": None,
                "boolean_value": None,
                "json_value": None,
                "selection_path": selection.selection_path,
                "created_at": body["selections"][0]["created_at"],
            }
        ]

    def test_private_template_is_404_for_users(self, user):
        template = TemplateFactory(is_public=False)
        assert CONFIGURATOR.assert_error(client_for(user).get(f"{URL}/{template.pk}"), 404)["message"] == (
            "Template not found"
        )
        assert client_for(SuperuserFactory()).get(f"{URL}/{template.pk}").status_code == 200

    def test_success_rate_is_the_share_of_configurations_that_reached_an_order(self, user):
        template = TemplateFactory()
        configurations = [ConfigurationFactory(template=template) for _ in range(3)]
        OrderFactory(quote=QuoteFactory(configuration=configurations[0], status="accepted"))
        body = client_for(user).get(f"{URL}/{template.pk}").json()
        assert body["success_rate"] == "33.33"
        listed = client_for(user).get(URL).json()["items"][0]
        assert listed["success_rate"] == "33.33"


class TestCreateTemplate:
    def test_superuser_creates_with_every_field(self):
        manufacturing_type = ManufacturingTypeFactory()
        payload = {
            "name": "Premium Energy-Efficient Window",
            "description": "Triple-pane glass",
            "manufacturing_type_id": manufacturing_type.pk,
            "template_type": "premium",
            "is_public": True,
            "estimated_price": "750.00",
            "estimated_weight": "28.00",
            "is_active": True,
        }
        superuser = SuperuserFactory()
        response = client_for(superuser).post(URL, payload, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert {key: body[key] for key in payload} == payload
        assert (body["usage_count"], body["success_rate"], body["created_by"]) == (0, "0.00", superuser.pk)

    def test_selections_are_stored_and_estimates_computed(self):
        manufacturing_type = ManufacturingTypeFactory()
        vinyl = make_node(
            "Vinyl", parent=make_node("Frame", manufacturing_type=manufacturing_type), price_impact_value=30
        )
        payload = {
            "name": "Vinyl window",
            "manufacturing_type_id": manufacturing_type.pk,
            "selections": [{"attribute_node_id": vinyl.pk, "string_value": "Vinyl"}],
        }
        body = client_for(SuperuserFactory()).post(URL, payload, format="json").json()
        assert (body["estimated_price"], body["estimated_weight"], body["template_type"]) == (
            "230.00",
            "15.00",
            "standard",
        )
        template = ConfigurationTemplate.objects.get(pk=body["id"])
        assert list(template.selections.values_list("selection_path", "string_value")) == [("frame.vinyl", "Vinyl")]

    def test_non_superuser_is_403(self, user):
        payload = {"name": "X", "manufacturing_type_id": ManufacturingTypeFactory().pk}
        CONFIGURATOR.assert_error(client_for(user).post(URL, payload, format="json"), 403)
        assert not ConfigurationTemplate.objects.exists()

    def test_anonymous_is_401(self):
        CONFIGURATOR.assert_error(client_for().post(URL, {}, format="json"), 401)

    def test_unknown_manufacturing_type_is_404(self):
        response = client_for(SuperuserFactory()).post(URL, {"name": "X", "manufacturing_type_id": 999999})
        assert CONFIGURATOR.assert_error(response, 404)["message"] == "Manufacturing type not found"

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({}, "name"),
            ({"name": "X", "template_type": "luxury"}, "template_type"),
            ({"name": "X"}, "manufacturing_type_id"),
        ],
    )
    def test_invalid_is_422(self, payload, field):
        CONFIGURATOR.assert_error(client_for(SuperuserFactory()).post(URL, payload, format="json"), 422, field)


class TestApplyTemplate:
    def test_apply_copies_selections_and_counts_usage(self, user):
        selection = TemplateSelectionFactory(template__name="Standard Casement")
        selection.attribute_node.price_impact_value = Decimal("30.00")
        selection.attribute_node.save()
        template = selection.template
        response = client_for(user).post(f"{URL}/{template.pk}/apply?configuration_name=My Custom Window")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["message"] == "Template applied successfully"
        configuration = Configuration.objects.get(pk=body["configuration_id"])
        assert (configuration.name, configuration.user, configuration.template) == ("My Custom Window", user, template)
        assert configuration.description == "Created from template: Standard Casement"
        assert list(configuration.selections.values_list("attribute_node_id", "string_value")) == [
            (selection.attribute_node_id, "Vinyl")
        ]
        assert configuration.total_price == Decimal("230.00")
        template.refresh_from_db()
        assert template.usage_count == 1

    def test_default_name_is_a_copy(self, user):
        template = TemplateFactory(name="Standard")
        body = client_for(user).post(f"{URL}/{template.pk}/apply").json()
        assert Configuration.objects.get(pk=body["configuration_id"]).name == "Standard - Copy"

    def test_private_or_missing_template_is_404(self, user):
        private = TemplateFactory(is_public=False)
        for pk in (private.pk, 999999):
            CONFIGURATOR.assert_error(client_for(user).post(f"{URL}/{pk}/apply"), 404)
        assert not Configuration.objects.exists()

    def test_too_long_name_is_422(self, user):
        template = TemplateFactory()
        response = client_for(user).post(f"{URL}/{template.pk}/apply?configuration_name={'x' * 201}")
        CONFIGURATOR.assert_error(response, 422, "configuration_name")

    def test_anonymous_is_401(self):
        CONFIGURATOR.assert_error(client_for().post(f"{URL}/{TemplateFactory().pk}/apply"), 401)
