"""`count_alongside`: on PostgreSQL outside a transaction the count runs on a connection of its own,
beside the page; inside a transaction, and on SQLite, it runs when asked."""

from concurrent.futures import Future

import pytest
from django.db import connection

from config.concurrent_count import count_alongside
from config.testing.clients import client_for
from config.testing.services import service_missing
from inventory.models import Part
from inventory.tests.factories import PartFactory, reader


def counted_beside(wait) -> bool:
    return isinstance(getattr(wait, "__self__", None), Future)


@pytest.mark.django_db
def test_inside_a_transaction_the_count_waits_to_be_asked():
    PartFactory.create_batch(2)
    wait = count_alongside(Part.objects.all())
    assert not counted_beside(wait)  # another connection would not see the rows written above
    assert wait() == 2


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_the_count_runs_on_its_own_connection():
    if connection.vendor != "postgresql":
        service_missing("counting beside the page needs PostgreSQL (set DATABASE_URL)")
    PartFactory.create_batch(30, description="mosfet in SOT-23")
    PartFactory.create_batch(5)
    wait = count_alongside(Part.objects.filter(description__contains="mosfet"))
    assert counted_beside(wait)
    assert wait() == 30

    response = client_for(reader()).get("/api/inventory/parts/search_text?query=mosfet&page_size=20")
    assert response.json()["total_parts"] == 30
    assert len(response.json()["data"]) == 20
