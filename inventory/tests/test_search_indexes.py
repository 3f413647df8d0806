"""Migration 0002: trigram indexes on PostgreSQL that the part search's LIKE can use; nothing on SQLite."""

import pytest
from django.db import connection

from config.testing.services import service_missing

from .. import services
from ..models import Part
from .factories import PartFactory

pytestmark = pytest.mark.django_db


@pytest.mark.services
def test_text_search_can_use_the_trigram_indexes():
    if connection.vendor != "postgresql":
        service_missing("pg_trgm indexes exist on PostgreSQL only (set DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'inventory_part' AND indexname LIKE '%trgm'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        f"inventory_part_{column}_trgm" for column in ("part_name", "part_number", "description", "supplier")
    }
    PartFactory.create_batch(5)
    search = services.search_parts(Part.objects.all(), search_term="sistor")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a 5-row table would be scanned otherwise
        plan = search.explain()
    assert "inventory_part_part_name_trgm" in plan, plan
