"""Calculator request and response shapes of the manufacturing API (spec: "Calculator Proxy")."""

from decimal import Decimal

from rest_framework import serializers

from config.ids import MAX_ID

from .. import calculator
from ..choices import StockForm
from ..tables import load_tables

GRAMS_PER_CM3_PER_KG_M3 = Decimal(1000)
MODEL_SIZES_WIN = "With a file_id, a customer's size below the model's measured one counts as the model's."
STAFF_ONLY = "Staff only; ignored for other callers."


def _bounded_number(minimum: Decimal, maximum: Decimal, help_text: str):
    """A number in the calculator's bounds; published as a number so the schema shows them (a string
    holding a number, as the spec sends `k_otk`, is read too)."""
    return serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        coerce_to_string=False,
        min_value=minimum,
        max_value=maximum,
        required=False,
        allow_null=True,
        help_text=help_text,
    )


def _size():
    return _bounded_number(calculator.MIN_SIZE_MM, calculator.MAX_SIZE_MM, f"mm. {MODEL_SIZES_WIN}")


def _count(minimum: int, maximum: int):
    return serializers.IntegerField(min_value=minimum, max_value=maximum, required=False, allow_null=True)


def _code(max_length=16):
    return serializers.CharField(max_length=max_length, required=False, allow_null=True)


def _number(**kwargs):
    return serializers.DecimalField(max_digits=None, decimal_places=None, coerce_to_string=False, **kwargs)


class MfgPriceRequestSerializer(serializers.Serializer):
    """Reference §2 and §7: types and the calculator's bounds here; ids, combinations and what a
    caller may lower (docs/calculator.md 18) are the calculator's."""

    service_id = serializers.CharField(max_length=32)
    material_id = _code(64)
    material_form = serializers.ChoiceField(choices=StockForm.choices, required=False, allow_null=True)
    quantity = _count(1, calculator.MAX_QUANTITY)
    length = _size()
    width = _size()
    height = _size()
    dia = _size()
    n_dimensions = _count(1, calculator.MAX_N_DIMENSIONS)
    tolerance_id = _code()
    finish_id = _code()
    cover_id = serializers.ListField(child=serializers.CharField(max_length=16), max_length=20, required=False)
    k_otk = _bounded_number(
        calculator.MIN_K_OTK,
        calculator.MAX_K_OTK,
        "Default 1; below 1 only for staff (a customer's lower value counts as 1).",
    )
    k_cert = serializers.ListField(child=serializers.CharField(max_length=16), max_length=20, required=False)
    k_complexity = _bounded_number(
        calculator.MIN_K_COMPLEXITY,
        calculator.MAX_K_COMPLEXITY,
        "Default from n_dimensions; below that only for staff (a customer's lower value counts as that).",
    )
    k_type = _bounded_number(calculator.MIN_K_ECHOED, calculator.MAX_K_ECHOED, STAFF_ONLY)
    k_process = _bounded_number(calculator.MIN_K_ECHOED, calculator.MAX_K_ECHOED, STAFF_ONLY)
    paint_type = _code(32)
    paint_prepare = _code()
    paint_primer = _code()
    paint_lakery = _code()
    control_type = _count(calculator.MIN_CONTROL_TYPE, calculator.MAX_CONTROL_TYPE)
    file_id = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)


class MfgPriceSerializer(serializers.Serializer):
    """The quote: the spec's fields first, then the reference's extras (null where a service has none)."""

    service_id = serializers.CharField()
    material_id = serializers.CharField()
    material_form = serializers.CharField()
    quantity = serializers.IntegerField()
    dimensions = serializers.DictField(child=_number(), help_text="mm actually priced (request, file or default)")
    total_price = serializers.IntegerField()
    detail_price = serializers.IntegerField()
    detail_price_one = serializers.IntegerField(help_text="One part's price without the batch factor")
    mat_price = _number(allow_null=True)
    work_price = _number(allow_null=True)
    mat_weight = _number(allow_null=True, help_text="kg")
    mat_volume = _number(allow_null=True, help_text="m³")
    total_time = _number(help_text="hours")
    detail_time = _number(allow_null=True, help_text="hours")
    manufacturing_cycle = serializers.CharField(allow_null=True)
    manufacturing_cycle_days = _number(allow_null=True)
    location = serializers.CharField(allow_null=True)
    suitable_machines = serializers.ListField(child=serializers.CharField(), allow_null=True)
    k_quantity = _number()
    k_complexity = _number(allow_null=True)
    k_cover = _number(allow_null=True)
    k_otk = _number()
    k_cert = serializers.ListField(child=serializers.CharField())
    k_type = _number(allow_null=True)
    k_process = _number(allow_null=True)
    paint_type = serializers.CharField(allow_null=True)
    surface_area = _number(allow_null=True, help_text="m²")
    base_paint_price = _number(allow_null=True)
    prep_cost = _number(allow_null=True)
    cert_cost = _number(allow_null=True)
    process_coeff = _number(allow_null=True)
    k_control = _number(allow_null=True)


class MfgMaterialFilterSerializer(serializers.Serializer):
    process = serializers.CharField(max_length=32, required=False, help_text="A service id")

    def validate_process(self, value):
        services = load_tables().services
        if value not in services:
            raise serializers.ValidationError(f'"{value}" is not a valid choice; choose one of: {", ".join(services)}.')
        return value


class MfgServiceSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
    location = serializers.CharField(source="location_id", allow_null=True)


class MfgMaterialFormSerializer(serializers.Serializer):
    price_per_kg = _number()
    processes = serializers.SerializerMethodField()

    def get_processes(self, form) -> list[str]:
        return sorted(form.processes)


class MfgMaterialSerializer(serializers.Serializer):
    """`density` in g/cm³ as the spec shows it; `price_per_kg` is the cheapest listed form's."""

    name = serializers.CharField()
    density = serializers.SerializerMethodField()
    price_per_kg = serializers.SerializerMethodField()
    density_kg_m3 = _number(source="density")
    family = serializers.CharField()
    k_handle = _number()
    processes = serializers.SerializerMethodField()
    forms = serializers.SerializerMethodField()

    def _forms(self, material):
        process = self.context.get("process")
        return material.forms_for(process) if process else list(material.forms.values())

    def get_density(self, material) -> float:
        return float(material.density / GRAMS_PER_CM3_PER_KG_M3)

    def get_price_per_kg(self, material) -> float | None:
        prices = [form.price_per_kg for form in self._forms(material)]
        return float(min(prices)) if prices else None

    def get_processes(self, material) -> list[str]:
        return sorted(material.processes)

    def get_forms(self, material) -> dict:
        return {form.form: MfgMaterialFormSerializer(form).data for form in self._forms(material)}


class MfgCoefficientSerializer(serializers.Serializer):
    name = serializers.CharField()
    multiplier = _number(source="value")


class MfgCoverSerializer(MfgCoefficientSerializer):
    cycle_time = _number(source="cycle_days", help_text="days")


class MfgCertificateSerializer(serializers.Serializer):
    name = serializers.CharField()
    cost = _number(source="value")


class MfgLocationSerializer(serializers.Serializer):
    name = serializers.CharField()
    shipping_cost = _number()
    price_of_hour = _number()
    machines = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
