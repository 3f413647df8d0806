"""The print shop's documented rates (spec "Rate Limiting"): 1,000 requests an hour per user, print
operations 100 a minute; every authenticated answer says where the caller stands in `X-RateLimit-*`,
and a caller past a limit gets the dialect's 429 with `Retry-After`. (Order sync's 5 a minute:
tests/etsy/test_api_orders.py.) The clock is frozen: windows move when the test moves it."""

from datetime import UTC, datetime

import pytest
import time_machine

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.dialects import PRINTSHOP

from ..models import ScheduledPrint
from .test_api_printers import add_printer

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 4, 12, 0, 0, tzinfo=UTC)
API = "/api/printshop"
PRINTS = f"{API}/bambu/scheduled-prints"


@pytest.fixture
def documented_rates(settings):
    """The defaults of config/settings.py (the test settings lift them)."""
    settings.API_RATE_LIMITS = {"printshop": "1000/hour", "printshop.sync": "5/minute", "printshop.print": "100/minute"}


@pytest.fixture
def clock(documented_rates):
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def limit_headers(response) -> tuple[int, int, int]:
    return tuple(int(response[name]) for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"))


def test_every_authenticated_answer_carries_the_headers_whatever_its_status(clock):
    owner = UserFactory()
    printer = add_printer(owner)
    done = ScheduledPrint.objects.create(printer=printer, job_name="Done", status="completed")
    client = client_for(owner)
    answers = [
        (200, client.get(f"{API}/bambu/printers")),
        (400, client.post(f"{API}/filaments", {"material": ""}, format="json")),
        (404, client.get(f"{API}/bambu/printers/999999/status")),
        (405, client.patch(f"{API}/orders")),
        (404, client.get(f"{API}/no-such-route")),  # a path no route takes is counted too
        (404, client.options(f"{API}/no/such/route")),
        (200, client.get(f"{API}/analytics/dashboard")),
    ]
    hour_end = int(START.timestamp()) + 3600
    for sent, (status, response) in enumerate(answers, start=1):
        assert response.status_code == status, response.content
        assert limit_headers(response) == (1000, 1000 - sent, hour_end)
    refused_move = client.put(f"{PRINTS}/{done.pk}", {"status": "started"}, format="json")
    PRINTSHOP.assert_error(refused_move, 409)
    # A print operation meets its minute's limit first: that is the one announced.
    assert limit_headers(refused_move) == (100, 99, int(START.timestamp()) + 60)


def test_print_operations_are_limited_to_100_a_minute(clock):
    owner = UserFactory()
    printer = add_printer(owner)
    client = client_for(owner)
    job = {"printer_id": printer.pk, "job_name": "Clip", "estimated_duration_minutes": 5}
    answers = [client.post(PRINTS, job, format="json") for _ in range(60)]
    answers += [client.get(PRINTS) for _ in range(40)]
    assert {a.status_code for a in answers[:60]} == {201} and {a.status_code for a in answers[60:]} == {200}
    refused = client.post(PRINTS, job, format="json")
    PRINTSHOP.assert_error(refused, 429)
    assert refused["Retry-After"] == "60" and limit_headers(refused)[:2] == (100, 0)
    assert ScheduledPrint.objects.count() == 60
    assert client.get(f"{API}/bambu/printers").status_code == 200  # other routes keep their hourly allowance
    assert client_for(UserFactory()).get(PRINTS).status_code == 200  # and other users their own minute
    clock.shift(60)
    assert client.post(PRINTS, job, format="json").status_code == 201


def test_1000_requests_an_hour_then_429_until_the_hour_moves_on(clock):
    user = UserFactory()
    client = client_for(user)
    for minute in range(10):
        assert all(client.get(f"{API}/auth/user").status_code == 200 for _ in range(100)), minute
        clock.shift(60)
    refused = client.get(f"{API}/bambu/materials")
    PRINTSHOP.assert_error(refused, 429)
    assert int(refused["Retry-After"]) == 3600 - 600 and limit_headers(refused)[:2] == (1000, 0)
    clock.shift(3600 - 600)
    assert client_for(user).get(f"{API}/bambu/materials").status_code == 200  # a token of the new hour
