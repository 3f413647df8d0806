"""The instant quote's refusals in the customer's words (issue 14): names and what to change, never
field names or ids. The API keeps the calculator's own messages; this is the page's reading of them."""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from catalog.choices import CoefficientKind, StockForm
from catalog.money import format_number
from catalog.tables import PricingTables, load_tables
from files.models import ModelFile
from files.services import FLAT_MODEL, is_flat

SIZES = {"length": _("length"), "width": _("width"), "height": _("height"), "dia": _("diameter")}
LABELS = {
    "service_id": _("Service"),
    "material_form": _("Stock form"),
    "tolerance_id": _("Tolerance"),
    "finish_id": _("Surface finish"),
    "cover_id": _("Coating"),
    "k_otk": _("Inspection"),
}


def _allowed_materials(tables: PricingTables, service_id: str) -> list[str]:
    return [material.display_name for material in tables.materials.values() if service_id in material.processes]


def readable_problems(
    problems: dict[str, list[str]], inputs: dict, tables: PricingTables, model_file: ModelFile | None
) -> list[str]:
    """One sentence per problem, saying what to change."""
    service = tables.services.get(str(inputs.get("service_id", "")))
    material_id = inputs.get("material_id") or (service.default_material_id if service else None)
    material = tables.materials.get(material_id) if material_id else None
    sentences = []
    for field, messages in problems.items():
        if field in SIZES and is_flat(model_file):
            sentences.append(str(FLAT_MODEL))
        elif field == "material_id" and service and material:
            allowed = ", ".join(_allowed_materials(tables, service.id)) or gettext("none at the moment")
            sentences.append(
                gettext("%(material)s can't be used for %(service)s; choose one of: %(allowed)s.")
                % {"material": material.display_name, "service": service.display_name, "allowed": allowed}
            )
        elif field == "material_form" and service and material:
            sold = ", ".join(form.form for form in material.forms_for(service.id))
            hint = gettext("choose %(forms)s") % {"forms": sold} if sold else gettext("choose another material")
            sentences.append(
                gettext("%(material)s isn't available in this stock form for %(service)s; %(hint)s.")
                % {"material": material.display_name, "service": service.display_name, "hint": hint}
            )
        elif field in SIZES:
            template = gettext("The part's %(size)s can't be priced: %(reason)s")
            sentences += [template % {"size": SIZES[field], "reason": message} for message in messages]
        elif field in LABELS:
            sentences += [f"{LABELS[field]}: {message}" for message in messages]
        else:
            sentences += messages
    return list(dict.fromkeys(sentences))


def lead_time_text(days) -> str:
    """`ready in 5 days` / `готово через 5 дней`; nothing when the calculator gave no lead time."""
    if days is None:
        return ""
    days = Decimal(str(days))
    whole = days == days.to_integral_value()
    number = formats.number_format(days, decimal_pos=0 if whole else 1, use_l10n=True)
    count = int(days) if whole else 2  # fractions take the form of 2: "2.5 days", "2,5 дня"
    return ngettext("ready in %(days)s day", "ready in %(days)s days", count) % {"days": number}


def stock_form_name(form: str | None) -> str:
    """`sheet` as the customer reads it (`Sheet`, `Лист`)."""
    return str(StockForm(form).label) if form in StockForm.values else (form or "")


SIZE_LABELS = {
    "length": _("Length, mm"),
    "width": _("Width, mm"),
    "height": _("Height, mm"),
    "dia": _("Diameter, mm"),
}
CODED = {
    "tolerance_id": CoefficientKind.TOLERANCE,
    "finish_id": CoefficientKind.FINISH,
    "cover_id": CoefficientKind.COVER,
    "paint_prepare": CoefficientKind.PAINT_PREPARE,
    "paint_primer": CoefficientKind.PAINT_PRIMER,
    "paint_lakery": CoefficientKind.PAINT_LAKERY,
}
CODED_LABELS = {
    "tolerance_id": _("Tolerance"),
    "finish_id": _("Finish"),
    "cover_id": _("Coating"),
    "paint_prepare": _("Surface preparation"),
    "paint_primer": _("Primer"),
    "paint_lakery": _("Lacquer"),
}


def chosen_options(order) -> list[tuple[str, str]]:
    """The options an order was priced with, in words and the page's number format, in a fixed order:
    service, material and stock form by name (what was charged, the defaults included), sizes,
    the chosen tolerance, finish and coating by name; never ids or keys."""
    inputs = order.calculation_inputs or {}
    charged = order.price_details or {}
    tables = load_tables()
    rows = [(gettext("Service"), tables.service_name(order.service_id))]
    if material := inputs.get("material_id") or charged.get("material_id"):
        rows.append((gettext("Material"), tables.material_name(material)))
    if form := inputs.get("material_form") or charged.get("material_form"):
        rows.append((gettext("Material form"), stock_form_name(form)))
    rows += [(str(label), format_number(inputs[key], 1)) for key, label in SIZE_LABELS.items() if inputs.get(key)]
    for key, kind in CODED.items():
        codes = inputs.get(key)
        if codes in (None, "", []):
            continue
        table = tables.table(kind)
        codes = codes if isinstance(codes, list) else [codes]
        names = [table[code].display_name if code in table else str(code) for code in codes]
        rows.append((str(CODED_LABELS[key]), ", ".join(names)))
    if paint := inputs.get("paint_type"):
        row = tables.paint_types.get(paint)
        rows.append((gettext("Paint"), row.display_name if row else paint))
    if inputs.get("n_dimensions"):
        rows.append((gettext("Dimensions to control"), format_number(inputs["n_dimensions"])))
    return rows
