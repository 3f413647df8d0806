"""Configurator operations: manufacturing types, the node tree, configurations, templates, quotes
and orders, one module each.

Views, admin, pages and tasks call these as `services.<name>`; every write of more than one row
happens here, inside one transaction. Refusals are the domain errors of `config.errors` (their
codes are the domain's words; the API dialect translates them). Tree writes are serialised by a
PostgreSQL advisory lock (STYLE.md "Trees").
"""

from .configurations import (
    SelectionRefused,
    create_configuration,
    delete_configuration,
    edit_configuration,
    ensure_changeable,
    judge_selection,
    replace_selections,
    reprice,
    save_configuration,
    selection_context,
    update_configuration,
)
from .orders import advance_order, place_order
from .quotes import change_quote_status, create_quote, expire_overdue_quotes, request_quote
from .templates import apply_template, create_template
from .tree import create_node, delete_node, move_node, path_label, subtree, update_node
from .types import deactivate_manufacturing_type, save_manufacturing_type

__all__ = [
    "SelectionRefused",
    "advance_order",
    "apply_template",
    "change_quote_status",
    "create_configuration",
    "create_node",
    "create_quote",
    "create_template",
    "deactivate_manufacturing_type",
    "delete_node",
    "expire_overdue_quotes",
    "judge_selection",
    "move_node",
    "path_label",
    "place_order",
    "delete_configuration",
    "edit_configuration",
    "ensure_changeable",
    "replace_selections",
    "reprice",
    "request_quote",
    "save_configuration",
    "save_manufacturing_type",
    "selection_context",
    "subtree",
    "update_configuration",
    "update_node",
]
