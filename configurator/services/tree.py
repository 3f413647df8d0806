"""The attribute node tree: structural writes under one advisory lock, paths kept from names.

Each write reads the rows it needs once, under the lock, and trusts what MPTT leaves on the
instance after a move (it refreshes the node's tree fields itself before moving).
"""

import re
import zlib

from django.db import connection, transaction
from mptt.exceptions import InvalidMove

from config.errors import Refused

from ..models import NODE_RULE_FIELDS, AttributeNode, Configuration, ConfigurationSelection
from ..pricing import node_problems
from .configurations import reprice

TREE_LOCK_KEY = zlib.crc32(b"configurator.AttributeNode")
INVALID_MOVE = "A node cannot be moved under itself or one of its descendants"


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


def _type_for_child(parent: AttributeNode | None, manufacturing_type):
    """A child belongs to its parent's manufacturing type; naming another one is refused."""
    if parent is None:
        return manufacturing_type
    if manufacturing_type is not None and manufacturing_type.pk != parent.manufacturing_type_id:
        raise Refused(
            "manufacturing_type_id", "A node must belong to its parent's manufacturing type", "wrong_parent_type"
        )
    return parent.manufacturing_type


def _with_type(pk):
    return AttributeNode.objects.select_related("manufacturing_type").get(pk=pk)


def create_node(*, parent: AttributeNode | None = None, manufacturing_type=None, **fields) -> AttributeNode:
    with transaction.atomic():
        lock_tree()
        if parent is not None:
            parent = _with_type(parent.pk)
        node = AttributeNode(parent=parent, manufacturing_type=_type_for_child(parent, manufacturing_type), **fields)
        refuse_unusable_rules(node)
        node.ltree_path = child_path(parent, node.name)
        node.save()
        return node


def update_node(node: AttributeNode, **changes) -> AttributeNode:
    """Change a node; a rename or a move recomputes the paths of the node and all its descendants."""
    with transaction.atomic():
        lock_tree()
        # The node, its parent and their types as they are under the lock, in one query.
        node = AttributeNode.objects.select_related("manufacturing_type", "parent__manufacturing_type").get(pk=node.pk)
        parent = changes.pop("parent", node.parent)
        if parent is not None and parent.pk == node.parent_id:
            parent = node.parent
        elif parent is not None:
            parent = _with_type(parent.pk)
            if parent.pk == node.pk or node.is_ancestor_of(parent):
                raise Refused("parent_node_id", INVALID_MOVE, "invalid_move")
        kept_type = node.manufacturing_type if parent is None else None
        manufacturing_type = _type_for_child(parent, changes.pop("manufacturing_type", kept_type))
        retyped = (manufacturing_type.pk if manufacturing_type else None) != node.manufacturing_type_id
        restructured = (
            (parent.pk if parent else None) != node.parent_id
            or ("name" in changes and changes["name"] != node.name)
            or retyped
        )
        for name, value in changes.items():
            setattr(node, name, value)
        refuse_unusable_rules(node)
        node.manufacturing_type, node.parent = manufacturing_type, parent
        node.ltree_path = child_path(parent, node.name)
        try:
            node.save()
        except InvalidMove as exc:
            raise Refused("parent_node_id", str(exc), "invalid_move") from None
        if restructured:
            settle_subtree(node, retyped=retyped)
        return node


def refuse_unusable_rules(node: AttributeNode) -> None:
    """Formulas, conditions and rules the engine could not apply (a pattern that could backtrack
    for minutes among them) are refused on every path that saves a node, not only in forms."""
    problems = node_problems({name: getattr(node, name) for name in NODE_RULE_FIELDS})
    if problems:
        raise Refused.of({name: [message] for name, message in problems.items()}, "formula")


def move_node(node: AttributeNode, target: AttributeNode, position: str) -> AttributeNode:
    """Admin drag and drop: `position` relative to `target` (MPTT's `last-child`, `left`, `right`)."""
    with transaction.atomic():
        lock_tree()
        node = AttributeNode.objects.get(pk=node.pk)
        target = AttributeNode.objects.select_related("parent").get(pk=target.pk)
        try:
            node.move_to(target, position)
        except InvalidMove as exc:
            raise Refused("parent_node_id", str(exc), "invalid_move") from None
        parent = node.parent  # MPTT set it: the target, or the target's parent for a sibling move
        retyped = parent is not None and node.manufacturing_type_id != parent.manufacturing_type_id
        if retyped:
            node.manufacturing_type_id = parent.manufacturing_type_id
        settle_subtree(node, retyped=retyped)
        return node


def settle_subtree(node: AttributeNode, *, retyped: bool) -> None:
    """After a move or rename: the subtree takes the node's type, and its paths are recomputed.

    `node` carries its tree fields as the move left them and its parent (or None).
    """
    if retyped:
        node.get_descendants(include_self=True).exclude(manufacturing_type_id=node.manufacturing_type_id).update(
            manufacturing_type_id=node.manufacturing_type_id
        )
    recompute_paths(node)


def recompute_paths(node: AttributeNode) -> None:
    """Rebuild `ltree_path` for `node`'s subtree from names and its parent's path.

    Descendants are found through the tree (lft/rght), never by path prefix: paths are not unique.
    """
    parent = node.parent
    paths = {node.parent_id: parent.ltree_path if parent else None}
    changed = []
    for item in node.get_descendants(include_self=True).only("id", "parent_id", "name", "ltree_path"):
        prefix = paths[item.parent_id]
        path = f"{prefix}.{path_label(item.name)}" if prefix else path_label(item.name)
        paths[item.pk] = path
        if item.ltree_path != path:
            item.ltree_path = path
            changed.append(item)
    AttributeNode.objects.bulk_update(changed, ["ltree_path"], batch_size=500)
    node.ltree_path = paths[node.pk]


def delete_node(node: AttributeNode) -> None:
    """Delete a node and its subtree; configurations that selected any of them are repriced."""
    with transaction.atomic():
        lock_tree()
        node = AttributeNode.objects.get(pk=node.pk)
        nodes = node.get_descendants(include_self=True).values("pk")
        affected = set(
            ConfigurationSelection.objects.filter(attribute_node__in=nodes).values_list("configuration_id", flat=True)
        )
        node.delete()
        for configuration in Configuration.objects.filter(pk__in=affected).select_related("manufacturing_type"):
            reprice(configuration)


def subtree(node: AttributeNode):
    """The node and all its descendants, in tree order: one query however deep (STYLE.md "Trees")."""
    return node.get_descendants(include_self=True).order_by("tree_id", "lft")
