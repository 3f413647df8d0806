"""What the customer pages need beyond the services: the product tree as questions, and a price
preview that saves nothing.

The preview runs the same engine as `services.replace_selections` (conditions.py, pricing.py), but
collects every problem by node instead of stopping at the first, so the page can show each one next
to its input while the customer is still choosing.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from mptt.utils import get_cached_trees

from catalog.money import format_number

from . import conditions, pricing, services
from .choices import DataType, NodeType
from .models import AttributeNode, ManufacturingType

SELECT_COMPONENTS = {"select", "dropdown"}
NUMBER_COMPONENTS = {"number", "input_number", "slider", "range", "dimension"}
CHECKBOX_COMPONENTS = {"checkbox", "toggle", "switch"}
TEXT_COMPONENTS = {"text", "input", "textarea"}
CHOICE_KINDS = {"radio", "select"}


@dataclass
class Question:
    """One block of the configure page: an input for a node, or a heading for a group of them."""

    node: AttributeNode
    kind: str  # radio | select | number | checkbox | text | group
    level: int
    options: list[AttributeNode] = field(default_factory=list)

    @property
    def field_name(self) -> str:
        return f"node_{self.node.pk}"

    @property
    def is_input(self) -> bool:
        return self.kind != "group"


def input_kind(node: AttributeNode, options: list[AttributeNode]) -> str:
    """The input a node asks for: its options as radios or a select, else by ui_component/data_type."""
    component = (node.ui_component or "").lower()
    if options:
        # The spec's examples put ui_component on the options ("radio"), so either place counts.
        components = {component, (options[0].ui_component or "").lower()}
        return "select" if components & SELECT_COMPONENTS else "radio"
    if node.node_type == NodeType.CATEGORY:
        return "group"
    if component in NUMBER_COMPONENTS or node.data_type in (DataType.NUMBER, DataType.DIMENSION):
        return "number"
    if component in CHECKBOX_COMPONENTS or node.data_type == DataType.BOOLEAN:
        return "checkbox"
    if component in TEXT_COMPONENTS or node.data_type == DataType.STRING:
        return "text"
    return "group"


def product_questions(manufacturing_type: ManufacturingType) -> list[Question]:
    """The type's whole attribute tree as questions in tree order, read in one query."""
    nodes = AttributeNode.objects.filter(manufacturing_type=manufacturing_type).order_by("tree_id", "lft")
    questions: list[Question] = []
    for root in get_cached_trees(nodes):
        _walk(root, 0, questions)
    return questions


def _walk(node: AttributeNode, level: int, questions: list[Question]) -> None:
    children = list(node.get_children())
    options = [child for child in children if child.node_type == NodeType.OPTION]
    kind = input_kind(node, options)
    questions.append(Question(node=node, kind=kind, level=level, options=options if kind in CHOICE_KINDS else []))
    if kind in CHOICE_KINDS:
        # Questions under an option (e.g. a grille pattern under "With grilles") follow the choice.
        children = [grandchild for option in options for grandchild in option.get_children()] + [
            child for child in children if child.node_type != NodeType.OPTION
        ]
    for child in children:
        _walk(child, level + 1, questions)


def tree_nodes(questions: list[Question]) -> dict[int, AttributeNode]:
    nodes = {question.node.pk: question.node for question in questions}
    nodes.update({option.pk: option for question in questions for option in question.options})
    return nodes


@dataclass
class Preview:
    """Totals the engine gives for some selections, and what is wrong with which node."""

    total_price: Decimal
    calculated_weight: Decimal
    technical_data: dict
    problems: dict[int, str]  # selected node id -> message
    unavailable: list[int]  # nodes whose display_condition fails with these selections

    @property
    def valid(self) -> bool:
        return not self.problems


def preview(
    manufacturing_type: ManufacturingType, nodes: dict[int, AttributeNode], items: list[dict], base_price=None
) -> Preview:
    """Price and weight of `items` (service selection dicts) without saving anything."""
    base_price = manufacturing_type.base_price if base_price is None else base_price
    context = services.selection_context(nodes, items)
    problems, impacts = {}, []
    for item in items:
        node = nodes[item["attribute_node_id"]]
        try:
            impacts.append(services.judge_selection(node, item, context, manufacturing_type.base_price))
        except services.SelectionRefused as refusal:
            problems[node.pk] = refusal.message
    totals = pricing.configuration_totals(base_price, manufacturing_type.base_weight, impacts)
    unavailable = [pk for pk, node in nodes.items() if not _available(node, context)]
    return Preview(totals.price, totals.weight, totals.technical_data, problems, unavailable)


def _available(node: AttributeNode, context: dict) -> bool:
    """Whether the node's condition holds; one whose stored pattern cannot be applied is not."""
    try:
        return conditions.condition_holds(node.display_condition, context)
    except conditions.RuleError:
        return False


def plain_number(value) -> str:
    """`1200.000000` -> `1200`, `0.500000` -> `0.5`, without exponent notation."""
    return format(Decimal(value).normalize(), "f")


def answer_rows(selections) -> list[dict]:
    """A configuration's selections as `question: answer` rows (options answer their parent)."""
    rows = []
    for selection in selections:
        node = selection.attribute_node
        if node.node_type == NodeType.OPTION and node.parent is not None:
            question, answer = node.parent.name, node.name
        else:
            question, answer = (
                node.name,
                _answer_text(selection.numeric_value, selection.string_value, selection.boolean_value),
            )
        rows.append(
            {
                "question": question,
                "answer": answer,
                "price_impact": selection.calculated_price_impact,
                "weight_impact": selection.calculated_weight_impact,
            }
        )
    return rows


def snapshot_rows(snapshot: dict) -> list[dict]:
    """The selections frozen on a quote, as rows; an option's question is read from the live tree
    (one query) while it still exists, its answer and amounts always from the snapshot."""
    items = snapshot.get("selections", [])
    nodes = AttributeNode.objects.select_related("parent").in_bulk([item["attribute_node_id"] for item in items])
    rows = []
    for item in items:
        node = nodes.get(item["attribute_node_id"])
        if node is not None and node.node_type == NodeType.OPTION and node.parent is not None:
            question, answer = node.parent.name, item["name"]
        else:
            question = item["name"]
            answer = _answer_text(item.get("numeric_value"), item.get("string_value"), item.get("boolean_value"))
        rows.append(
            {
                "question": question,
                "answer": answer,
                "price_impact": item.get("calculated_price_impact"),
                # the snapshot keeps amounts as JSON strings; as Decimals the page localises them
                "weight_impact": _decimal_or_none(item.get("calculated_weight_impact")),
            }
        )
    return rows


def _decimal_or_none(value) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except ArithmeticError:
        return None


def _answer_text(numeric_value, string_value, boolean_value) -> str:
    """An answer as the customer reads it, in the page's language and number format."""
    if numeric_value is not None:
        return format_number(Decimal(str(numeric_value)).normalize())
    if string_value:
        return string_value
    if boolean_value is not None:
        return str(_("Yes") if boolean_value else _("No"))
    return str(_("Selected"))


# Technical properties as windows and doors are rated (NFRC labels); others read from their key.
TECHNICAL_LABELS = {
    "u_value": _("U-factor, W/m²·K"),
    "u_factor": _("U-factor, W/m²·K"),
    "shgc": _("Solar heat gain coefficient"),
    "vt": _("Visible transmittance"),
    "air_leakage": _("Air leakage, cfm/ft²"),
    "condensation_resistance": _("Condensation resistance"),
    "stc": _("Sound transmission class"),
    "oitc": _("Outdoor-indoor transmission class"),
    "dp_rating": _("Design pressure rating"),
    "r_value": _("R-value, m²·K/W"),
}


def technical_rows(data: dict) -> list[tuple[str, object]]:
    """A configuration's technical data as `label: value` rows, never raw keys like `u_value`;
    numbers in the page's format (`0,8` in Russian)."""
    return [
        (str(TECHNICAL_LABELS.get(key, key.replace("_", " ").capitalize())), _technical_value(value))
        for key, value in data.items()
    ]


def _technical_value(value) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return value
    try:
        return format_number(Decimal(str(value)).normalize())
    except ArithmeticError:
        return value
