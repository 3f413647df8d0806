"""Configurations: a customer's selections on one manufacturing type, priced by the engine.

`replace_selections` enforces display conditions and validation rules and reprices, all or nothing
(reference §2.3); `judge_selection` is the same engine the pages' live preview runs.
"""

import re
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from config.errors import Conflict, Forbidden, NotFound, Refused

from .. import conditions, formulas, pricing
from ..choices import ConfigurationStatus
from ..models import AttributeNode, Configuration, ConfigurationSelection, ManufacturingType
from .numbers import numbered_save

VALUE_FIELDS = ("string_value", "numeric_value", "boolean_value", "json_value")
TOTAL_LIMIT = Decimal(10) ** 12


def reference_prefix(manufacturing_type: ManufacturingType) -> str:
    """First three letters of the base category, upper-cased; `CFG` without one (reference §6.4)."""
    letters = re.sub(r"[^A-Za-z]", "", manufacturing_type.base_category or "")
    return letters[:3].upper() if len(letters) >= 3 else "CFG"


def create_configuration(
    *,
    user,
    manufacturing_type,
    name,
    description=None,
    customer_id=None,
    selections=(),
    template=None,
    status=ConfigurationStatus.DRAFT,
) -> Configuration:
    """A new configuration (`status` saved when a customer's page stores it at once).

    Only superusers link it to a customer (spec "Create Configuration").
    """
    if customer_id is not None:
        _check_customer(user, customer_id)
    if not manufacturing_type.is_active:
        raise Refused("manufacturing_type_id", "Manufacturing type is not active", "inactive")
    with transaction.atomic():
        configuration = Configuration(
            user=user,
            manufacturing_type=manufacturing_type,
            customer_id=customer_id,
            template=template,
            name=name,
            description=description,
            status=status,
            base_price=manufacturing_type.base_price,
            total_price=manufacturing_type.base_price,
            calculated_weight=manufacturing_type.base_weight,
        )
        numbered_save(configuration, "reference_code", reference_prefix(manufacturing_type))
        if selections:
            configuration = replace_selections(configuration, selections)
        return configuration


def _check_customer(user, customer_id) -> None:
    # The customer model is named by the field: this domain app does not import crm (issue 8).
    customer_model = Configuration._meta.get_field("customer").related_model
    if not user.is_superuser:
        raise Forbidden()
    if not customer_model.objects.filter(pk=customer_id).exists():
        raise NotFound("Customer not found")


FROZEN = gettext_noop("This configuration has been ordered and can no longer change")


def ensure_changeable(configuration: Configuration) -> None:
    """An ordered configuration is frozen on every path (issue 9): what was ordered stays as ordered."""
    if configuration.status == ConfigurationStatus.ORDERED:
        raise Conflict(_(FROZEN))


def edit_configuration(configuration: Configuration, **changes) -> Configuration:
    """What an owner may change through the API: name, description, and a status short of
    `ordered`, which only placing an order sets (services/orders.py)."""
    ensure_changeable(configuration)
    if changes.get("status") == ConfigurationStatus.ORDERED:
        raise Refused("status", "A configuration becomes ordered only by placing an order", "invalid_status")
    return update_configuration(configuration, **changes)


def delete_configuration(configuration: Configuration) -> None:
    ensure_changeable(configuration)
    configuration.delete()


def update_configuration(configuration: Configuration, **changes) -> Configuration:
    """Name, description and status only; selections go through `replace_selections`."""
    for name, value in changes.items():
        setattr(configuration, name, value)
    configuration.save(update_fields=[*changes, "updated_at"])
    return configuration


def save_configuration(configuration: Configuration, *, name, description, selections) -> Configuration:
    """A customer's page saves name, description and answers at once; a draft becomes saved.
    An ordered configuration is refused by `replace_selections`, under its lock, undoing it all."""
    changes = {"name": name, "description": description}
    if configuration.status == ConfigurationStatus.DRAFT:
        changes["status"] = ConfigurationStatus.SAVED
    with transaction.atomic():
        update_configuration(configuration, **changes)
        return replace_selections(configuration, selections)


def selection_value(values: dict):
    """What conditions and rules see for a selection (conditions.py module docstring)."""
    for name in ("numeric_value", "string_value", "boolean_value", "json_value"):
        if values.get(name) is not None:
            return values[name]
    return True


def load_nodes(manufacturing_type_id, items: list[dict]) -> dict[int, AttributeNode]:
    ids = [item["attribute_node_id"] for item in items]
    nodes = AttributeNode.objects.in_bulk(ids)
    for index, node_id in enumerate(ids):
        if node_id not in nodes:
            raise NotFound("Attribute node not found")
        if nodes[node_id].manufacturing_type_id != manufacturing_type_id:
            raise Refused(
                f"selections.{index}.attribute_node_id",
                f"Node {node_id} does not belong to this configuration's manufacturing type",
                "wrong_type",
            )
        if ids.index(node_id) != index:
            raise Refused(f"selections.{index}.attribute_node_id", f"Node {node_id} is selected twice", "duplicate")
    return nodes


class SelectionRefused(Exception):
    """One selection the engine will not take: its message (without the node's name) and code."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


def selection_context(nodes: dict[int, AttributeNode], items: list[dict]) -> dict:
    """What display conditions see: each selected node's path and its value."""
    return {nodes[item["attribute_node_id"]].ltree_path: selection_value(item) for item in items}


def judge_selection(node: AttributeNode, values: dict, context: dict, type_base_price) -> pricing.Impact:
    """The node's condition, its rules, then its impacts for one selection; `SelectionRefused` if not."""
    try:
        shown = conditions.condition_holds(node.display_condition, context)
    except conditions.RuleError as exc:  # a stored pattern that is too slow or invalid
        raise SelectionRefused(str(exc), "rule_broken") from None
    if not shown:
        raise SelectionRefused(_("Not available with the other selections"), "not_available")
    problem = conditions.rule_violation(node.validation_rules, selection_value(values))
    if problem:
        raise SelectionRefused(problem, "rule_broken")
    return price_selection(node, values, type_base_price)


def price_selection(node: AttributeNode, values: dict, type_base_price) -> pricing.Impact:
    try:
        return pricing.selection_impact(
            node,
            numeric_value=values.get("numeric_value"),
            string_value=values.get("string_value"),
            type_base_price=type_base_price,
        )
    except formulas.FormulaError as exc:
        raise SelectionRefused(str(exc), "formula") from None


def _refused(node: AttributeNode, field: str, refusal: SelectionRefused) -> Refused:
    return Refused(field, f"{node.name} (node {node.pk}): {refusal.message}", refusal.code)


def priced_selection(node: AttributeNode, values: dict, type_base_price, field: str) -> pricing.Impact:
    try:
        return price_selection(node, values, type_base_price)
    except SelectionRefused as refusal:
        raise _refused(node, field, refusal) from None


def replace_selections(configuration: Configuration, items: list[dict]) -> Configuration:
    """Replace every selection, enforce conditions and rules, and reprice, all or nothing.

    `items` are dicts with `attribute_node_id` and any of the value fields (reference §2.3).
    """
    with transaction.atomic():
        configuration = Configuration.objects.select_for_update().get(pk=configuration.pk)
        ensure_changeable(configuration)
        manufacturing_type = ManufacturingType.objects.get(pk=configuration.manufacturing_type_id)
        nodes = load_nodes(manufacturing_type.pk, items)
        context = selection_context(nodes, items)
        rows, impacts = [], []
        for index, item in enumerate(items):
            node = nodes[item["attribute_node_id"]]
            try:
                impact = judge_selection(node, item, context, manufacturing_type.base_price)
            except SelectionRefused as refusal:
                raise _refused(node, f"selections.{index}", refusal) from None
            impacts.append(impact)
            rows.append(
                ConfigurationSelection(
                    configuration=configuration,
                    attribute_node=node,
                    selection_path=node.ltree_path,
                    calculated_price_impact=impact.price,
                    calculated_weight_impact=impact.weight,
                    calculated_technical_impact=impact.technical,
                    **{name: item.get(name) for name in VALUE_FIELDS},
                )
            )
        configuration.selections.all().delete()
        ConfigurationSelection.objects.bulk_create(rows)
        _store_totals(configuration, manufacturing_type, impacts)
        return configuration


def reprice(configuration: Configuration) -> Configuration:
    """Recompute the impacts of the selections a configuration has (after its nodes changed)."""
    with transaction.atomic():
        manufacturing_type = configuration.manufacturing_type
        selections = list(configuration.selections.select_related("attribute_node"))
        impacts = []
        for selection in selections:
            values = {name: getattr(selection, name) for name in VALUE_FIELDS}
            impact = priced_selection(selection.attribute_node, values, manufacturing_type.base_price, "selections")
            selection.calculated_price_impact, selection.calculated_weight_impact = impact.price, impact.weight
            selection.calculated_technical_impact = impact.technical
            impacts.append(impact)
        fields = ["calculated_price_impact", "calculated_weight_impact", "calculated_technical_impact"]
        ConfigurationSelection.objects.bulk_update(selections, fields)
        _store_totals(configuration, manufacturing_type, impacts)
        return configuration


def _store_totals(configuration, manufacturing_type, impacts) -> None:
    totals = pricing.configuration_totals(configuration.base_price, manufacturing_type.base_weight, impacts)
    if max(abs(totals.price), abs(totals.weight)) >= TOTAL_LIMIT:  # the columns hold 12 integer digits
        raise Refused("selections", "The selections add up to a total out of range", "out_of_range")
    configuration.total_price = totals.price
    configuration.calculated_weight = totals.weight
    configuration.calculated_technical_data = totals.technical_data
    configuration.save(update_fields=["total_price", "calculated_weight", "calculated_technical_data", "updated_at"])
