"""The instant quote's refusals in the customer's words (issue 14): names and what to change, never
field names or ids. The API keeps the calculator's own messages; this is the page's reading of them."""

from catalog.tables import PricingTables
from files.models import ModelFile
from files.services import FLAT_MODEL, is_flat

SIZES = {"length": "length", "width": "width", "height": "height", "dia": "diameter"}
LABELS = {
    "service_id": "Service",
    "material_form": "Stock form",
    "quantity": "Quantity",
    "tolerance_id": "Tolerance",
    "finish_id": "Surface finish",
    "cover_id": "Coating",
    "k_otk": "Inspection",
}


def _allowed_materials(tables: PricingTables, service_id: str) -> list[str]:
    return [material.name for material in tables.materials.values() if service_id in material.processes]


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
            sentences.append(FLAT_MODEL)
        elif field == "material_id" and service and material:
            allowed = ", ".join(_allowed_materials(tables, service.id)) or "none at the moment"
            sentences.append(f"{material.name} can't be used for {service.name.lower()}; choose one of: {allowed}.")
        elif field == "material_form" and service and material:
            sold = ", ".join(form.form for form in material.forms_for(service.id))
            hint = f"choose {sold}" if sold else "choose another material"
            sentences.append(f"{material.name} isn't available in this stock form for {service.name.lower()}; {hint}.")
        elif field in SIZES:
            sentences += [f"The part's {SIZES[field]} can't be priced: {message}" for message in messages]
        elif field in LABELS:
            sentences += [f"{LABELS[field]}: {message}" for message in messages]
        else:
            sentences += messages
    return list(dict.fromkeys(sentences))
