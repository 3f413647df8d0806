"""Each service's formula against values worked out by hand from the reference tables (calculator.md §4-6).

Cost checks use the reference's closed form, cost = 1.01·M + F·W with F = 5.1186635 at
location_1 and 5.98788125 at location_3, which the code never uses (it builds the cost up).
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog import calculator
from catalog.models import QuantityDiscount
from catalog.services import calculate_price
from catalog.tables import Bracket, LocationRow, read_tables
from catalog.tests.factories import ServiceFactory
from config.errors import Refused
from files.tests.factories import ModelFileFactory

pytestmark = pytest.mark.django_db

D = Decimal

F_LOCATION_1 = D("5.1186635")
F_LOCATION_3 = D("5.98788125")


def quote(**inputs):
    return calculate_price(None, **inputs)


def closed_form(material_price, work_price, factor):
    return calculator.rounded(D("1.01") * material_price + factor * work_price, 2)


class TestMilling:
    def test_defaults(self):
        # 100×50×10 mm of alum_D16 sheet: V 5e-5 m³, m 0.14 kg, M 0.14·847.62·1.2 = 142.40.
        # minutes 10 + 5/3 + 1000·0.14·0.03 = 15.8667 -> work₀ 231.275, t 0.264 h.
        # k_all 0.75 (n=1) · 1.15 (IT7) · 0.90 (Ra 12.5) · 1.05 (cover 1) = 0.8150625 -> W 188.5036.
        result = quote(service_id="cnc-milling")
        assert (result["material_id"], result["material_form"]) == ("alum_D16", "sheet")
        assert result["mat_volume"] == D("0.00005")
        assert result["mat_weight"] == D("0.14")
        assert result["mat_price"] == D("142.40")
        assert result["work_price"] == D("188.50")
        assert result["detail_time"] == result["total_time"] == D("0.264")
        assert closed_form(D("142.40"), D("231.275") * D("0.8150625"), F_LOCATION_1) == D("1108.71")
        assert result["detail_price"] == result["detail_price_one"] == result["total_price"] == 1109
        assert result["k_complexity"] == D("0.75") and result["k_cover"] == D("1.05")
        assert result["manufacturing_cycle"] == "10 days"  # 8 + 1 (cover 1) + 1 + 0
        assert result["location"] == "location_1"
        assert result["suitable_machines"] == ["machine_101", "machine_102", "machine_103", "machine_104"]
        assert result["k_cert"] == ["a", "f"]

    def test_spec_example(self):
        # alum_D16 rod 100×50×25: m 0.35, M 0.35·531.08·1.2 = 223.05; minutes 10 + 5 + 10.5 = 25.5
        # -> work₀ 371.692, t 0.425; k_all 1.0 (explicit) · 1.15 · 0.90 · 1.05 = 1.08675.
        result = quote(
            service_id="cnc-milling",
            material_id="alum_D16",
            material_form="rod",
            quantity=1,
            length=100,
            width=50,
            height=25,
            n_dimensions=3,
            tolerance_id="1",
            finish_id="1",
            cover_id=["1"],
            k_otk="1",
            k_cert=["a", "f"],
            k_complexity=D("1.0"),
        )
        assert (result["mat_weight"], result["mat_price"], result["detail_time"]) == (
            D("0.35"),
            D("223.05"),
            D("0.425"),
        )
        assert result["work_price"] == D("403.94")
        assert closed_form(D("223.05"), D("371.692") * D("1.08675"), F_LOCATION_1) == D("2292.89")
        assert result["detail_price"] == result["total_price"] == 2293
        assert result["k_complexity"] == D("1.0")

    def test_quantity_discount_applies_to_work_not_to_the_single_price(self):
        # q 21 -> k_quantity 0.95, one more cycle day; total from the 2-dp unit cost 1060.47 · 21.
        result = quote(service_id="cnc-milling", quantity=21)
        assert closed_form(D("142.40"), D("231.275") * D("0.8150625") * D("0.95"), F_LOCATION_1) == D("1060.47")
        assert (result["detail_price"], result["detail_price_one"], result["total_price"]) == (1060, 1109, 22270)
        assert result["total_time"] == D("5.544")  # 0.264 · 21
        assert result["k_quantity"] == D("0.95") and result["manufacturing_cycle"] == "11 days"

    def test_every_table_factor(self):
        # steel_20 sheet 200×100×20: m 3.1436, M 258.65; k_handle 0 -> minutes 10 + 100/3 -> work₀ 631.634.
        # k_all 1.00 (n=20) · 0.90 (IT12) · 1.10 (Ra 0.8) · 1 (no cover) · 0.85 (q=150).
        result = quote(
            service_id="cnc-milling",
            material_id="steel_20",
            material_form="sheet",
            length=200,
            width=100,
            height=20,
            n_dimensions=20,
            tolerance_id="6",
            finish_id="5",
            cover_id=[],
            quantity=150,
        )
        assert (result["mat_weight"], result["mat_price"], result["detail_time"]) == (
            D("3.1436"),
            D("258.65"),
            D("0.722"),
        )
        assert closed_form(D("258.65"), D("631.634") * D("0.99") * D("0.85"), F_LOCATION_1) == D("2981.91")
        assert (result["detail_price"], result["detail_price_one"], result["total_price"]) == (2982, 3462, 447287)
        assert result["k_complexity"] == D("1.00") and result["k_cover"] == 1
        assert result["manufacturing_cycle"] == "11 days"  # 8 + 0 + 1 + 2

    @pytest.mark.parametrize(
        ("n_dimensions", "k_complexity", "expected"),
        [
            (15, None, D("0.75")),
            (16, None, D("1.00")),
            (50, None, D("1.00")),
            (51, None, D("1.25")),
            (60, D("2"), D("2")),
            (15, D("1.0"), D("1.0")),
            (60, D("0.5"), D("1.25")),  # a customer's explicit value never goes below n_dimensions' (decision 18)
        ],
    )
    def test_complexity_from_n_dimensions_unless_explicit(self, n_dimensions, k_complexity, expected):
        inputs = {"service_id": "cnc-milling", "n_dimensions": n_dimensions}
        if k_complexity is not None:
            inputs["k_complexity"] = k_complexity
        assert quote(**inputs)["k_complexity"] == expected

    def test_n_dimensions_feeds_the_minutes_even_with_explicit_complexity(self):
        few = quote(service_id="cnc-milling", n_dimensions=1, k_complexity=1)
        many = quote(service_id="cnc-milling", n_dimensions=31, k_complexity=1)
        # 15.867 min -> 0.264 h; 50 more minutes for 30 more dimensions -> 65.867 min = 1.098 h.
        assert (few["detail_time"], many["detail_time"]) == (D("0.264"), D("1.098"))
        assert (few["k_complexity"], many["k_complexity"]) == (1, 1)

    def test_k_otk_multiplies_work(self):
        plain, doubled = quote(service_id="cnc-milling"), quote(service_id="cnc-milling", k_otk="2")
        assert doubled["work_price"] == D("377.01")  # 231.275 · 0.8150625 · 2
        assert doubled["mat_price"] == plain["mat_price"]

    def test_repeated_cover_counts_once_in_price_and_each_time_in_cycle(self):
        result = quote(service_id="cnc-milling", cover_id=["1", "1", "2"])
        assert result["k_cover"] == D("1.05") * D("1.15")
        assert result["manufacturing_cycle_days"] == 8 + 1 + 1 + 2 + 1

    def test_typo_processes_are_normalised(self):
        # steel_40Х13 (Cyrillic Х) and steel_14X17H2 rod carried `cnc_lathe` in the original table.
        assert quote(service_id="cnc-lathe", material_id="steel_40Х13", width=30)["material_form"] == "rod"
        assert quote(service_id="cnc-lathe", material_id="steel_14X17H2", material_form="rod")["detail_price"] > 0


class TestLathe:
    def test_cylinder_from_length_and_width_as_diameter(self):
        # alum_D16 rod, L 100, dia 20: V = 100·π·20²/4 mm³ = 0.0000314159 m³, m 0.0880, M 56.08.
        # minutes 10 + 5/3 + 2.64 = 14.3067 -> work₀ 208.536, t 0.238; k_all 0.8150625.
        result = quote(service_id="cnc-lathe", length=100, width=20, height=999)
        assert (result["mat_volume"], result["mat_weight"], result["mat_price"]) == (
            D("0.0000314159"),
            D("0.0880"),
            D("56.08"),
        )
        assert closed_form(D("56.08"), D("208.536") * D("0.8150625"), F_LOCATION_1) == D("926.66")
        assert result["detail_price"] == 927 and result["detail_time"] == D("0.238")
        assert result["suitable_machines"] == ["machine_105", "machine_106"]
        assert result["dimensions"]["dia"] == 20

    def test_dia_overrides_width(self):
        assert quote(service_id="cnc-lathe", length=100, width=80, dia=20)["detail_price"] == 927

    def test_defaults_to_rod(self):
        assert quote(service_id="cnc-lathe", material_id="alum_AMG3")["material_form"] == "rod"


class TestPrinting:
    def test_defaults(self):
        # PA11 powder, (100+30)(50+30)(10+30) = 416000 mm³ -> m 0.4243, M 0.4243·14000·1.2 = 7128.24.
        # t = 0.416 l / 6 + 2 = 2.069 h; W = 2.069 · 469.03 · 1.05 (cover 1).
        result = quote(service_id="printing")
        assert (result["material_id"], result["material_form"]) == ("PA11", "powder")
        assert (result["mat_volume"], result["mat_weight"], result["mat_price"]) == (
            D("0.000416"),
            D("0.4243"),
            D("7128.24"),
        )
        assert result["detail_time"] == D("2.069")
        assert result["work_price"] == D("1018.94")
        assert closed_form(D("7128.24"), D("2.069") * D("469.03") * D("1.05"), F_LOCATION_3) == D("13300.84")
        assert result["detail_price"] == result["total_price"] == 13301
        assert result["location"] == "location_3" and result["k_complexity"] is None

    def test_batch_otk_and_no_cover(self):
        # PA12 60×40×20 -> 90·70·50 = 315000 mm³, m 0.2930, M 3234.72, t 2.053; k_otk 1.5, q 30 -> 0.95.
        result = quote(
            service_id="printing",
            material_id="PA12",
            length=60,
            width=40,
            height=20,
            cover_id=[],
            k_otk="1.5",
            quantity=30,
        )
        assert closed_form(D("3234.72"), D("2.053") * D("469.03") * D("1.5") * D("0.95"), F_LOCATION_3) == D("11483.39")
        assert (result["detail_price"], result["detail_price_one"], result["total_price"]) == (11483, 11916, 344502)
        assert result["total_time"] == D("61.590") and result["manufacturing_cycle"] == "10 days"

    def test_tolerance_finish_and_complexity_do_not_change_a_print(self):
        result = quote(service_id="printing", tolerance_id="6", finish_id="5", n_dimensions=60, k_complexity=3)
        assert result["detail_price"] == 13301

    def test_k_type_and_k_process_are_echoed_only_for_staff(self, staff):
        result = calculate_price(staff, service_id="printing", k_type="0.5", k_process="1.5")
        assert (result["k_type"], result["k_process"], result["detail_price"]) == (D("0.5"), D("1.5"), 13301)


class TestPainting:
    def test_area_in_square_metres(self):
        # 1000×500×200: A = 2(0.5 + 0.2 + 0.1) = 1.6 m²; epoxy base 1.6·25·1.2 = 48.00;
        # prep 1.6·15·1.1 (alum) ·1.1 = 29.04; proc a·b·a = 1.15; unit 77.04·1.15 = 88.596.
        result = quote(service_id="painting", length=1000, width=500, height=200)
        assert result["surface_area"] == D("1.6")
        assert (result["base_paint_price"], result["prep_cost"]) == (D("48.00"), D("29.04"))
        assert result["process_coeff"] == D("1.15") and result["k_control"] == 1
        assert result["detail_price"] == result["detail_price_one"] == result["total_price"] == 89
        assert result["total_time"] == 0
        assert result["mat_price"] is result["manufacturing_cycle"] is result["suitable_machines"] is None
        assert result["k_cert"] == ["a", "d", "f", "g"]

    def test_quantity_discount_is_in_the_unit_price(self):
        result = quote(service_id="painting", length=1000, width=500, height=200, quantity=25)
        assert (result["detail_price"], result["detail_price_one"], result["total_price"]) == (84, 84, 2104)

    def test_family_clean_factor(self):
        # steel: prep 1.6·15·1.3·1.1 = 34.32.
        result = quote(service_id="painting", material_id="steel_30XGSA", length=1000, width=500, height=200)
        assert result["prep_cost"] == D("34.32")

    def test_control_type_zero_lowers_the_price(self):
        # k_control 0.1·0 + 0.9 = 0.9: unit 88.596·0.9 = 79.74.
        result = quote(service_id="painting", length=1000, width=500, height=200, control_type=0)
        assert result["k_control"] == D("0.9") and result["detail_price"] == 80

    def test_every_paint_option(self):
        # polyurethane: base 1.6·30·1.3 = 62.40, prep 1.6·15·1.1·1.2 = 31.68;
        # proc c·c·b = 1.2·1.3·1.1 = 1.716; control 2 -> 1.1; unit 94.08·1.716·1.1 = 177.585.
        result = quote(
            service_id="painting",
            length=1000,
            width=500,
            height=200,
            paint_type="polyurethane",
            paint_prepare="c",
            paint_primer="c",
            paint_lakery="b",
            control_type=2,
        )
        assert (result["base_paint_price"], result["prep_cost"]) == (D("62.40"), D("31.68"))
        assert result["process_coeff"] == D("1.716") and result["k_control"] == D("1.1")
        assert result["detail_price"] == 178


class TestRules:
    def test_cost_build_up_matches_the_closed_form(self):
        location = read_tables().locations["location_2"]
        assert calculator.cost(D("100"), D("200"), location) == closed_form(D("100"), D("200"), D("5.3654625"))

    @pytest.mark.parametrize(
        ("amount", "start"), [(1, 1), (20, 1), (21, 21), (100, 21), (101, 101), (500, 101), (501, 501)]
    )
    def test_quantity_brackets(self, amount, start):
        assert calculator.bracket_for(read_tables().quantity_discounts, amount).start == start

    @pytest.mark.parametrize(("value", "places", "expected"), [(D("0.125"), 2, D("0.13")), (D("2.5"), 0, D("3"))])
    def test_rounding_is_half_up(self, value, places, expected):
        assert calculator.rounded(value, places) == expected

    @pytest.mark.parametrize(("days", "text"), [(D("10"), "10 days"), (D("10.50"), "10.5 days"), (D("1"), "1 day")])
    def test_cycle_text(self, days, text):
        assert calculator.days_text(days) == text

    def test_cost_with_no_overheads_is_material_and_work_plus_profit(self):
        bare = LocationRow("x", "x", D(0), D(0), D(0), D(0), D(0), D("0.01"), D("0.25"), D(0))
        assert calculator.cost(D("100"), D("100"), bare) == D("226.00")

    def test_bracket_below_every_start_takes_the_first(self):
        assert calculator.bracket_for((Bracket(5, D(1)), Bracket(10, D(2))), 1).start == 5


class TestResolution:
    @pytest.mark.parametrize(
        ("inputs", "field"),
        [
            ({"service_id": "welding"}, "service_id"),
            ({"service_id": "cnc-milling", "material_id": "PA11"}, "material_id"),
            ({"service_id": "cnc-milling", "material_id": "steel_40X13"}, "material_id"),  # Latin X: no such id
            ({"service_id": "painting", "material_id": "alum_D16T"}, "material_id"),
            ({"service_id": "cnc-lathe", "material_form": "sheet"}, "material_form"),
            ({"service_id": "cnc-lathe", "material_form": "hexagon"}, "material_form"),
            ({"service_id": "cnc-milling", "material_id": "latun_Л63", "material_form": "sheet"}, "material_form"),
            ({"service_id": "cnc-milling", "length": 0}, "length"),
            ({"service_id": "cnc-milling", "quantity": 0}, "quantity"),
            ({"service_id": "cnc-milling", "tolerance_id": "7"}, "tolerance_id"),
            ({"service_id": "cnc-milling", "cover_id": ["0"]}, "cover_id"),
            ({"service_id": "cnc-milling", "k_cert": ["z"]}, "k_cert"),
            ({"service_id": "painting", "paint_type": "gold"}, "paint_type"),
            ({"service_id": "painting", "paint_primer": "z"}, "paint_primer"),
        ],
    )
    def test_each_failure_names_its_field(self, inputs, field):
        with pytest.raises(Refused) as caught:
            quote(**inputs)
        assert field in caught.value.by_field()

    def test_all_failures_are_reported_together(self):
        with pytest.raises(Refused) as caught:
            quote(service_id="cnc-milling", tolerance_id="9", finish_id="9", cover_id=["5"])
        assert {"tolerance_id", "finish_id", "cover_id"} <= set(caught.value.by_field())

    def test_without_a_usable_form_the_material_form_is_named(self):
        with pytest.raises(Refused) as caught:
            quote(service_id="cnc-lathe", material_id="alum_1163")  # sheet only, and sheet is not for turning
        assert "material_form" in caught.value.by_field()


class TestMisconfiguredTables:
    def test_a_machining_service_without_a_site_is_a_named_error_not_a_crash(self):
        ServiceFactory(id="cnc-grinding", location=None)
        with pytest.raises(Refused) as caught:
            quote(service_id="cnc-grinding")
        assert "service_id" in caught.value.by_field()

    def test_admin_refuses_a_machining_service_without_a_site(self):
        with pytest.raises(ValidationError):
            ServiceFactory.build(id="cnc-grinding", location=None).full_clean()

    def test_empty_quantity_table_means_no_discount(self):
        QuantityDiscount.objects.all().delete()
        assert quote(service_id="cnc-milling", quantity=1000)["k_quantity"] == 1


class TestTurnedModels:
    """docs/calculator.md 17: a lathe-friendly model is priced for turning as it would be turned."""

    def model(self, extents):
        length, width, height = extents
        return ModelFileFactory(length_mm=length, width_mm=width, height_mm=height)

    def test_a_disc_is_priced_as_a_short_length_of_wide_rod(self):
        quote = calculate_price(None, model_file=self.model((60, 60, 8)), service_id="cnc-lathe")
        assert quote["dimensions"] == {
            "length": Decimal("8"),
            "width": Decimal("60"),
            "height": Decimal("60"),
            "dia": Decimal("60"),
        }

    def test_a_rod_measures_as_before(self):
        quote = calculate_price(None, model_file=self.model((80, 20, 20)), service_id="cnc-lathe")
        assert (quote["dimensions"]["length"], quote["dimensions"]["dia"]) == (Decimal("80"), Decimal("20"))

    def test_milling_the_same_disc_prices_its_sorted_extents(self):
        quote = calculate_price(None, model_file=self.model((60, 60, 8)), service_id="cnc-milling")
        assert quote["dimensions"] == {"length": Decimal("60"), "width": Decimal("60"), "height": Decimal("8")}

    def test_larger_sizes_in_the_request_still_win(self):
        quote = calculate_price(None, model_file=self.model((60, 60, 8)), service_id="cnc-lathe", length=Decimal("9"))
        assert quote["dimensions"]["length"] == Decimal("9") and quote["dimensions"]["dia"] == Decimal("60")

    def test_a_customers_smaller_diameter_counts_as_the_models(self, user):
        disc = self.model((60, 60, 8))
        quote = calculate_price(user, model_file=disc, service_id="cnc-lathe", dia=Decimal("1"), length=Decimal("1"))
        assert quote == calculate_price(user, model_file=disc, service_id="cnc-lathe", dia=Decimal("60"))

    def test_a_disc_costs_less_turned_than_the_rod_the_old_sizes_implied(self):
        disc = calculate_price(None, model_file=self.model((60, 60, 8)), service_id="cnc-lathe")
        rod = calculate_price(
            None, service_id="cnc-lathe", length=Decimal("60"), width=Decimal("60"), height=Decimal("8")
        )
        assert disc["total_price"] < rod["total_price"]


BASE = {"service_id": "cnc-milling", "n_dimensions": 60}  # k_complexity 1.25 from the table


class TestWhoMayLowerThePrice:
    """docs/calculator.md 18: below their defaults, multipliers are staff's; k_type/k_process too."""

    @pytest.mark.parametrize(
        "lowered",
        [
            {"k_complexity": D("0.01")},
            {"k_otk": D("0.01")},
            {"k_otk": 0},
            {"k_type": 0, "k_process": 0},
            {"k_type": 2, "k_process": 2},
            {"k_complexity": "0.01", "k_otk": "0.01", "k_type": "0.01", "k_process": "0.01"},
        ],
    )
    def test_a_customers_lower_multipliers_price_as_if_not_sent(self, user, lowered):
        for customer in (None, user):
            assert calculate_price(customer, **BASE, **lowered) == calculate_price(customer, **BASE)

    def test_a_customer_pays_the_full_price_of_a_complex_part(self, user):
        full = calculate_price(user, **BASE)
        lowered = calculate_price(user, **BASE, k_complexity=D("0.01"), k_otk=D("0.01"))
        # minutes 10 + 5·60/3 + 4.2 = 114.2 -> work₀ 1664.598; k_all 1.25·1.15·0.90·1.05 -> W 2261.253.
        # 1.01·142.40 + 5.1186635·2261.253 = 11718.41 (with 0.01 and 0.01 it was 145).
        assert (lowered["k_complexity"], lowered["k_otk"]) == (D("1.25"), 1)
        assert closed_form(D("142.40"), D("1664.598") * D("1.3584375"), F_LOCATION_1) == D("11718.41")
        assert lowered["total_price"] == full["total_price"] == 11718

    def test_a_customers_higher_multipliers_are_applied(self, user):
        raised = calculate_price(user, **BASE, k_complexity=D("2.5"), k_otk=D("2"))
        assert (raised["k_complexity"], raised["k_otk"]) == (D("2.5"), D("2"))
        assert raised["work_price"] == D("9045.01")  # 1664.598 · 2.5·1.15·0.90·1.05 · 2, four times 2261.253

    def test_staff_may_lower_every_multiplier(self, staff):
        full = calculate_price(staff, **BASE)
        lowered = calculate_price(staff, **BASE, k_complexity=D("0.01"), k_otk=0, k_type=D("0.5"), k_process=0)
        assert (lowered["k_complexity"], lowered["k_otk"], lowered["k_type"], lowered["k_process"]) == (
            D("0.01"),
            0,
            D("0.5"),
            0,
        )
        assert lowered["work_price"] == 0 and lowered["total_price"] < full["total_price"]


class TestSizesOfAModel:
    """docs/calculator.md 18: with a model, a customer's size never undercuts the measured one."""

    @pytest.fixture
    def box(self):
        return ModelFileFactory()  # 30×20×10 mm

    def test_a_customers_tiny_sizes_price_as_the_model(self, user, box):
        for customer in (None, user):
            sizes = {"length": "0.001", "width": 1, "height": 5}
            tiny = calculate_price(customer, model_file=box, service_id="cnc-milling", **sizes)
            assert tiny == calculate_price(customer, model_file=box, service_id="cnc-milling")
            assert tiny["dimensions"] == {"length": 30, "width": 20, "height": 10}

    def test_a_customers_larger_size_wins_field_by_field(self, user, box):
        quote = calculate_price(user, model_file=box, service_id="painting", height=40, width=5)
        assert quote["dimensions"] == {"length": 30, "width": 20, "height": 40}

    def test_staff_may_price_below_the_model(self, staff, box):
        quote = calculate_price(staff, model_file=box, service_id="cnc-milling", height=5)
        assert quote["dimensions"] == {"length": 30, "width": 20, "height": 5}
        assert quote["total_price"] < calculate_price(staff, model_file=box, service_id="cnc-milling")["total_price"]

    def test_without_a_model_sizes_are_the_requests(self, user):
        quote = calculate_price(user, service_id="cnc-milling", length="0.001", width="0.001", height="0.001")
        assert quote["dimensions"] == {"length": D("0.001"), "width": D("0.001"), "height": D("0.001")}


class TestBounds:
    """Every number is finite and within the calculator's bounds, named by field (docs/calculator.md 18)."""

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("length", "1e-999999999"),
            ("length", D("1e-999999999")),
            ("width", 1e-300),
            ("dia", "0.0009"),
            ("height", float("nan")),
            ("height", "NaN"),
            ("length", "Infinity"),
            ("width", float("-inf")),
            ("length", 1e308),
            ("length", "1e999999999"),
            ("length", "thick"),
            ("k_otk", float("nan")),
            ("k_otk", "inf"),
            ("k_otk", 1e308),
            ("k_complexity", "1e-999999999"),
            ("k_complexity", "sNaN"),
            ("k_type", 1e308),
            ("k_process", "-Infinity"),
            ("quantity", 1e308),
            ("quantity", float("inf")),
            ("quantity", calculator.MAX_QUANTITY + 1),
            ("quantity", D("1.5")),
            ("n_dimensions", "1e308"),
            ("control_type", "Infinity"),
        ],
    )
    def test_out_of_bounds_is_refused_naming_the_field(self, user, field, value):
        with pytest.raises(Refused) as caught:
            calculate_price(user, **{**BASE, field: value})
        assert list(caught.value.by_field()) == [field]

    def test_every_bad_number_is_named_at_once(self):
        with pytest.raises(Refused) as caught:
            quote(service_id="cnc-milling", length=float("nan"), k_otk=1e308, quantity=0, tolerance_id="9")
        assert set(caught.value.by_field()) == {"length", "k_otk", "quantity", "tolerance_id"}

    def test_the_bounds_themselves_are_priced(self):
        smallest = quote(service_id="cnc-milling", length=calculator.MIN_SIZE_MM, quantity=calculator.MAX_QUANTITY)
        largest = quote(service_id="cnc-milling", length=calculator.MAX_SIZE_MM, k_otk=calculator.MAX_K_OTK)
        assert smallest["total_price"] > 0 and largest["total_price"] > smallest["detail_price"]
