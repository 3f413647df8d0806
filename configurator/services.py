"""Configurator operations: the tree, pricing configurations, templates, quotes and orders.

Views, admin and tasks call these; every write of more than one row happens here, inside one
transaction. Tree writes are serialised by a PostgreSQL advisory lock (STYLE.md "Trees").
"""

import re
import zlib
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from mptt.exceptions import InvalidMove
from rest_framework.exceptions import ErrorDetail, NotFound, PermissionDenied, ValidationError
from rest_framework.settings import api_settings

from config.api.errors import Conflict

from . import conditions, formulas, pricing
from .choices import ConfigurationStatus, OrderStatus, QuoteStatus
from .models import (
    AttributeNode,
    Configuration,
    ConfigurationSelection,
    ConfigurationTemplate,
    ManufacturingType,
    Order,
    OrderItem,
    Quote,
    TemplateSelection,
)

TREE_LOCK_KEY = zlib.crc32(b"configurator.AttributeNode")
VALUE_FIELDS = ("string_value", "numeric_value", "boolean_value", "json_value")
TOTAL_LIMIT = Decimal(10) ** 12


def refuse(field: str | None, message: str, code: str) -> ValidationError:
    """A 422 naming `field` (or no field) with a machine-readable code."""
    return ValidationError({field or api_settings.NON_FIELD_ERRORS_KEY: [ErrorDetail(message, code)]})


# --- manufacturing types ------------------------------------------------------------------------


def save_manufacturing_type(manufacturing_type: ManufacturingType, **fields) -> ManufacturingType:
    """Create or change a type; a taken name is a 409 (spec "Create Manufacturing Type")."""
    for name, value in fields.items():
        setattr(manufacturing_type, name, value)
    try:
        with transaction.atomic():
            manufacturing_type.save()
    except IntegrityError:
        raise Conflict("Manufacturing type with this name already exists") from None
    return manufacturing_type


def deactivate_manufacturing_type(manufacturing_type: ManufacturingType) -> None:
    """Soft delete: the type stays for the configurations and quotes that name it."""
    ManufacturingType.objects.filter(pk=manufacturing_type.pk).update(is_active=False, updated_at=timezone.now())


# --- attribute node tree ------------------------------------------------------------------------


def lock_tree() -> None:
    """Serialise structural writes to the node tree: MPTT renumbers lft/rght across rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TREE_LOCK_KEY])


def path_label(name: str) -> str:
    """Lowercase, then every character outside [a-z0-9_] becomes `_`, one for one (reference §1.2)."""
    return re.sub(r"[^a-z0-9_]", "_", name.lower())


def child_path(parent: AttributeNode | None, name: str) -> str:
    return f"{parent.ltree_path}.{path_label(name)}" if parent is not None else path_label(name)


def _type_for_child(parent: AttributeNode | None, manufacturing_type: ManufacturingType | None):
    """A child belongs to its parent's manufacturing type; naming another one is refused."""
    if parent is None:
        return manufacturing_type
    if manufacturing_type is not None and manufacturing_type.pk != parent.manufacturing_type_id:
        raise refuse(
            "manufacturing_type_id",
            "A node must belong to its parent's manufacturing type",
            "value_error.tree.manufacturing_type",
        )
    return parent.manufacturing_type


def create_node(*, parent: AttributeNode | None = None, manufacturing_type=None, **fields) -> AttributeNode:
    with transaction.atomic():
        lock_tree()
        if parent is not None:
            parent = AttributeNode.objects.select_related("manufacturing_type").get(pk=parent.pk)
        node = AttributeNode(parent=parent, manufacturing_type=_type_for_child(parent, manufacturing_type), **fields)
        node.ltree_path = child_path(parent, node.name)
        node.save()
        return node


def update_node(node: AttributeNode, **changes) -> AttributeNode:
    """Change a node; a rename or a move recomputes the paths of the node and all its descendants."""
    with transaction.atomic():
        lock_tree()
        node = AttributeNode.objects.get(pk=node.pk)  # tree fields as they are under the lock
        parent = changes.pop("parent", node.parent)
        if parent is not None and parent.pk != node.parent_id:
            parent = AttributeNode.objects.select_related("manufacturing_type").get(pk=parent.pk)
            if parent.pk == node.pk or node.is_ancestor_of(parent):
                message = "A node cannot be moved under itself or one of its descendants"
                raise refuse("parent_node_id", message, "value_error.tree.invalid_move")
        kept_type = node.manufacturing_type if parent is None else None
        manufacturing_type = _type_for_child(parent, changes.pop("manufacturing_type", kept_type))
        restructured = (
            (parent.pk if parent else None) != node.parent_id
            or ("name" in changes and changes["name"] != node.name)
            or (manufacturing_type.pk if manufacturing_type else None) != node.manufacturing_type_id
        )
        for name, value in changes.items():
            setattr(node, name, value)
        node.manufacturing_type, node.parent = manufacturing_type, parent
        try:
            node.save()
        except InvalidMove as exc:
            raise refuse("parent_node_id", str(exc), "value_error.tree.invalid_move") from None
        if restructured:
            settle_subtree(node)
        return AttributeNode.objects.get(pk=node.pk)


def settle_subtree(node: AttributeNode) -> None:
    """After a move or rename: the subtree takes the node's type, and its paths are recomputed."""
    node = AttributeNode.objects.get(pk=node.pk)  # lft/rght as the move left them
    node.get_descendants().exclude(manufacturing_type_id=node.manufacturing_type_id).update(
        manufacturing_type_id=node.manufacturing_type_id
    )
    recompute_paths(node)


def move_node(node: AttributeNode, target: AttributeNode, position: str) -> AttributeNode:
    """Admin drag and drop: `position` relative to `target` (MPTT's `last-child`, `left`, `right`)."""
    with transaction.atomic():
        lock_tree()
        node, target = AttributeNode.objects.get(pk=node.pk), AttributeNode.objects.get(pk=target.pk)
        try:
            node.move_to(target, position)
        except InvalidMove as exc:
            raise refuse("parent_node_id", str(exc), "value_error.tree.invalid_move") from None
        node = AttributeNode.objects.select_related("parent").get(pk=node.pk)
        if node.parent is not None and node.manufacturing_type_id != node.parent.manufacturing_type_id:
            AttributeNode.objects.filter(pk=node.pk).update(manufacturing_type_id=node.parent.manufacturing_type_id)
            node.manufacturing_type_id = node.parent.manufacturing_type_id
        settle_subtree(node)
        return node


def recompute_paths(node: AttributeNode) -> int:
    """Rebuild `ltree_path` for `node`'s subtree from names and parents; returns rows changed.

    Descendants are found through the tree (lft/rght), never by path prefix: paths are not unique.
    """
    node = AttributeNode.objects.select_related("parent").get(pk=node.pk)
    paths = {node.parent_id: node.parent.ltree_path if node.parent else None}
    changed = []
    for item in node.get_descendants(include_self=True).only("id", "parent_id", "name", "ltree_path"):
        prefix = paths[item.parent_id]
        path = f"{prefix}.{path_label(item.name)}" if prefix else path_label(item.name)
        paths[item.pk] = path
        if item.ltree_path != path:
            item.ltree_path = path
            changed.append(item)
    AttributeNode.objects.bulk_update(changed, ["ltree_path"], batch_size=500)
    return len(changed)


def delete_node(node: AttributeNode) -> None:
    """Delete a node and its subtree; configurations that selected any of them are repriced."""
    with transaction.atomic():
        lock_tree()
        node = AttributeNode.objects.get(pk=node.pk)
        subtree = node.get_descendants(include_self=True).values("pk")
        affected = set(
            ConfigurationSelection.objects.filter(attribute_node__in=subtree).values_list("configuration_id", flat=True)
        )
        node.delete()
        for configuration in Configuration.objects.filter(pk__in=affected).select_related("manufacturing_type"):
            reprice(configuration)


def subtree(node: AttributeNode):
    """The node and all its descendants, in tree order: one query however deep (STYLE.md "Trees")."""
    return node.get_descendants(include_self=True).order_by("tree_id", "lft")


# --- configurations -------------------------------------------------------------------------------


def _numbered_save(instance, field: str, prefix: str) -> None:
    """Save with the day's first free `PREFIX-YYYYMMDD-NNN`, retrying when another request took it."""
    for _attempt in range(5):
        number = next_number(type(instance), field, prefix)
        setattr(instance, field, number)
        try:
            with transaction.atomic():
                instance.save()
            return
        except IntegrityError:
            instance.pk = None
            if not type(instance).objects.filter(**{field: number}).exists():
                raise
    raise Conflict("Could not allocate a number, please retry")


def next_number(model, field: str, prefix: str) -> str:
    """`PREFIX-YYYYMMDD-NNN`: the first free sequence of the local day; past 999, a timestamp."""
    now = timezone.localtime()
    stem = f"{prefix}-{now:%Y%m%d}-"
    used = set(model.objects.filter(**{f"{field}__startswith": stem}).values_list(field, flat=True))
    for sequence in range(1, 1000):
        if f"{stem}{sequence:03d}" not in used:
            return f"{stem}{sequence:03d}"
    return f"{prefix}-{now:%Y%m%d%H%M%S%f}"


def reference_prefix(manufacturing_type: ManufacturingType) -> str:
    """First three letters of the base category, upper-cased; `CFG` without one (reference §6.4)."""
    letters = re.sub(r"[^A-Za-z]", "", manufacturing_type.base_category or "")
    return letters[:3].upper() if len(letters) >= 3 else "CFG"


def create_configuration(
    *, user, manufacturing_type, name, description=None, customer=None, selections=(), template=None
) -> Configuration:
    if not manufacturing_type.is_active:
        raise refuse("manufacturing_type_id", "Manufacturing type is not active", "value_error.inactive")
    with transaction.atomic():
        configuration = Configuration(
            user=user,
            manufacturing_type=manufacturing_type,
            customer=customer,
            template=template,
            name=name,
            description=description,
            base_price=manufacturing_type.base_price,
            total_price=manufacturing_type.base_price,
            calculated_weight=manufacturing_type.base_weight,
        )
        _numbered_save(configuration, "reference_code", reference_prefix(manufacturing_type))
        if selections:
            configuration = replace_selections(configuration, selections)
        return configuration


def update_configuration(configuration: Configuration, **changes) -> Configuration:
    """Name, description and status only; selections go through `replace_selections`."""
    for name, value in changes.items():
        setattr(configuration, name, value)
    configuration.save(update_fields=[*changes, "updated_at"])
    return configuration


def selection_value(values: dict):
    """What conditions and rules see for a selection (conditions.py module docstring)."""
    for name in ("numeric_value", "string_value", "boolean_value", "json_value"):
        if values.get(name) is not None:
            return values[name]
    return True


def _load_nodes(manufacturing_type_id, items: list[dict]) -> dict[int, AttributeNode]:
    ids = [item["attribute_node_id"] for item in items]
    nodes = AttributeNode.objects.in_bulk(ids)
    for index, node_id in enumerate(ids):
        if node_id not in nodes:
            raise NotFound("Attribute node not found")
        if nodes[node_id].manufacturing_type_id != manufacturing_type_id:
            raise refuse(
                f"selections.{index}.attribute_node_id",
                f"Node {node_id} does not belong to this configuration's manufacturing type",
                "value_error.selection.manufacturing_type",
            )
        if ids.index(node_id) != index:
            raise refuse(
                f"selections.{index}.attribute_node_id", f"Node {node_id} is selected twice", "value_error.duplicate"
            )
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
    if not conditions.condition_holds(node.display_condition, context):
        raise SelectionRefused("Not available with the other selections", "value_error.display_condition")
    problem = conditions.rule_violation(node.validation_rules, selection_value(values))
    if problem:
        raise SelectionRefused(problem, "value_error.validation_rule")
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
        raise SelectionRefused(str(exc), "value_error.formula") from None


def _refused(node: AttributeNode, field: str, refusal: SelectionRefused) -> ValidationError:
    return refuse(field, f"{node.name} (node {node.pk}): {refusal.message}", refusal.code)


def _priced(node: AttributeNode, values: dict, type_base_price, field: str) -> pricing.Impact:
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
        manufacturing_type = ManufacturingType.objects.get(pk=configuration.manufacturing_type_id)
        nodes = _load_nodes(manufacturing_type.pk, items)
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
            impact = _priced(selection.attribute_node, values, manufacturing_type.base_price, "selections")
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
        raise refuse("selections", "The selections add up to a total out of range", "value_error.number.not_lt")
    configuration.total_price = totals.price
    configuration.calculated_weight = totals.weight
    configuration.calculated_technical_data = totals.technical_data
    configuration.save(update_fields=["total_price", "calculated_weight", "calculated_technical_data", "updated_at"])


# --- templates ------------------------------------------------------------------------------------


def create_template(*, created_by, manufacturing_type, selections=(), **fields) -> ConfigurationTemplate:
    """A template with its selections; estimates default to what those selections would cost."""
    with transaction.atomic():
        nodes = _load_nodes(manufacturing_type.pk, list(selections))
        impacts = [
            _priced(nodes[item["attribute_node_id"]], item, manufacturing_type.base_price, f"selections.{index}")
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


# --- quotes ---------------------------------------------------------------------------------------

QUOTE_TRANSITIONS = {
    QuoteStatus.DRAFT: {QuoteStatus.SENT},
    QuoteStatus.SENT: {QuoteStatus.ACCEPTED, QuoteStatus.REJECTED, QuoteStatus.EXPIRED},
}
OWNER_TRANSITIONS = {(QuoteStatus.SENT, QuoteStatus.ACCEPTED), (QuoteStatus.SENT, QuoteStatus.REJECTED)}


def configuration_snapshot(configuration: Configuration) -> dict:
    """What was quoted, frozen: later price or tree changes leave the quote as it was."""
    manufacturing_type = configuration.manufacturing_type
    return {
        "manufacturing_type": {
            "id": manufacturing_type.pk,
            "name": manufacturing_type.name,
            "base_price": str(manufacturing_type.base_price),
            "base_weight": str(manufacturing_type.base_weight),
        },
        "configuration": {
            "id": configuration.pk,
            "name": configuration.name,
            "reference_code": configuration.reference_code,
            "base_price": str(configuration.base_price),
            "total_price": str(configuration.total_price),
            "calculated_weight": str(configuration.calculated_weight),
            "calculated_technical_data": configuration.calculated_technical_data,
        },
        "selections": [
            {
                "attribute_node_id": selection.attribute_node_id,
                "name": selection.attribute_node.name,
                "selection_path": selection.selection_path,
                "string_value": selection.string_value,
                "numeric_value": None if selection.numeric_value is None else str(selection.numeric_value),
                "boolean_value": selection.boolean_value,
                "json_value": selection.json_value,
                "calculated_price_impact": str(selection.calculated_price_impact),
                "calculated_weight_impact": str(selection.calculated_weight_impact),
            }
            for selection in configuration.selections.select_related("attribute_node")
        ],
    }


def create_quote(
    *,
    configuration: Configuration,
    tax_rate=Decimal("0.00"),
    discount_amount=Decimal("0.00"),
    technical_requirements=None,
    valid_until: date | None = None,
    valid_days: int = 30,
) -> Quote:
    with transaction.atomic():
        configuration = (
            Configuration.objects.select_for_update(of=("self",))
            .select_related("manufacturing_type")
            .get(pk=configuration.pk)
        )
        subtotal = configuration.total_price
        if subtotal < 0:
            raise refuse("configuration_id", "Configuration total cannot be negative", "value_error.number.not_ge")
        if discount_amount > subtotal:
            raise refuse("discount_amount", "Discount amount cannot exceed subtotal", "value_error.number.not_le")
        tax_amount, total_amount = pricing.quote_amounts(subtotal, tax_rate, discount_amount)
        quote = Quote(
            configuration=configuration,
            user_id=configuration.user_id,
            customer_id=configuration.customer_id,
            subtotal=subtotal,
            tax_rate=tax_rate,
            tax_amount=tax_amount,
            discount_amount=discount_amount,
            total_amount=total_amount,
            technical_requirements=technical_requirements,
            valid_until=valid_until or timezone.localdate() + timedelta(days=valid_days),
            configuration_snapshot=configuration_snapshot(configuration),
        )
        _numbered_save(quote, "quote_number", "Q")
        if configuration.status in (ConfigurationStatus.DRAFT, ConfigurationStatus.SAVED):
            update_configuration(configuration, status=ConfigurationStatus.QUOTED)
        return quote


def change_quote_status(quote: Quote, new_status: str, *, by_superuser: bool) -> Quote:
    """draft -> sent -> accepted | rejected | expired (reference §6.5)."""
    with transaction.atomic():
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        if new_status not in QUOTE_TRANSITIONS.get(quote.status, set()):
            raise refuse(None, f"A {quote.status} quote cannot become {new_status}", "INVALID_QUOTE_STATUS")
        if not by_superuser and (quote.status, new_status) not in OWNER_TRANSITIONS:
            raise PermissionDenied()
        if new_status == QuoteStatus.ACCEPTED and quote.valid_until < timezone.localdate():
            raise refuse(None, f"The quote expired on {quote.valid_until.isoformat()}", "INVALID_QUOTE_STATUS")
        quote.status = new_status
        quote.save(update_fields=["status", "updated_at"])
        return quote


def expire_overdue_quotes() -> int:
    """Mark draft and sent quotes past their `valid_until` as expired; safe to run any time."""
    return Quote.objects.filter(
        status__in=[QuoteStatus.DRAFT, QuoteStatus.SENT], valid_until__lt=timezone.localdate()
    ).update(status=QuoteStatus.EXPIRED, updated_at=timezone.now())


# --- orders ---------------------------------------------------------------------------------------

ORDER_FLOW = [OrderStatus.CONFIRMED, OrderStatus.PRODUCTION, OrderStatus.SHIPPED, OrderStatus.INSTALLED]


def place_order(*, quote: Quote, required_date=None, special_instructions=None, installation_address=None) -> Order:
    """An order from an accepted quote, once, with one item for the quoted configuration."""
    with transaction.atomic():
        # Lock only the quote: PostgreSQL refuses FOR UPDATE on the nullable side of the customer join.
        quote = Quote.objects.select_for_update(of=("self",)).select_related("customer").get(pk=quote.pk)
        if Order.objects.filter(quote=quote).exists():
            raise refuse(None, "An order already exists for this quote", "ORDER_ALREADY_EXISTS")
        if quote.status != QuoteStatus.ACCEPTED:
            raise refuse(None, "Quote must be in 'accepted' status to create an order", "INVALID_QUOTE_STATUS")
        order_date = timezone.localdate()
        if required_date is not None and required_date < order_date:
            raise refuse("required_date", "Required date cannot be before the order date", "value_error.date")
        if installation_address is None and quote.customer is not None:
            installation_address = quote.customer.address
        order = Order(
            quote=quote,
            order_date=order_date,
            required_date=required_date,
            special_instructions=special_instructions,
            installation_address=installation_address,
        )
        _numbered_save(order, "order_number", "O")
        OrderItem.objects.create(
            order=order,
            configuration_id=quote.configuration_id,
            quantity=1,
            unit_price=quote.total_amount,
            total_price=quote.total_amount,
        )
        Configuration.objects.filter(pk=quote.configuration_id).update(
            status=ConfigurationStatus.ORDERED, updated_at=timezone.now()
        )
        return order


def advance_order(order: Order) -> Order:
    """Move an order one step along confirmed -> production -> shipped -> installed."""
    position = ORDER_FLOW.index(order.status)
    if position + 1 < len(ORDER_FLOW):
        order.status = ORDER_FLOW[position + 1]
        order.save(update_fields=["status", "updated_at"])
    return order
