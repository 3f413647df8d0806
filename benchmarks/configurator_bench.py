"""Configurator benchmark: the subtree endpoint over a 10,000-node tree, and a 100-selection reprice.

    .venv/bin/python benchmarks/configurator_bench.py [--repeat 10]

Runs against a throwaway test database (SQLite in memory, or `test_<name>` on PostgreSQL when
DATABASE_URL is set), through the real HTTP stack with a real JWT. Target: subtree < 150 ms.
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SUBTREE_TARGET_MS = 150
CATEGORIES, ATTRIBUTES_PER_CATEGORY, OPTIONS_PER_ATTRIBUTE = 9, 10, 110  # 1 + 9 + 90 + 9,900 = 10,000 nodes


def build_tree(manufacturing_type):
    """Bulk insert level by level with MPTT updates off, then one rebuild (STYLE.md "Trees")."""
    from configurator.models import AttributeNode
    from configurator.services import path_label

    def level(rows):
        return AttributeNode.objects.bulk_create(rows, batch_size=1000)

    common = {"manufacturing_type": manufacturing_type, "tree_id": 0, "lft": 0, "rght": 0, "level": 0}
    with AttributeNode.objects.disable_mptt_updates():
        [root] = level(
            [AttributeNode(name="Window Options", node_type="category", ltree_path="window_options", **common)]
        )
        categories = level(
            [
                AttributeNode(
                    name=f"Category {c}",
                    node_type="category",
                    parent=root,
                    ltree_path=f"window_options.category_{c}",
                    **common,
                )
                for c in range(CATEGORIES)
            ]
        )
        attributes = level(
            [
                AttributeNode(
                    name=f"Attribute {a}",
                    node_type="attribute",
                    parent=category,
                    ltree_path=f"{category.ltree_path}.attribute_{a}",
                    **common,
                )
                for category in categories
                for a in range(ATTRIBUTES_PER_CATEGORY)
            ]
        )
        kinds = ("fixed", "percentage", "formula")
        level(
            [
                AttributeNode(
                    name=f"Option {o}",
                    node_type="option",
                    parent=attribute,
                    ltree_path=f"{attribute.ltree_path}.{path_label(f'Option {o}')}",
                    price_impact_type=kinds[o % 3],
                    price_impact_value=Decimal("12.50"),
                    price_formula="value * 2 + 1" if o % 3 == 2 else None,
                    weight_impact=Decimal("0.25"),
                    weight_formula="width * height / 1000" if o % 5 == 0 else None,
                    technical_property_type="u_value" if o % 7 == 0 else None,
                    technical_impact_formula="0.01 * value" if o % 7 == 0 else None,
                    **common,
                )
                for attribute in attributes
                for o in range(OPTIONS_PER_ATTRIBUTE)
            ]
        )
    AttributeNode.objects.rebuild()
    return AttributeNode.objects.get(pk=root.pk)


def timed(call, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = call()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:500]
    return samples


def report(label, samples, target=None):
    line = f"{label:<44} min {min(samples):7.1f} ms  median {statistics.median(samples):7.1f} ms"
    if target:
        line += f"   target < {target} ms: {'OK' if statistics.median(samples) < target else 'MISSED'}"
    print(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    setup_test_environment()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from accounts.tests.factories import UserFactory
        from config.testing.clients import client_for
        from configurator.models import AttributeNode, Configuration, ManufacturingType
        from configurator.services import create_configuration

        manufacturing_type = ManufacturingType.objects.create(
            name="Benchmark Window", base_category="window", base_price=Decimal("200"), base_weight=Decimal("15")
        )
        start = time.perf_counter()
        root = build_tree(manufacturing_type)
        built = f"built {AttributeNode.objects.count():,} nodes in {time.perf_counter() - start:.1f} s"
        print(f"{built} on {connection.vendor}")

        client = client_for(UserFactory())
        url = f"/api/configurator/v1/attribute-nodes/{root.pk}/tree"
        report(
            "GET attribute-nodes/{id}/tree (10,000 nodes)",
            timed(lambda: client.get(url), args.repeat),
            SUBTREE_TARGET_MS,
        )

        user = UserFactory()
        client = client_for(user)
        configuration = create_configuration(user=user, manufacturing_type=manufacturing_type, name="Benchmark")
        options = AttributeNode.objects.filter(node_type="option").order_by("id")[: 100 * 10 : 10]
        items = [{"attribute_node_id": option.pk, "numeric_value": 12.5} for option in options]
        selections_url = f"/api/configurator/v1/configurations/{configuration.pk}/selections"
        samples = timed(lambda: client.patch(selections_url, items, format="json"), args.repeat)
        report("PATCH configurations/{id}/selections (100)", samples)
        configuration = Configuration.objects.get(pk=configuration.pk)
        print(
            f"recalculated total {configuration.total_price}, weight {configuration.calculated_weight}, "
            f"technical {configuration.calculated_technical_data}"
        )
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
