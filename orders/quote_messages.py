"""The instant quote's refusals in the customer's words (issue 14): names and what to change, never
field names or ids. The API keeps the calculator's own messages; this is the page's reading of them."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.tables import PricingTables
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
