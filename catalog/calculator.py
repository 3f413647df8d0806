"""The rule-based price calculator (reference: calculator.md §3, §5-7, §9), pure over `PricingTables`.

`resolve_request` turns request values into a checked `PriceRequest` (numbers bounded, defaults
applied, ids looked up, every failure collected into one domain `Refused` naming each field, and
the caller's standing applied: docs/calculator.md 18); `price` computes the quote. Decimal
arithmetic throughout; rounding is half-up at the places the reference names.
The formula shapes live here; every price, factor and default they use is a table row.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from config.errors import Refused

from .choices import CoefficientKind, PricingFormula, StockForm
from .tables import Bracket, CoefficientRow, FormRow, LocationRow, MaterialRow, PaintTypeRow, PricingTables, ServiceRow

# Unit conversions and the CNC minute model of §5: 10 setup minutes, 5/3 minute per
# toleranced dimension, and k_handle minutes per gram of stock.
MM3_TO_M3 = Decimal("1e-9")
MM2_TO_M2 = Decimal("1e-6")
KG_TO_G = Decimal(1000)
M3_TO_LITRES = Decimal(1000)
PI = Decimal("3.141592653589793238462643383")
CNC_SETUP_MINUTES = Decimal(10)
CNC_MINUTES_PER_DIMENSION = Decimal(5) / Decimal(3)
# Neutral values of optional request fields (§3).
DEFAULT_QUANTITY = 1
DEFAULT_N_DIMENSIONS = 1
DEFAULT_K_OTK = Decimal(1)
DEFAULT_CONTROL_TYPE = 1
# Bounds of every number a request may carry (docs/calculator.md 2, 18); the API serializer publishes
# them. A size is at least a micron, the resolution models are measured to, so a value that is
# "positive" only as a denormal ("1e-999999999") is refused rather than priced as nothing.
MIN_SIZE_MM = Decimal("0.001")
MAX_SIZE_MM = Decimal(10_000)
MAX_QUANTITY = 100_000
MAX_N_DIMENSIONS = 10_000
MIN_K_OTK, MAX_K_OTK = Decimal(0), Decimal(2)
MIN_K_COMPLEXITY, MAX_K_COMPLEXITY = Decimal("0.01"), Decimal(10)
MIN_K_ECHOED, MAX_K_ECHOED = Decimal(0), Decimal(2)
MIN_CONTROL_TYPE, MAX_CONTROL_TYPE = 0, 10
SIZE_INPUTS = ("length", "width", "height", "dia")
STAFF_ONLY_MULTIPLIERS = ("k_type", "k_process")  # echoed only (§2), and only for staff (docs/calculator.md 18)

CNC_FORMULAS = {PricingFormula.MILLING, PricingFormula.LATHE}


def rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def product(values) -> Decimal:
    result = Decimal(1)
    for value in values:
        result *= value
    return result


def bracket_for(brackets: tuple[Bracket, ...], amount: int) -> Bracket:
    """The last bracket starting at or below `amount` (the first one below all starts; x1 if none)."""
    chosen = brackets[0] if brackets else Bracket(1, Decimal(1))
    for bracket in brackets:
        if bracket.start <= amount:
            chosen = bracket
    return chosen


@dataclass(frozen=True)
class PriceRequest:
    """A request after defaults and look-ups: everything `price` needs, nothing left to check."""

    service: ServiceRow
    material: MaterialRow
    form: FormRow
    quantity: int
    length: Decimal
    width: Decimal
    height: Decimal
    diameter: Decimal
    n_dimensions: int
    tolerance: CoefficientRow
    finish: CoefficientRow
    covers: tuple[CoefficientRow, ...]
    certificates: tuple[CoefficientRow, ...]
    k_otk: Decimal
    k_complexity: Decimal | None
    k_type: Decimal | None
    k_process: Decimal | None
    paint_type: PaintTypeRow | None
    paint_options: tuple[CoefficientRow, ...]
    control_type: int


class _Errors(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self:
            raise Refused.of(dict(self))


def _bounded(errors: _Errors, field: str, value, minimum: Decimal, maximum: Decimal) -> Decimal | None:
    """A sent number within [minimum, maximum], or None (not sent, or refused and named in `errors`)."""
    if value is None:
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        errors.add(field, "A valid number is required.")
    elif number < minimum:
        errors.add(field, f"Ensure this value is greater than or equal to {minimum}.")
    elif number > maximum:
        errors.add(field, f"Ensure this value is less than or equal to {maximum}.")
    else:
        return number
    return None


def _bounded_integer(errors: _Errors, field: str, value, minimum: int, maximum: int) -> int | None:
    number = _bounded(errors, field, value, Decimal(minimum), Decimal(maximum))
    if number is None:
        return None
    if number != number.to_integral_value():
        errors.add(field, "A valid integer is required.")
        return None
    return int(number)


def _lookup(tables: PricingTables, errors: _Errors, kind: str, field: str, code) -> CoefficientRow | None:
    table = tables.table(kind)
    row = table.get(str(code))
    if row is None:
        errors.add(field, f'"{code}" is not a valid choice; choose one of: {", ".join(table)}.')
    return row


def _lookup_default(tables, errors, kind, field, value):
    if value is None:
        defaults = tables.default_codes(kind)
        if not defaults:
            errors.add(field, "This field is required.")
            return None
        value = defaults[0]
    return _lookup(tables, errors, kind, field, value)


def _resolve_form(errors: _Errors, service: ServiceRow, material: MaterialRow, form_id: str | None) -> FormRow | None:
    usable = material.forms_for(service.id)
    if form_id is None:
        preferred = [f for f in usable if f.form == service.default_form]
        if service.formula == PricingFormula.LATHE:
            usable = [f for f in usable if f.form == StockForm.ROD]
        chosen = (preferred or usable or [None])[0]
        if chosen is None:
            errors.add("material_form", f"{material.id} has no form usable for {service.id}.")
        return chosen
    form = material.forms.get(form_id)
    if form is None:
        errors.add("material_form", f"{material.id} is not sold as {form_id}; available: {', '.join(material.forms)}.")
    elif service.id not in form.processes:
        errors.add("material_form", f"{material.id} {form_id} cannot be used for {service.id}.")
    elif service.formula == PricingFormula.LATHE and form_id != StockForm.ROD:
        errors.add("material_form", "Turning needs rod stock.")
    else:
        return form
    return None


def _resolve_service(tables: PricingTables, errors: _Errors, service_id) -> ServiceRow:
    service = tables.services.get(str(service_id))
    if service is None:
        errors.add("service_id", f'"{service_id}" is not a valid choice; choose one of: {", ".join(tables.services)}.')
    elif service.formula != PricingFormula.PAINTING and service.location_id not in tables.locations:
        errors.add("service_id", f"{service.id} has no production site to price at.")
    errors.raise_any()
    return service


def _resolve_material(tables, errors, service: ServiceRow, material_id, form_id):
    material_id = material_id or service.default_material_id
    material = tables.materials.get(material_id) if material_id else None
    if material is None:
        errors.add("material_id", f'Unknown material "{material_id}".' if material_id else "This field is required.")
    elif service.id not in material.processes:
        errors.add("material_id", f"{material.id} cannot be used for {service.id}.")
    else:
        return material, _resolve_form(errors, service, material, form_id)
    return material, None


def _at_least_measured(sent: Decimal | None, measured: Decimal | None, is_staff: bool) -> Decimal | None:
    """A sent size, never below the model's for a customer (docs/calculator.md 18); else the model's."""
    if sent is None:
        return measured
    if measured is None or is_staff:
        return sent
    return max(sent, measured)


def _resolve_sizes(rules, errors: _Errors, inputs: dict, measured: dict, is_staff: bool) -> dict[str, Decimal]:
    """Length, width, height and diameter in mm: sent (not below the model's), else the model's, else
    the default part; dia stands in for height, and the model's width is its diameter."""
    sent = {name: _bounded(errors, name, inputs.get(name), MIN_SIZE_MM, MAX_SIZE_MM) for name in SIZE_INPUTS}
    length = _at_least_measured(sent["length"], measured.get("length"), is_staff)
    width = _at_least_measured(sent["width"], measured.get("width"), is_staff)
    height = _at_least_measured(sent["height"], measured.get("height"), is_staff)
    dia = None if sent["dia"] is None else _at_least_measured(sent["dia"], measured.get("width"), is_staff)
    width = width or rules.default_width
    return {
        "length": length or rules.default_length,
        "width": width,
        "height": height or dia or rules.default_height,
        "diameter": dia or width,
    }


def _resolve_paint(tables: PricingTables, errors: _Errors, inputs: dict):
    code = inputs.get("paint_type") or next((code for code, row in tables.paint_types.items() if row.is_default), None)
    paint_type = tables.paint_types.get(code)
    if code is None:
        errors.add("paint_type", "This field is required.")
    elif paint_type is None:
        errors.add("paint_type", f'"{code}" is not a valid choice; choose one of: {", ".join(tables.paint_types)}.')
    options = tuple(
        _lookup_default(tables, errors, kind, kind, inputs.get(kind))
        for kind in (CoefficientKind.PAINT_PREPARE, CoefficientKind.PAINT_PRIMER, CoefficientKind.PAINT_LAKERY)
    )
    return paint_type, options


def _lookup_each(tables, errors, kind: str, field: str, codes) -> tuple[CoefficientRow, ...]:
    return tuple(_lookup(tables, errors, kind, field, code) for code in codes)


def _resolve_multipliers(
    tables: PricingTables, errors: _Errors, inputs: dict, n_dimensions: int, is_staff: bool
) -> dict:
    """k_otk, k_complexity, k_type and k_process as applied (docs/calculator.md 18): a customer's
    multiplier never goes below its default, and k_type/k_process are staff-only (ignored otherwise)."""
    k_otk = _bounded(errors, "k_otk", inputs.get("k_otk"), MIN_K_OTK, MAX_K_OTK)
    k_complexity = _bounded(errors, "k_complexity", inputs.get("k_complexity"), MIN_K_COMPLEXITY, MAX_K_COMPLEXITY)
    echoed = {
        name: _bounded(errors, name, inputs.get(name), MIN_K_ECHOED, MAX_K_ECHOED) for name in STAFF_ONLY_MULTIPLIERS
    }
    k_otk = DEFAULT_K_OTK if k_otk is None else k_otk
    if is_staff:
        return {"k_otk": k_otk, "k_complexity": k_complexity, **echoed}
    if k_complexity is not None:
        k_complexity = max(k_complexity, bracket_for(tables.complexity_levels, n_dimensions).multiplier)
    return {"k_otk": max(k_otk, DEFAULT_K_OTK), "k_complexity": k_complexity, **dict.fromkeys(STAFF_ONLY_MULTIPLIERS)}


def resolve_request(
    tables: PricingTables, *, is_staff: bool = False, measured: dict[str, Decimal] | None = None, **inputs
) -> PriceRequest:
    """Apply the bounds and checks of §7, the defaults of §3 and the caller's standing; raise Refused
    naming each bad field.

    `measured` holds a model's length, width and height (§8); `is_staff` lets the caller lower
    multipliers and sizes below their defaults and the model's (docs/calculator.md 18).
    """
    errors = _Errors()
    service = _resolve_service(tables, errors, inputs.get("service_id"))
    material, form = _resolve_material(tables, errors, service, inputs.get("material_id"), inputs.get("material_form"))
    sizes = _resolve_sizes(tables.rules, errors, inputs, measured or {}, is_staff)
    quantity = _bounded_integer(errors, "quantity", inputs.get("quantity"), 1, MAX_QUANTITY) or DEFAULT_QUANTITY
    n_dimensions = (
        _bounded_integer(errors, "n_dimensions", inputs.get("n_dimensions"), 1, MAX_N_DIMENSIONS)
        or DEFAULT_N_DIMENSIONS
    )
    multipliers = _resolve_multipliers(tables, errors, inputs, n_dimensions, is_staff)
    control_type = _bounded_integer(
        errors, "control_type", inputs.get("control_type"), MIN_CONTROL_TYPE, MAX_CONTROL_TYPE
    )
    tolerance = _lookup_default(tables, errors, CoefficientKind.TOLERANCE, "tolerance_id", inputs.get("tolerance_id"))
    finish = _lookup_default(tables, errors, CoefficientKind.FINISH, "finish_id", inputs.get("finish_id"))
    cover_ids = inputs.get("cover_id")
    covers = _lookup_each(
        tables,
        errors,
        CoefficientKind.COVER,
        "cover_id",
        tables.default_codes(CoefficientKind.COVER) if cover_ids is None else cover_ids,
    )
    certificate_ids = inputs.get("k_cert")
    certificates = _lookup_each(
        tables,
        errors,
        CoefficientKind.CERTIFICATE,
        "k_cert",
        service.default_certificates if certificate_ids is None else certificate_ids,
    )
    paint_type, paint_options = None, ()
    if service.formula == PricingFormula.PAINTING:
        paint_type, paint_options = _resolve_paint(tables, errors, inputs)
    errors.raise_any()

    return PriceRequest(
        service=service,
        material=material,
        form=form,
        quantity=quantity,
        **sizes,
        n_dimensions=n_dimensions,
        tolerance=tolerance,
        finish=finish,
        covers=covers,
        certificates=certificates,
        **multipliers,
        paint_type=paint_type,
        paint_options=paint_options,
        control_type=DEFAULT_CONTROL_TYPE if control_type is None else control_type,
    )


# --- shared formulas (§5) ---------------------------------------------------------------------


def cost(material_price: Decimal, work_price: Decimal, location: LocationRow) -> Decimal:
    """The cost build-up: work carries salary, insurance, overhead and admin; then profit."""
    additional_salary = location.additional_salary * work_price
    insurance = location.insurance * (work_price + additional_salary)
    overhead = location.overhead * work_price
    administrative = location.administrative * work_price
    net = material_price + work_price + additional_salary + insurance + overhead + administrative
    profit = location.profit_material * material_price + location.profit_other * (net - material_price)
    return rounded(net + profit, 2)


def stock(volume_mm3: Decimal, request: PriceRequest, rules) -> dict:
    """Volume (m³), weight (kg) and marked-up price of the stock a part is made from."""
    volume = rounded(volume_mm3 * MM3_TO_M3, 10)
    weight = rounded(volume * request.material.density, 4)
    price = rounded(weight * request.form.price_per_kg * rules.material_markup, 2)
    return {"mat_volume": volume, "mat_weight": weight, "mat_price": price}


def k_cover(covers) -> Decimal:
    """Each distinct cover multiplies once (§5)."""
    return product({row.code: row.value for row in covers}.values())


def manufacturing_cycle_days(tables: PricingTables, request: PriceRequest, quantity_bracket: Bracket) -> Decimal:
    """Preparation + every cover's days (repeats count) + the finishing day + batch days (§5)."""
    rules = tables.rules
    cover_days = sum((row.cycle_days for row in request.covers), Decimal(0))
    return rules.preparation_days + cover_days + rules.finishing_days + quantity_bracket.cycle_days


def days_text(days: Decimal) -> str:
    number = str(int(days)) if days == days.to_integral_value() else str(days.normalize())
    return f"{number} day" if days == 1 else f"{number} days"


def _machines(location: LocationRow, service: ServiceRow) -> list[str]:
    return list(location.machines.get(service.id, ()))


def _k_complexity(tables: PricingTables, request: PriceRequest) -> Decimal:
    if request.k_complexity is not None:
        return request.k_complexity
    return bracket_for(tables.complexity_levels, request.n_dimensions).multiplier


# --- per-service formulas (§6) ----------------------------------------------------------------


def _price_cnc(tables: PricingTables, request: PriceRequest) -> dict:
    location = tables.locations[request.service.location_id]
    if request.service.formula == PricingFormula.LATHE:
        volume_mm3 = request.length * PI * request.diameter**2 / 4
    else:
        volume_mm3 = request.length * request.width * request.height
    material = stock(volume_mm3, request, tables.rules)
    minutes = (
        CNC_SETUP_MINUTES
        + CNC_MINUTES_PER_DIMENSION * request.n_dimensions
        + KG_TO_G * material["mat_weight"] * request.material.k_handle
    )
    base_work_price = rounded(minutes * location.price_of_hour / 60, 3)
    detail_time = rounded(minutes / 60, 3)
    quantity = bracket_for(tables.quantity_discounts, request.quantity)
    complexity = _k_complexity(tables, request)
    covers = k_cover(request.covers)
    k_one = complexity * request.tolerance.value * request.finish.value * covers * request.k_otk
    work_price = base_work_price * k_one * quantity.multiplier
    certificates = sum((row.value for row in request.certificates), Decimal(0))
    unit_cost = cost(material["mat_price"] + certificates, work_price, location)
    single_cost = cost(material["mat_price"], base_work_price * k_one, location)
    cycle = manufacturing_cycle_days(tables, request, quantity)
    return {
        **material,
        "work_price": rounded(work_price, 2),
        "detail_price": whole(unit_cost),
        "detail_price_one": whole(single_cost),
        "total_price": whole(unit_cost * request.quantity),
        "detail_time": detail_time,
        "total_time": rounded(detail_time * request.quantity, 3),
        "k_quantity": quantity.multiplier,
        "k_complexity": complexity,
        "k_cover": covers,
        "manufacturing_cycle": days_text(cycle),
        "manufacturing_cycle_days": cycle,
        "location": location.id,
        "suitable_machines": _machines(location, request.service),
    }


def _price_printing(tables: PricingTables, request: PriceRequest) -> dict:
    rules = tables.rules
    location = tables.locations[request.service.location_id]
    reserve = rules.printing_reserve_mm
    volume_mm3 = (request.length + reserve) * (request.width + reserve) * (request.height + reserve)
    material = stock(volume_mm3, request, rules)
    litres = material["mat_volume"] * M3_TO_LITRES
    detail_time = rounded(litres / rules.printing_litres_per_hour + rules.printing_setup_hours, 3)
    base_work_price = detail_time * location.price_of_hour
    quantity = bracket_for(tables.quantity_discounts, request.quantity)
    covers = k_cover(request.covers)
    work_one = base_work_price * covers * request.k_otk
    work_price = work_one * quantity.multiplier
    unit_cost = cost(material["mat_price"], work_price, location)
    cycle = manufacturing_cycle_days(tables, request, quantity)
    return {
        **material,
        "work_price": rounded(work_price, 2),
        "detail_price": whole(unit_cost),
        "detail_price_one": whole(cost(material["mat_price"], work_one, location)),
        "total_price": whole(unit_cost * request.quantity),
        "detail_time": detail_time,
        "total_time": rounded(detail_time * request.quantity, 3),
        "k_quantity": quantity.multiplier,
        "k_cover": covers,
        "manufacturing_cycle": days_text(cycle),
        "manufacturing_cycle_days": cycle,
        "location": location.id,
        "suitable_machines": _machines(location, request.service),
    }


def _price_painting(tables: PricingTables, request: PriceRequest) -> dict:
    rules = tables.rules
    paint = request.paint_type
    length, width, height = request.length, request.width, request.height
    area = 2 * (length * width + length * height + width * height) * MM2_TO_M2
    k_clean = tables.family_k_clean.get(request.material.family)
    if k_clean is None:
        k_clean = tables.family_k_clean.get("alum") or Decimal(1)
    base_paint_price = rounded(area * paint.base_price * paint.k_type, 2)
    prep_cost = rounded(area * rules.paint_preparation_price * k_clean * paint.k_prepare, 2)
    cert_cost = sum((row.value for row in request.certificates), Decimal(0))
    process_coeff = product(row.value for row in request.paint_options)
    k_control = Decimal("0.1") * request.control_type + Decimal("0.9")
    quantity = bracket_for(tables.quantity_discounts, request.quantity)
    unit = (base_paint_price + prep_cost + cert_cost) * process_coeff * k_control * quantity.multiplier
    detail_price = whole(unit)
    return {
        "detail_price": detail_price,
        "detail_price_one": detail_price,
        "total_price": whole(unit * request.quantity),
        "total_time": Decimal(0),
        "k_quantity": quantity.multiplier,
        "paint_type": paint.code,
        "surface_area": rounded(area, 6),
        "base_paint_price": base_paint_price,
        "prep_cost": prep_cost,
        "cert_cost": cert_cost,
        "process_coeff": process_coeff,
        "k_control": k_control,
    }


FORMULAS = {
    PricingFormula.MILLING: _price_cnc,
    PricingFormula.LATHE: _price_cnc,
    PricingFormula.PRINTING: _price_printing,
    PricingFormula.PAINTING: _price_painting,
}

QUOTE_FIELDS = (
    "service_id",
    "material_id",
    "material_form",
    "quantity",
    "dimensions",
    "total_price",
    "detail_price",
    "detail_price_one",
    "mat_price",
    "work_price",
    "mat_weight",
    "mat_volume",
    "total_time",
    "detail_time",
    "manufacturing_cycle",
    "manufacturing_cycle_days",
    "location",
    "suitable_machines",
    "k_quantity",
    "k_complexity",
    "k_cover",
    "k_otk",
    "k_cert",
    "k_type",
    "k_process",
    "paint_type",
    "surface_area",
    "base_paint_price",
    "prep_cost",
    "cert_cost",
    "process_coeff",
    "k_control",
)


def price(tables: PricingTables, request: PriceRequest) -> dict:
    """The quote for one request: the spec's fields, then the reference's extras (null when n/a)."""
    quote = dict.fromkeys(QUOTE_FIELDS)
    quote.update(
        service_id=request.service.id,
        material_id=request.material.id,
        material_form=request.form.form,
        quantity=request.quantity,
        dimensions={"length": request.length, "width": request.width, "height": request.height},
        k_otk=request.k_otk,
        k_cert=[row.code for row in request.certificates],
        k_type=request.k_type,
        k_process=request.k_process,
    )
    if request.service.formula == PricingFormula.LATHE:
        quote["dimensions"]["dia"] = request.diameter
    quote.update(FORMULAS[request.service.formula](tables, request))
    return quote
