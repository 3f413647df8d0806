"""Replays racing the original (issue 9): the database decides, one event of an entity at a time."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from config.testing.services import service_missing
from crm import services
from crm.models import BitrixEvent, LatestBitrixEvent
from crm.webhook import IncomingEvent

NOW = int(time.time())


def deal_event(ts):
    return IncomingEvent("ONCRMDEALUPDATE", "deal", "5", ts=ts)


def blocked(pid) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cardinality(pg_blocking_pids(%s)) > 0", [pid])
        return cursor.fetchone()[0]


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("second_ts", "outcome", "stored"),
    [
        (NOW, services.EVENT_DUPLICATE, 1),
        (NOW - 60, services.EVENT_STALE, 1),
        (NOW + 1, services.EVENT_ACCEPTED, 2),
    ],
)
def test_an_event_arriving_while_another_of_its_entity_is_uncommitted_waits_for_it(second_ts, outcome, stored):
    """Needs PostgreSQL: SQLite has one writer, so the two requests can never overlap there."""
    if connection.vendor != "postgresql":
        service_missing("concurrent webhook events need PostgreSQL (set DATABASE_URL)")
    second_pid, second_started, answers, errors = [], threading.Event(), [], []

    def second_request():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    second_pid.append(cursor.fetchone()[0])
                second_started.set()
                answers.append(services.receive_event(deal_event(second_ts)).message)
        except Exception as exc:  # any failure in the thread is reported by the assert below
            errors.append(exc)
        finally:
            second_started.set()
            connections.close_all()

    second = threading.Thread(target=second_request)
    with transaction.atomic():
        assert services.receive_event(deal_event(NOW)).message == services.EVENT_ACCEPTED
        second.start()
        assert second_started.wait(timeout=10)
        deadline = time.monotonic() + 10
        # The second request must wait for this uncommitted one, not decide without it.
        while second.is_alive() and not blocked(second_pid[0]) and time.monotonic() < deadline:
            pass
        assert second.is_alive() and not answers, "the second event was decided before the first committed"
    second.join(timeout=10)
    assert errors == [] and answers == [outcome]
    assert BitrixEvent.objects.count() == stored
    assert LatestBitrixEvent.objects.get().ts == max(NOW, second_ts)
