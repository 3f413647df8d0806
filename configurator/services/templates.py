"""Templates: ready-made selections a configuration starts from."""

from django.db import transaction
from django.db.models import F

from .. import pricing
from ..models import Configuration, ConfigurationTemplate, TemplateSelection
from .configurations import VALUE_FIELDS, create_configuration, load_nodes, priced_selection


def create_template(*, created_by, manufacturing_type, selections=(), **fields) -> ConfigurationTemplate:
    """A template with its selections; estimates default to what those selections would cost."""
    with transaction.atomic():
        nodes = load_nodes(manufacturing_type.pk, list(selections))
        base_price = manufacturing_type.base_price
        impacts = [
            priced_selection(nodes[item["attribute_node_id"]], item, base_price, f"selections.{index}")
            for index, item in enumerate(selections)
        ]
        totals = pricing.configuration_totals(manufacturing_type.base_price, manufacturing_type.base_weight, impacts)
        fields.setdefault("estimated_price", totals.price)
        fields.setdefault("estimated_weight", totals.weight)
        template = ConfigurationTemplate.objects.create(
            created_by=created_by, manufacturing_type=manufacturing_type, **fields
        )
        TemplateSelection.objects.bulk_create(
            TemplateSelection(
                template=template,
                attribute_node=nodes[item["attribute_node_id"]],
                selection_path=nodes[item["attribute_node_id"]].ltree_path,
                **{name: item.get(name) for name in VALUE_FIELDS},
            )
            for item in selections
        )
        return template


def apply_template(template: ConfigurationTemplate, *, user, configuration_name: str | None = None) -> Configuration:
    """A new configuration with the template's selections; the template's usage is counted."""
    with transaction.atomic():
        items = [
            {
                "attribute_node_id": selection.attribute_node_id,
                **{name: getattr(selection, name) for name in VALUE_FIELDS},
            }
            for selection in template.selections.all()
        ]
        configuration = create_configuration(
            user=user,
            manufacturing_type=template.manufacturing_type,
            name=configuration_name or f"{template.name} - Copy",
            description=f"Created from template: {template.name}",
            selections=items,
            template=template,
        )
        ConfigurationTemplate.objects.filter(pk=template.pk).update(usage_count=F("usage_count") + 1)
        return configuration
