"""Configurations and their selections, spec "Configurations API"."""

from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.dialects import CONFIGURATOR
from config.testing.endpoints import (
    BadPayloadCase,
    CreateCase,
    DetailCase,
    ListCase,
    OwnedDeleteCase,
    OwnedUpdateCase,
)
from config.testing.queries import count_queries
from configurator import services
from configurator.api import views
from configurator.models import Configuration, ConfigurationSelection

from .factories import ConfigurationFactory, CustomerFactory, ManufacturingTypeFactory, SuperuserFactory, make_node

pytestmark = pytest.mark.django_db

URL = "/api/configurator/v1/configurations"
FIELDS = {
    "id",
    "manufacturing_type_id",
    "customer_id",
    "name",
    "description",
    "status",
    "reference_code",
    "base_price",
    "total_price",
    "calculated_weight",
    "calculated_technical_data",
    "created_at",
    "updated_at",
}
SELECTION_FIELDS = {
    "id",
    "configuration_id",
    "attribute_node_id",
    "string_value",
    "numeric_value",
    "boolean_value",
    "json_value",
    "calculated_price_impact",
    "calculated_weight_impact",
    "calculated_technical_impact",
    "selection_path",
    "created_at",
}


@pytest.fixture
def window():
    """A casement window: base 200.00 / 15.00 kg, with a frame material and a width."""
    manufacturing_type = ManufacturingTypeFactory(base_price=Decimal("200.00"), base_weight=Decimal("15.00"))
    frame = make_node("Frame Options", manufacturing_type=manufacturing_type)
    material = make_node("Material Type", parent=frame, node_type="attribute")
    aluminum = make_node("Aluminum", parent=material, price_impact_value="50.00", weight_impact="2.00")
    vinyl = make_node("Vinyl", parent=material, price_impact_value="30.00", weight_impact="1.50")
    dimensions = make_node("Dimensions", manufacturing_type=manufacturing_type)
    width = make_node(
        "Width",
        parent=dimensions,
        price_impact_type="formula",
        price_formula="value * 5",
        weight_formula="width / 10",
        validation_rules={"min": 10, "max": 200},
    )
    coating = make_node(
        "Low-E Coating",
        parent=frame,
        price_impact_type="percentage",
        price_impact_value="10",
        technical_property_type="u_value",
        technical_impact_formula="0.28",
        display_condition={"operator": "exists", "field": "frame_options.material_type.aluminum"},
    )
    return manufacturing_type, {"aluminum": aluminum, "vinyl": vinyl, "width": width, "coating": coating}


class TestConfigurationEndpoints(ListCase, DetailCase, CreateCase, OwnedUpdateCase, OwnedDeleteCase, BadPayloadCase):
    expect = CONFIGURATOR
    list_url = URL
    detail_url = URL + "/{pk}"
    views = (views.ConfigurationViewSet,)
    update_payload = {"name": "Kitchen window, final", "description": "Triple glazing"}
    bad_fields = ("manufacturing_type_id", "name")

    def make(self, owner):
        return ConfigurationFactory(user=owner)

    def create_payload(self, caller):
        return {"manufacturing_type_id": ManufacturingTypeFactory().pk, "name": "Kitchen window"}

    def bad_payload(self, caller):
        return {"manufacturing_type_id": 0, "name": ""}


class TestReadConfigurations:
    def test_list_has_every_field_and_only_mine(self, user):
        mine = ConfigurationFactory(user=user)
        ConfigurationFactory()
        body = client_for(user).get(URL).json()
        assert body["total"] == 1
        assert set(body["items"][0]) == FIELDS and body["items"][0]["id"] == mine.pk

    def test_superuser_sees_everyones(self):
        ConfigurationFactory(), ConfigurationFactory()
        assert client_for(SuperuserFactory()).get(URL).json()["total"] == 2

    @pytest.mark.parametrize(("query", "count"), [("status=draft", 1), ("status=saved", 1), ("status=ordered", 0)])
    def test_status_filter(self, user, query, count):
        ConfigurationFactory(user=user), ConfigurationFactory(user=user, status="saved")
        assert client_for(user).get(f"{URL}?{query}").json()["total"] == count

    def test_manufacturing_type_filter(self, user):
        kept = ConfigurationFactory(user=user)
        ConfigurationFactory(user=user)
        body = client_for(user).get(f"{URL}?manufacturing_type_id={kept.manufacturing_type_id}").json()
        assert [item["id"] for item in body["items"]] == [kept.pk]

    def test_bad_status_filter_is_422(self, user):
        CONFIGURATOR.assert_error(client_for(user).get(f"{URL}?status=lost"), 422, "status")

    def test_detail_carries_selections(self, user, window):
        manufacturing_type, nodes = window
        configuration = ConfigurationFactory(user=user, manufacturing_type=manufacturing_type)
        client_for(user).patch(
            f"{URL}/{configuration.pk}/selections", [{"attribute_node_id": nodes["aluminum"].pk}], format="json"
        )
        body = client_for(user).get(f"{URL}/{configuration.pk}").json()
        assert set(body) == FIELDS | {"selections"}
        assert set(body["selections"][0]) == SELECTION_FIELDS
        assert body["selections"][0]["selection_path"] == "frame_options.material_type.aluminum"

    def test_missing_is_404_with_message(self, user):
        body = CONFIGURATOR.assert_error(client_for(user).get(f"{URL}/999999"), 404)
        assert body["message"] == "Configuration not found"


class TestCreateConfiguration:
    def test_creates_a_draft_at_the_base_price(self, user):
        manufacturing_type = ManufacturingTypeFactory(base_category="window")
        payload = {"manufacturing_type_id": manufacturing_type.pk, "name": "Living Room", "description": "Bay"}
        response = client_for(user).post(URL, payload, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert set(body) == FIELDS
        today = timezone.localdate().strftime("%Y%m%d")
        assert body["reference_code"] == f"WIN-{today}-001"
        assert (body["status"], body["base_price"], body["total_price"], body["calculated_weight"]) == (
            "draft",
            "200.00",
            "200.00",
            "15.00",
        )
        assert (body["calculated_technical_data"], body["customer_id"]) == ({}, None)
        assert Configuration.objects.get(pk=body["id"]).user == user
        second = client_for(user).post(URL, payload, format="json").json()
        assert second["reference_code"] == f"WIN-{today}-002"

    def test_reference_code_falls_back_to_cfg(self, user):
        manufacturing_type = ManufacturingTypeFactory(base_category=None)
        payload = {"manufacturing_type_id": manufacturing_type.pk, "name": "X"}
        assert client_for(user).post(URL, payload, format="json").json()["reference_code"].startswith("CFG-")

    def test_with_selections(self, user, window):
        manufacturing_type, nodes = window
        payload = {
            "manufacturing_type_id": manufacturing_type.pk,
            "name": "X",
            "selections": [{"attribute_node_id": nodes["vinyl"].pk}],
        }
        body = client_for(user).post(URL, payload, format="json").json()
        assert (body["total_price"], body["calculated_weight"]) == ("230.00", "16.50")

    def test_refused_selections_create_nothing(self, user, window):
        manufacturing_type, nodes = window
        payload = {
            "manufacturing_type_id": manufacturing_type.pk,
            "name": "X",
            "selections": [{"attribute_node_id": nodes["coating"].pk}],
        }
        CONFIGURATOR.assert_error(client_for(user).post(URL, payload, format="json"), 422, "selections.0")
        assert not Configuration.objects.exists()

    def test_unknown_manufacturing_type_is_404(self, user):
        body = CONFIGURATOR.assert_error(
            client_for(user).post(URL, {"manufacturing_type_id": 999999, "name": "X"}, format="json"), 404
        )
        assert body["message"] == "Manufacturing type not found"

    def test_inactive_manufacturing_type_is_422(self, user):
        manufacturing_type = ManufacturingTypeFactory(is_active=False)
        response = client_for(user).post(URL, {"manufacturing_type_id": manufacturing_type.pk, "name": "X"})
        CONFIGURATOR.assert_error(response, 422, "manufacturing_type_id")

    def test_missing_fields_are_422(self, user):
        response = client_for(user).post(URL, {}, format="json")
        CONFIGURATOR.assert_error(response, 422, "manufacturing_type_id", "name")
        assert not Configuration.objects.exists()

    def test_customer_link_is_for_superusers(self, user):
        manufacturing_type, customer = ManufacturingTypeFactory(), CustomerFactory()
        payload = {"manufacturing_type_id": manufacturing_type.pk, "name": "X", "customer_id": customer.pk}
        CONFIGURATOR.assert_error(client_for(user).post(URL, payload, format="json"), 403)
        body = client_for(SuperuserFactory()).post(URL, payload, format="json").json()
        assert body["customer_id"] == customer.pk
        missing = client_for(SuperuserFactory()).post(URL, {**payload, "customer_id": 999999}, format="json")
        assert CONFIGURATOR.assert_error(missing, 404)["message"] == "Customer not found"

    def test_anonymous_is_401(self):
        CONFIGURATOR.assert_error(client_for().post(URL, {}, format="json"), 401)


class TestChangeConfiguration:
    def test_patch_changes_name_description_status_only(self, user):
        configuration = ConfigurationFactory(user=user)
        payload = {"name": "Updated", "description": "New", "status": "saved", "total_price": "1.00"}
        body = client_for(user).patch(f"{URL}/{configuration.pk}", payload, format="json").json()
        assert (body["name"], body["description"], body["status"], body["total_price"]) == (
            "Updated",
            "New",
            "saved",
            "200.00",
        )

    @pytest.mark.parametrize(("payload", "field"), [({"status": "lost"}, "status"), ({"name": ""}, "name")])
    def test_invalid_patch_is_422(self, user, payload, field):
        configuration = ConfigurationFactory(user=user)
        CONFIGURATOR.assert_error(
            client_for(user).patch(f"{URL}/{configuration.pk}", payload, format="json"), 422, field
        )

    @pytest.mark.parametrize(
        ("method", "suffix", "payload"),
        [("get", "", None), ("patch", "", {"name": "Mine now"}), ("delete", "", None), ("patch", "/selections", [])],
    )
    def test_another_users_configuration_is_403_and_untouched(self, method, suffix, payload):
        configuration = ConfigurationFactory(name="Theirs")
        response = getattr(client_for(UserFactory()), method)(
            f"{URL}/{configuration.pk}{suffix}", payload, format="json"
        )
        CONFIGURATOR.assert_error(response, 403)
        configuration.refresh_from_db()
        assert configuration.name == "Theirs"

    def test_superuser_changes_anyones(self):
        configuration = ConfigurationFactory()
        response = client_for(SuperuserFactory()).patch(f"{URL}/{configuration.pk}", {"name": "Fixed"}, format="json")
        assert response.json()["name"] == "Fixed"

    def test_delete_removes_it_and_its_selections(self, user, window):
        manufacturing_type, nodes = window
        configuration = ConfigurationFactory(user=user, manufacturing_type=manufacturing_type)
        client_for(user).patch(
            f"{URL}/{configuration.pk}/selections", [{"attribute_node_id": nodes["vinyl"].pk}], format="json"
        )
        response = client_for(user).delete(f"{URL}/{configuration.pk}")
        assert response.status_code == 204
        assert not Configuration.objects.exists() and not ConfigurationSelection.objects.exists()

    @pytest.mark.parametrize(("method", "suffix"), [("patch", ""), ("delete", ""), ("patch", "/selections")])
    def test_missing_is_404(self, user, method, suffix):
        CONFIGURATOR.assert_error(getattr(client_for(user), method)(f"{URL}/999999{suffix}", [], format="json"), 404)


class TestSelections:
    def patch(self, user, configuration, items):
        return client_for(user).patch(f"{URL}/{configuration.pk}/selections", items, format="json")

    def test_replaces_all_and_recalculates(self, user, window):
        manufacturing_type, nodes = window
        configuration = ConfigurationFactory(user=user, manufacturing_type=manufacturing_type)
        self.patch(user, configuration, [{"attribute_node_id": nodes["vinyl"].pk}])
        response = self.patch(
            user,
            configuration,
            [
                {"attribute_node_id": nodes["aluminum"].pk, "string_value": "Aluminum"},
                {"attribute_node_id": nodes["width"].pk, "numeric_value": 48.5},
                {"attribute_node_id": nodes["coating"].pk, "boolean_value": True},
            ],
        )
        assert response.status_code == 200, response.content
        body = response.json()
        # 200 + 50 + 48.5*5 + 10% of 200 = 512.50; 15 + 2 + 4.85 = 21.85
        assert (body["total_price"], body["calculated_weight"]) == ("512.50", "21.85")
        assert body["calculated_technical_data"] == {"u_value": 0.28}
        by_node = {item["attribute_node_id"]: item for item in body["selections"]}
        assert set(by_node) == {nodes["aluminum"].pk, nodes["width"].pk, nodes["coating"].pk}
        width = by_node[nodes["width"].pk]
        assert (width["numeric_value"], width["calculated_price_impact"], width["calculated_weight_impact"]) == (
            48.5,
            "242.50",
            "4.85",
        )
        assert width["selection_path"] == "dimensions.width"
        assert by_node[nodes["coating"].pk]["calculated_technical_impact"] == {"u_value": 0.28}
        assert ConfigurationSelection.objects.count() == 3

    def test_empty_list_resets_to_base(self, user, window):
        manufacturing_type, nodes = window
        configuration = ConfigurationFactory(user=user, manufacturing_type=manufacturing_type)
        self.patch(user, configuration, [{"attribute_node_id": nodes["vinyl"].pk}])
        body = self.patch(user, configuration, []).json()
        assert (body["total_price"], body["calculated_weight"], body["selections"]) == ("200.00", "15.00", [])

    def test_hidden_node_is_422_naming_it_and_keeps_the_old_selections(self, user, window):
        manufacturing_type, nodes = window
        configuration = ConfigurationFactory(user=user, manufacturing_type=manufacturing_type)
        self.patch(user, configuration, [{"attribute_node_id": nodes["vinyl"].pk}])
        response = self.patch(
            user,
            configuration,
            [{"attribute_node_id": nodes["vinyl"].pk}, {"attribute_node_id": nodes["coating"].pk}],
        )
        body = CONFIGURATOR.assert_error(response, 422, "selections.1")
        assert f"Low-E Coating (node {nodes['coating'].pk})" in body["details"][0]["detail"]
        assert body["details"][0]["error_code"] == "value_error.display_condition"
        configuration.refresh_from_db()
        assert configuration.total_price == Decimal("230.00")
        assert list(configuration.selections.values_list("attribute_node_id", flat=True)) == [nodes["vinyl"].pk]

    def test_a_number_longer_than_15_digits_is_422_not_stored(self, user, window):
        manufacturing_type, nodes = window
        configuration = ConfigurationFactory(user=user, manufacturing_type=manufacturing_type)
        too_long = [{"attribute_node_id": nodes["coating"].pk, "numeric_value": 99999999999999.98}]
        CONFIGURATOR.assert_error(self.patch(user, configuration, too_long), 422, "selections.0.numeric_value")
        assert not configuration.selections.exists()

    @pytest.mark.parametrize("width", [5, 250])
    def test_broken_validation_rule_is_422_naming_the_node(self, user, window, width):
        manufacturing_type, nodes = window
        configuration = ConfigurationFactory(user=user, manufacturing_type=manufacturing_type)
        response = self.patch(user, configuration, [{"attribute_node_id": nodes["width"].pk, "numeric_value": width}])
        body = CONFIGURATOR.assert_error(response, 422, "selections.0")
        assert body["details"][0]["detail"].startswith(f"Width (node {nodes['width'].pk}): Value must be")
        assert body["details"][0]["error_code"] == "value_error.validation_rule"

    def test_formula_error_is_422_naming_the_node(self, user, window):
        manufacturing_type, nodes = window
        broken = make_node(
            "Ratio", parent=nodes["width"].parent, price_impact_type="formula", price_formula="100 / (value - 2)"
        )
        configuration = ConfigurationFactory(user=user, manufacturing_type=manufacturing_type)
        response = self.patch(user, configuration, [{"attribute_node_id": broken.pk, "numeric_value": 2}])
        body = CONFIGURATOR.assert_error(response, 422, "selections.0")
        assert "Division by zero in formula" in body["details"][0]["detail"]

    def test_unknown_node_is_404(self, user, window):
        configuration = ConfigurationFactory(user=user, manufacturing_type=window[0])
        body = CONFIGURATOR.assert_error(self.patch(user, configuration, [{"attribute_node_id": 999999}]), 404)
        assert body["message"] == "Attribute node not found"

    def test_node_of_another_type_is_422(self, user, window):
        configuration = ConfigurationFactory(user=user, manufacturing_type=window[0])
        stranger = make_node("Elsewhere")
        response = self.patch(user, configuration, [{"attribute_node_id": stranger.pk}])
        CONFIGURATOR.assert_error(response, 422, "selections.0.attribute_node_id")

    def test_node_twice_is_422(self, user, window):
        configuration = ConfigurationFactory(user=user, manufacturing_type=window[0])
        vinyl = window[1]["vinyl"].pk
        response = self.patch(user, configuration, [{"attribute_node_id": vinyl}, {"attribute_node_id": vinyl}])
        CONFIGURATOR.assert_error(response, 422, "selections.1.attribute_node_id")

    @pytest.mark.parametrize(
        ("items", "field"),
        [
            ({"attribute_node_id": 1}, "selections"),
            ([{"string_value": "x"}], "selections.0.attribute_node_id"),
            ([{"attribute_node_id": 1, "numeric_value": "wide"}], "selections.0.numeric_value"),
            ([{"attribute_node_id": 1, "boolean_value": "perhaps"}], "selections.0.boolean_value"),
        ],
    )
    def test_malformed_items_are_422(self, user, window, items, field):
        configuration = ConfigurationFactory(user=user, manufacturing_type=window[0])
        CONFIGURATOR.assert_error(self.patch(user, configuration, items), 422, field)

    def test_missing_attribute_node_id_is_value_error_missing(self, user, window):
        configuration = ConfigurationFactory(user=user, manufacturing_type=window[0])
        response = self.patch(user, configuration, [{"string_value": "x"}])
        assert CONFIGURATOR.error_codes(response) == {"value_error.missing"}

    def test_anonymous_is_401(self, window):
        configuration = ConfigurationFactory(manufacturing_type=window[0])
        CONFIGURATOR.assert_error(client_for().patch(f"{URL}/{configuration.pk}/selections", []), 401)

    def test_selection_paths_are_copied_when_saved(self, user, window):
        manufacturing_type, nodes = window
        configuration = ConfigurationFactory(user=user, manufacturing_type=manufacturing_type)
        self.patch(user, configuration, [{"attribute_node_id": nodes["vinyl"].pk}])
        services.update_node(nodes["vinyl"], name="PVC")
        selection = ConfigurationSelection.objects.get()
        assert selection.selection_path == "frame_options.material_type.vinyl"

    def test_query_count_of_a_recalculation_does_not_grow_with_selections(self, user, django_assert_max_num_queries):
        manufacturing_type = ManufacturingTypeFactory()
        root = make_node("Options", manufacturing_type=manufacturing_type)
        options = [make_node(f"Option {index}", parent=root, price_impact_value="1.00") for index in range(40)]
        configuration = ConfigurationFactory(user=user, manufacturing_type=manufacturing_type)
        few, _ = count_queries(lambda: self.patch(user, configuration, [{"attribute_node_id": options[0].pk}]))
        with django_assert_max_num_queries(few):
            response = self.patch(user, configuration, [{"attribute_node_id": option.pk} for option in options])
        assert response.json()["total_price"] == "240.00"


def test_totals_beyond_the_columns_are_422(user):
    manufacturing_type = ManufacturingTypeFactory()
    root = make_node("Options", manufacturing_type=manufacturing_type)
    huge = [
        make_node(f"Huge {index}", parent=root, price_impact_type="formula", price_formula="9999999999")
        for index in range(101)
    ]
    configuration = ConfigurationFactory(user=user, manufacturing_type=manufacturing_type)
    items = [{"attribute_node_id": node.pk} for node in huge]
    response = client_for(user).patch(f"{URL}/{configuration.pk}/selections", items, format="json")
    CONFIGURATOR.assert_error(response, 422, "selections")
    configuration.refresh_from_db()
    assert configuration.total_price == Decimal("200.00") and not configuration.selections.exists()


class TestOrderedConfigurationsAreFrozen:
    """Issue 9: after ordering, a configuration could still be changed, reset to draft or deleted."""

    @pytest.fixture
    def ordered(self, user):
        return ConfigurationFactory(user=user, status="ordered", name="As ordered")

    @pytest.mark.parametrize("change", [{"name": "Changed"}, {"status": "draft"}])
    def test_no_patch_reaches_it(self, user, ordered, change):
        response = client_for(user).patch(f"{URL}/{ordered.pk}", change, format="json")
        CONFIGURATOR.assert_error(response, 409)
        ordered.refresh_from_db()
        assert (ordered.name, ordered.status) == ("As ordered", "ordered")

    def test_its_selections_stay_as_ordered(self, user, ordered):
        node = make_node("Vinyl", parent=make_node("Frame", manufacturing_type=ordered.manufacturing_type))
        response = client_for(user).patch(
            f"{URL}/{ordered.pk}/selections", [{"attribute_node_id": node.pk}], format="json"
        )
        CONFIGURATOR.assert_error(response, 409)
        assert not ConfigurationSelection.objects.filter(configuration=ordered).exists()

    def test_it_cannot_be_deleted(self, user, ordered):
        CONFIGURATOR.assert_error(client_for(user).delete(f"{URL}/{ordered.pk}"), 409)
        assert Configuration.objects.filter(pk=ordered.pk).exists()

    def test_not_even_a_superuser_changes_it_through_the_api(self, ordered):
        response = client_for(SuperuserFactory()).patch(f"{URL}/{ordered.pk}", {"name": "x"}, format="json")
        CONFIGURATOR.assert_error(response, 409)

    def test_only_placing_an_order_makes_a_configuration_ordered(self, user):
        configuration = ConfigurationFactory(user=user)
        response = client_for(user).patch(f"{URL}/{configuration.pk}", {"status": "ordered"}, format="json")
        CONFIGURATOR.assert_error(response, 422, "status")
        configuration.refresh_from_db()
        assert configuration.status == "draft"

    def test_admin_shows_it_read_only(self, client, ordered):
        client.force_login(SuperuserFactory(is_staff=True))
        page = client.get(f"/admin/configurator/configuration/{ordered.pk}/change/")
        assert page.status_code == 200 and b'name="name"' not in page.content
        assert (
            client.post(f"/admin/configurator/configuration/{ordered.pk}/delete/", {"post": "yes"}).status_code == 403
        )
        assert Configuration.objects.filter(pk=ordered.pk).exists()
