"""A part described by its supplier: what the supplier's API says is written onto the part.

Empty fields are filled (description, image); what only the supplier knows (manufacturer, datasheet,
price breaks, stock, parameters) is kept in `additional_properties`, replaced at each enrichment.
Nothing the user wrote is overwritten.
"""

from django.db import transaction
from django.utils import timezone

from .. import suppliers
from ..models import Part

SUPPLIER_KEYS = ("manufacturer", "manufacturer_part_number", "datasheet_url", "product_url", "category", "stock")


def supplier_part_number(part: Part) -> str:
    properties = part.additional_properties or {}
    return properties.get("supplier_part_number") or part.part_number or part.part_name


def enrich_part(part: Part, supplier: str | None = None) -> suppliers.SupplierPart:
    """Ask the part's supplier (or `supplier`) about it and keep the answer on the part."""
    client = suppliers.client_for(supplier) if supplier else suppliers.supplier_of(part)
    found = client.part(supplier_part_number(part))
    with transaction.atomic():
        part = Part.objects.select_for_update().get(pk=part.pk)
        properties = dict(part.additional_properties or {})
        properties.update({key: getattr(found, key) for key in SUPPLIER_KEYS if getattr(found, key) not in ("", None)})
        properties["price_breaks"] = found.as_dict()["price_breaks"]
        properties["parameters"] = found.attributes
        properties["enriched_from"] = found.supplier
        properties["enriched_at"] = timezone.now().isoformat()
        part.additional_properties = properties
        changed = ["additional_properties", "updated_at"]
        if not part.description and found.description:
            part.description = found.description[:5000]
            changed.append("description")
        if not part.image_url and found.image_url:
            part.image_url = found.image_url[:500]
            changed.append("image_url")
        part.save(update_fields=changed)
    return found
