"""Calculator endpoints of the manufacturing API, per spec "Calculator Proxy" and reference §7."""

import pytest

from catalog.api import views
from catalog.choices import CoefficientKind
from catalog.models import Coefficient, Location, Service
from catalog.tests.factories import CoefficientFactory, MachineFactory, MaterialFactory, ServiceFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import MFG
from config.testing.queries import assert_list_queries_constant
from files.tests.factories import DemoModelFileFactory, ModelFileFactory

pytestmark = pytest.mark.django_db

URL = "/api/mfg/calculate-price"
SPEC_EXAMPLE = {
    "service_id": "cnc-milling",
    "material_id": "alum_D16",
    "material_form": "rod",
    "quantity": 1,
    "length": 100,
    "width": 50,
    "height": 25,
    "n_dimensions": 3,
    "tolerance_id": "1",
    "finish_id": "1",
    "cover_id": ["1"],
    "k_otk": "1",
    "k_cert": ["a", "f"],
    "k_complexity": 1.0,
}
SPEC_FIELDS = {
    "service_id",
    "total_price",
    "detail_price",
    "mat_price",
    "work_price",
    "mat_weight",
    "mat_volume",
    "total_time",
    "manufacturing_cycle",
}


def calculate(body, user=None):
    return client_for(user).post(URL, body, format="json")


@hand_tested(
    views.CalculatePriceView,
    why="a public POST that prices a request: no rows and no owner; checked against the reference's worked examples",
)
class TestCalculatePrice:
    def test_spec_example_with_every_documented_field(self):
        response = calculate(SPEC_EXAMPLE)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) >= SPEC_FIELDS
        assert body["service_id"] == "cnc-milling"
        assert (body["total_price"], body["detail_price"]) == (2293, 2293)
        assert (body["mat_price"], body["work_price"], body["mat_weight"]) == (223.05, 403.94, 0.35)
        assert (body["mat_volume"], body["total_time"]) == (0.000125, 0.425)
        assert body["manufacturing_cycle"] == "10 days" and body["manufacturing_cycle_days"] == 10
        assert body["k_cert"] == ["a", "f"] and body["dimensions"] == {"length": 100, "width": 50, "height": 25}

    @pytest.mark.parametrize(
        ("service_id", "detail_price"),
        [("cnc-milling", 1109), ("cnc-lathe", 2066), ("printing", 13301), ("painting", 1)],
    )
    def test_every_service_prices_with_only_its_id(self, service_id, detail_price):
        body = calculate({"service_id": service_id}).json()
        assert body["detail_price"] == detail_price and body["total_price"] == detail_price

    def test_a_signed_in_caller_is_recognised_and_priced_the_same(self, user):
        assert calculate(SPEC_EXAMPLE, user).json()["total_price"] == 2293

    def test_a_bad_token_is_refused(self):
        response = client_for().post(URL, SPEC_EXAMPLE, format="json", HTTP_AUTHORIZATION="Bearer not.a.token")
        MFG.assert_error(response, 401)

    def test_cyrillic_material_ids_are_matched_exactly(self):
        body = calculate({"service_id": "cnc-lathe", "material_id": "bronze_БрАЖМц10-3-1.5", "width": 30}).json()
        assert body["material_id"] == "bronze_БрАЖМц10-3-1.5" and body["detail_price"] > 0
        MFG.assert_error(calculate({"service_id": "cnc-milling", "material_id": "steel_40X"}), 422, "material_id")

    def test_numbers_sent_as_strings_are_read(self):
        body = {**SPEC_EXAMPLE, "length": "100", "quantity": "1", "k_complexity": "1.0"}
        assert calculate(body).json()["total_price"] == 2293

    def test_nulls_mean_absent(self):
        body = {"service_id": "cnc-milling", "material_id": None, "k_complexity": None, "file_id": None}
        assert calculate(body).json()["detail_price"] == 1109

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"service_id": None}, "service_id"),
            ({"service_id": "welding"}, "service_id"),
            ({"material_id": "unobtainium"}, "material_id"),
            ({"material_id": "PA11"}, "material_id"),
            ({"material_form": "tube"}, "material_form"),
            ({"material_form": "powder"}, "material_form"),
            ({"quantity": 0}, "quantity"),
            ({"quantity": 1.5}, "quantity"),
            ({"quantity": "many"}, "quantity"),
            ({"length": 0}, "length"),
            ({"width": -5}, "width"),
            ({"height": "thick"}, "height"),
            ({"height": 1e9}, "height"),
            ({"n_dimensions": 0}, "n_dimensions"),
            ({"tolerance_id": "7"}, "tolerance_id"),
            ({"finish_id": "0"}, "finish_id"),
            ({"cover_id": "1"}, "cover_id"),
            ({"cover_id": ["3"]}, "cover_id"),
            ({"k_otk": "3"}, "k_otk"),
            ({"k_otk": "-1"}, "k_otk"),
            ({"k_otk": "abc"}, "k_otk"),
            ({"k_cert": ["z"]}, "k_cert"),
            ({"k_complexity": 0}, "k_complexity"),
            ({"k_type": 5}, "k_type"),
            ({"length": "1e-999999999"}, "length"),
            ({"width": 1e-300}, "width"),
            ({"height": "NaN"}, "height"),
            ({"length": "Infinity"}, "length"),
            ({"length": 1e308}, "length"),
            ({"k_otk": "nan"}, "k_otk"),
            ({"k_otk": "-Infinity"}, "k_otk"),
            ({"k_otk": 1e308}, "k_otk"),
            ({"k_complexity": "1e-999999999"}, "k_complexity"),
            ({"k_complexity": "Infinity"}, "k_complexity"),
            ({"quantity": 1e308}, "quantity"),
            ({"quantity": 100_001}, "quantity"),
            ({"n_dimensions": "Infinity"}, "n_dimensions"),
            ({"file_id": "abc"}, "file_id"),
            ({"file_id": 0}, "file_id"),
        ],
    )
    def test_invalid_values_are_422_naming_the_field(self, change, field):
        MFG.assert_error(calculate({**SPEC_EXAMPLE, **change}), 422, field)

    @pytest.mark.parametrize(
        ("literal", "field"),
        [
            ("1e-999999999", "length"),
            ("1e-999999999", "k_complexity"),
            ("1e400", "length"),
            ("1e400", "k_otk"),
            ("-1e400", "k_type"),
            ("1e308", "quantity"),
        ],
    )
    def test_json_numbers_that_read_as_zero_or_infinity_are_422_naming_the_field(self, literal, field):
        raw = f'{{"service_id": "cnc-milling", "{field}": {literal}}}'
        MFG.assert_error(client_for().post(URL, raw, content_type="application/json"), 422, field)

    def test_the_bounds_are_published_in_the_schema(self):
        schema = client_for().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
        fields = schema["components"]["schemas"]["MfgPriceRequest"]["properties"]
        bounds = {name: (fields[name].get("minimum"), fields[name].get("maximum")) for name in fields}
        assert bounds["length"] == bounds["dia"] == (0.001, 10000)
        assert (bounds["quantity"], bounds["n_dimensions"]) == ((1, 100_000), (1, 10_000))
        assert (bounds["k_otk"], bounds["k_complexity"], bounds["k_type"]) == ((0, 2), (0.01, 10), (0, 2))

    def test_missing_service_is_named(self):
        MFG.assert_error(calculate({}), 422, "service_id")

    def test_turning_needs_rod(self):
        body = {"service_id": "cnc-lathe", "material_id": "alum_D16", "material_form": "hexagon"}
        body = MFG.assert_error(calculate(body), 422, "material_form")
        assert body["details"]["material_form"] == ["Turning needs rod stock."]

    def test_painting_refuses_a_material_that_cannot_be_painted(self):
        MFG.assert_error(calculate({"service_id": "painting", "material_id": "steel_45"}), 422, "material_id")

    def test_painting_options_are_checked(self):
        body = {"service_id": "painting", "paint_type": "gold", "paint_lakery": "z"}
        MFG.assert_error(calculate(body), 422, "paint_type", "paint_lakery")

    def test_malformed_json_is_400(self):
        MFG.assert_error(client_for().post(URL, "{nope", content_type="application/json"), 400)

    def test_a_list_body_is_422(self):
        MFG.assert_error(calculate([SPEC_EXAMPLE]), 422)

    def test_get_is_405(self):
        MFG.assert_error(client_for().get(URL), 405)

    def test_tables_are_read_once_then_cached(self, django_assert_num_queries):
        with django_assert_num_queries(16):  # 14 table reads inside the request's savepoint
            assert calculate(SPEC_EXAMPLE).status_code == 200
        with django_assert_num_queries(2):
            assert calculate(SPEC_EXAMPLE).status_code == 200

    def test_an_edited_coefficient_prices_at_once(self):
        assert calculate(SPEC_EXAMPLE).json()["total_price"] == 2293
        tolerance = Coefficient.objects.get(kind=CoefficientKind.TOLERANCE, code="1")
        tolerance.value = "1.00"
        tolerance.save()
        # W 371.692·1.0·1.00·0.90·1.05 = 351.249; 1.01·223.05 + 5.1186635·351.249 = 2023.20.
        assert calculate(SPEC_EXAMPLE).json()["total_price"] == 2023


@hand_tested(
    views.CalculatePriceView,
    why="a public POST that prices a request: no rows and no owner; checked against the reference's worked examples",
)
class TestWhoMayLowerThePrice:
    """docs/calculator.md 18: below their defaults, multipliers are staff's; k_type and k_process too."""

    BASE = {key: value for key, value in SPEC_EXAMPLE.items() if key not in ("k_otk", "k_complexity")}

    @pytest.mark.parametrize(
        "lowered",
        [
            {"k_complexity": 0.01},
            {"k_otk": "0.01"},
            {"k_otk": 0},
            {"k_type": 0, "k_process": "0"},
            {"k_complexity": 0.01, "k_otk": "0.01", "k_type": 0.01, "k_process": 0.01},
        ],
    )
    def test_a_customer_is_charged_as_if_they_were_not_sent(self, user, lowered):
        for customer in (None, user):
            full = calculate(self.BASE, customer).json()
            assert calculate({**self.BASE, **lowered}, customer).json() == full
            assert full["total_price"] == 1776  # 1.01·223.05 + 5.1186635·371.692·0.8150625 (k_complexity 0.75)

    def test_a_customers_higher_multipliers_are_applied(self):
        assert calculate({**self.BASE, "k_complexity": 1.0, "k_otk": "1"}).json()["total_price"] == 2293
        assert calculate({**self.BASE, "k_otk": "2"}).json()["total_price"] > 2293

    def test_staff_may_lower_them(self, staff):
        full = calculate(self.BASE, staff).json()
        body = calculate({**self.BASE, "k_complexity": 0.01, "k_otk": "0.01", "k_type": 0.5}, staff).json()
        assert (body["k_complexity"], body["k_otk"], body["k_type"]) == (0.01, 0.01, 0.5)
        assert body["total_price"] < full["total_price"] == 1776


@hand_tested(views.ServiceListView, why="the public catalogue, answered as an id-keyed object, not a page of rows")
class TestServices:
    def test_keyed_by_id_as_the_spec_shows(self):
        body = client_for().get("/api/mfg/services").json()
        assert list(body) == ["cnc-milling", "cnc-lathe", "printing", "painting"]
        assert body["cnc-milling"] == {
            "name": "CNC Milling",
            "description": "Precision milling operations",
            "location": "location_1",
        }
        assert body["printing"]["name"] == "3D Printing" and body["painting"]["location"] is None

    def test_query_count_does_not_grow(self, django_assert_max_num_queries):
        def fetch():
            return client_for().get("/api/mfg/services")

        assert_list_queries_constant(django_assert_max_num_queries, fetch, ServiceFactory.create_batch)
        assert len(fetch().json()) == 54


@hand_tested(views.MaterialListView, why="the public catalogue, answered as an id-keyed object, not a page of rows")
class TestMaterials:
    def test_every_material_of_the_reference_table(self):
        body = client_for().get("/api/mfg/materials").json()
        assert len(body) == 21
        assert {"steel_40Х13", "alum_АК4", "latun_Л63", "bronze_БрАЖМц10-3-1.5", "steel_40Х"} <= set(body)
        d16 = body["alum_D16"]
        assert (d16["name"], d16["density"], d16["density_kg_m3"], d16["price_per_kg"]) == (
            "Алюминий Д16",
            2.8,
            2800,
            531.08,
        )
        assert d16["forms"]["sheet"] == {"price_per_kg": 847.62, "processes": ["cnc-milling", "painting"]}

    @pytest.mark.parametrize(
        ("process", "included", "excluded"),
        [
            ("printing", {"PA11", "PA12"}, {"alum_D16"}),
            ("cnc-lathe", {"alum_D16", "steel_40Х13", "steel_14X17H2"}, {"alum_1163", "alum_АК4", "PA11"}),
            ("painting", {"alum_D16", "PA11"}, {"alum_D16T", "latun_Л63"}),
        ],
    )
    def test_filtered_by_process(self, process, included, excluded):
        body = client_for().get("/api/mfg/materials", {"process": process}).json()
        assert included <= set(body) and not excluded & set(body)

    def test_filtered_forms_and_price_follow_the_process(self):
        d16 = client_for().get("/api/mfg/materials", {"process": "cnc-lathe"}).json()["alum_D16"]
        assert set(d16["forms"]) == {"rod", "hexagon"} and d16["price_per_kg"] == 531.08

    def test_unknown_process_is_422(self):
        MFG.assert_error(client_for().get("/api/mfg/materials", {"process": "welding"}), 422, "process")

    def test_query_count_does_not_grow(self, django_assert_max_num_queries):
        def fetch():
            return client_for().get("/api/mfg/materials")

        assert_list_queries_constant(django_assert_max_num_queries, fetch, MaterialFactory.create_batch)
        assert len(fetch().json()) == 71


@hand_tested(views.CoefficientListView, why="the public catalogue, answered as an id-keyed object, not a page of rows")
class TestCoefficients:
    def test_tables_keyed_by_id(self):
        body = client_for().get("/api/mfg/coefficients").json()
        assert body["tolerance"]["1"] == {"name": "IT7", "multiplier": 1.15}
        assert body["tolerance"]["6"] == {"name": "IT12", "multiplier": 0.9}
        assert body["finish"]["5"] == {"name": "Ra 0.8 µm", "multiplier": 1.1}
        assert body["cover"]["2"] == {"name": "Гальваника (electroplating)", "multiplier": 1.15, "cycle_time": 2.0}
        assert set(body["certificate"]) == set("abcdefg")
        assert body["quantity"]["21"] == {"name": "21-100 parts", "multiplier": 0.95, "cycle_days": 1}
        assert body["complexity"]["51"] == {"name": "51+ dimensions", "multiplier": 1.25}
        assert body["paint_type"]["epoxy"] == {"name": "Epoxy", "base_price": 25.0, "k_type": 1.2, "k_prepare": 1.1}
        assert body["paint_primer"]["b"]["multiplier"] == 1.15

    def test_query_count_does_not_grow(self, django_assert_max_num_queries):
        def fetch():
            return client_for().get("/api/mfg/coefficients")

        assert_list_queries_constant(django_assert_max_num_queries, fetch, CoefficientFactory.create_batch)
        assert len(fetch().json()["tolerance"]) == 56


@hand_tested(views.LocationListView, why="the public catalogue, answered as an id-keyed object, not a page of rows")
class TestLocations:
    def test_keyed_by_id_with_shipping_cost(self):
        body = client_for().get("/api/mfg/locations").json()
        assert list(body) == ["location_1", "location_2", "location_3"]
        assert body["location_3"]["name"] == "saransk" and body["location_3"]["shipping_cost"] == 0
        assert body["location_1"]["machines"]["cnc-lathe"] == ["machine_105", "machine_106"]

    def test_shipping_cost_is_editable_data(self):
        assert client_for().get("/api/mfg/locations").json()["location_2"]["shipping_cost"] == 0
        location = Location.objects.get(pk="location_2")
        location.shipping_cost = "350.00"
        location.save()
        assert client_for().get("/api/mfg/locations").json()["location_2"]["shipping_cost"] == 350.0

    def test_query_count_does_not_grow(self, django_assert_max_num_queries):
        service = Service.objects.get(pk="cnc-milling")

        def grow(n):
            MachineFactory.create_batch(n, service=service, location=service.location)

        def fetch():
            return client_for().get("/api/mfg/locations")

        assert_list_queries_constant(django_assert_max_num_queries, fetch, grow)
        assert len(fetch().json()["location_1"]["machines"]["cnc-milling"]) == 54


@pytest.mark.parametrize(
    "url", ["/api/mfg/services", "/api/mfg/materials/", "/api/mfg/coefficients", "/api/mfg/locations"]
)
def test_lists_need_no_authentication_and_ignore_stale_tokens(url):
    assert client_for().get(url).status_code == 200
    assert client_for().get(url, HTTP_AUTHORIZATION="Bearer stale").status_code == 200


@pytest.mark.parametrize("url", [URL, "/api/mfg/services", "/api/mfg/materials", "/api/mfg/coefficients"])
def test_cors_preflight(url):
    response = client_for().options(url, HTTP_ORIGIN="http://client.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "http://client.example"


@hand_tested(
    views.CalculatePriceView,
    why="a public POST that prices a request: no rows and no owner; checked against the reference's worked examples",
)
class TestCalculateFromAModelFile:
    """The 30×20×10 mm box of the files factories: 30·20·10 mm of D16 sheet is m 0.0168, M 17.09."""

    def test_own_file_fills_the_dimensions(self, user):
        model = ModelFileFactory(owner=user)
        body = calculate({"service_id": "cnc-milling", "file_id": model.pk}, user).json()
        assert body["dimensions"] == {"length": 30, "width": 20, "height": 10}
        assert (body["mat_volume"], body["mat_weight"], body["mat_price"]) == (0.000006, 0.0168, 17.09)

    def test_larger_request_values_override_the_file_field_by_field(self, user):
        model = ModelFileFactory(owner=user)
        body = calculate({"service_id": "cnc-milling", "file_id": model.pk, "height": 15}, user).json()
        assert body["dimensions"] == {"length": 30, "width": 20, "height": 15}

    def test_a_customers_tiny_sizes_do_not_undercut_the_model(self, user):
        model = ModelFileFactory(owner=user)
        measured = calculate({"service_id": "cnc-milling", "file_id": model.pk}, user).json()
        tiny = {"service_id": "cnc-milling", "file_id": model.pk, "length": "0.001", "width": 0.5, "height": 1}
        assert calculate(tiny, user).json() == measured

    def test_staff_may_price_below_the_model(self, staff):
        model = ModelFileFactory(owner=staff)
        body = calculate({"service_id": "cnc-milling", "file_id": model.pk, "height": 5}, staff).json()
        assert body["dimensions"] == {"length": 30, "width": 20, "height": 5}

    def test_lathe_reads_the_width_as_diameter(self, user):
        model = ModelFileFactory(owner=user)
        body = calculate({"service_id": "cnc-lathe", "file_id": model.pk}, user).json()
        assert body["dimensions"]["dia"] == 20

    def test_anyone_may_use_a_demo_file(self, user):
        demo = DemoModelFileFactory()
        for caller in (None, user):
            body = calculate({"service_id": "printing", "file_id": demo.pk}, caller).json()
            assert body["dimensions"] == {"length": 30, "width": 20, "height": 10}

    def test_another_users_file_is_404(self, user):
        theirs = ModelFileFactory()
        MFG.assert_error(calculate({"service_id": "cnc-milling", "file_id": theirs.pk}, user), 404)

    def test_anonymous_cannot_use_a_customers_file(self):
        MFG.assert_error(calculate({"service_id": "cnc-milling", "file_id": ModelFileFactory().pk}), 404)

    def test_missing_file_is_404(self, user):
        MFG.assert_error(calculate({"service_id": "cnc-milling", "file_id": 999_999_999}, user), 404)
