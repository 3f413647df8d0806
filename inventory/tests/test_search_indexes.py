"""Migrations 0002 and 0009: the indexes the part search reads on PostgreSQL; nothing on SQLite."""

import pytest
from django.db import connection

from config.testing.services import service_missing

from ..models import Part
from ..services import search
from .factories import PartFactory

pytestmark = pytest.mark.django_db

INDEXES = {
    "inventory_part_search_key_trgm",  # every match, and the count
    "inventory_part_part_name_trgm",  # suggestions: names only
    "inventory_part_name_key",  # exact names, name prefixes, the order within a rank
    "inventory_part_number_key",  # exact numbers
}


def plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small table would be scanned otherwise
    return queryset.explain()


@pytest.mark.services
def test_every_tier_of_the_search_is_read_from_an_index():
    if connection.vendor != "postgresql":
        service_missing("the search indexes exist on PostgreSQL only (set DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'inventory_part'")
        names = {row[0] for row in cursor.fetchall()}
    assert names >= INDEXES
    assert "inventory_part_description_trgm" not in names  # replaced by the one over search_key
    PartFactory.create_batch(5)

    term = "sistor"
    exact, prefix = search._tiers(term)
    matches = search.matching_parts(Part.objects.all(), term)
    keyed = search._keyed(Part.objects.all())
    assert "inventory_part_search_key_trgm" in plan(matches.order_by())
    assert "inventory_part_name_key" in plan(keyed.filter(prefix).order_by(*search.WITHIN_TIER)[:20])
    assert "inventory_part_number_key" in plan(keyed.filter(number_key=search.Upper(search.Value(term))))
    assert "inventory_part_part_name_trgm" in plan(Part.objects.filter(part_name__icontains=term).order_by())
