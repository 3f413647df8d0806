"""Documented request rates: counted per caller on the shared store, announced in headers, 429 past them.

The clock is frozen (time-machine): a window ends when the test moves the clock, never by sleeping.
"""

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings as django_settings

from accounts.tests.factories import UserFactory
from catalog.tests.shop_factories import shop_owner
from config import settings as config_settings
from config.testing.clients import client_for

pytestmark = pytest.mark.django_db

TYPES = "/api/configurator/v1/manufacturing-types"
MFG_SERVICES = "/api/mfg/services"
START = datetime(2026, 12, 4, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def documented_rates(settings):
    settings.API_RATE_LIMITS = {"configurator": "100/minute", "configurator.burst": "20/second", "mfg": "5/minute"}


def limit_headers(response) -> tuple[int, int, int]:
    return tuple(int(response[name]) for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"))


@pytest.mark.usefixtures("documented_rates")
class TestConfiguratorRates:
    def test_a_burst_over_20_a_second_is_refused_for_that_second(self, clock):
        client = client_for(UserFactory())
        answers = [client.get(TYPES) for _ in range(21)]
        assert [a.status_code for a in answers[:20]] == [200] * 20
        refused = answers[20]
        assert refused.status_code == 429
        assert refused["Retry-After"] == "1"
        assert refused.json()["message"] == "Too Many Requests"
        assert refused.json()["details"] == [{"detail": "Rate limit exceeded. Please try again later."}]
        clock.shift(1)
        assert client.get(TYPES).status_code == 200

    def test_100_a_minute_then_429_until_the_window_moves(self, clock):
        client = client_for(UserFactory())
        for _ in range(5):  # 20 a second keeps under the burst limit
            assert all(client.get(TYPES).status_code == 200 for _ in range(20))
            clock.shift(1)
        refused = client.get(TYPES)
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) == 55  # it is 5 s; the first request, at 0 s, leaves the window at 60 s
        clock.shift(55)
        assert client.get(TYPES).status_code == 200

    def test_headers_count_down_on_every_answer_and_name_the_reset_time(self, clock):
        client = client_for(UserFactory())
        first, second = client.get(TYPES), client.get(TYPES)
        # The burst limit (20/second) is the one closest to running out.
        assert limit_headers(first) == (20, 19, int(START.timestamp()) + 1)
        assert limit_headers(second) == (20, 18, int(START.timestamp()) + 1)

    def test_each_user_has_their_own_allowance(self, clock):
        greedy, other = client_for(UserFactory()), client_for(UserFactory())
        for _ in range(20):
            greedy.get(TYPES)
        assert greedy.get(TYPES).status_code == 429
        assert other.get(TYPES).status_code == 200


@pytest.mark.usefixtures("documented_rates")
class TestMfgRates:
    def test_anonymous_callers_are_counted_per_address_and_refused_in_the_mfg_dialect(self, clock):
        client = client_for()
        answers = [client.get(MFG_SERVICES, REMOTE_ADDR="203.0.113.7") for _ in range(6)]
        assert [a.status_code for a in answers] == [200] * 5 + [429]
        body = answers[5].json()
        assert body["error"] == "THROTTLED" and "seconds" in body["message"]
        assert limit_headers(answers[5])[:2] == (5, 0)
        assert client.get(MFG_SERVICES, REMOTE_ADDR="203.0.113.8").status_code == 200

    def test_a_scope_without_a_rate_is_not_limited_and_sends_no_headers(self, settings, clock):
        settings.API_RATE_LIMITS = {}
        client = client_for()
        answers = [client.get(MFG_SERVICES) for _ in range(50)]
        assert {a.status_code for a in answers} == {200}
        assert "X-RateLimit-Limit" not in answers[-1]


COUNT_ELSEWHERE = """
import sys, types, django
django.setup()
from config.api.throttles import RateLimit
request = types.SimpleNamespace(user=types.SimpleNamespace(pk=int(sys.argv[1]), is_authenticated=True), META={})
print(all(RateLimit("mfg").allow_request(request, None) for _ in range(5)))
"""


def test_counters_are_shared_by_every_process(settings):
    """What another web process counted is seen here: the store is Redis or files, never local memory."""
    settings.API_RATE_LIMITS = {"mfg": "5/minute"}
    user = UserFactory()
    other_process = subprocess.run(
        [sys.executable, "-c", COUNT_ELSEWHERE, str(user.pk)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
        cwd=django_settings.BASE_DIR,
    )
    assert other_process.stdout.strip() == "True", other_process.stderr
    assert client_for(user).get("/api/mfg/profile").status_code == 429


SHOP_PRODUCTS = "/api/shop/products"


class TestShopRates:
    """Shop spec "Rate Limiting": 1000 requests an hour per shop, the headers on every answer, and
    `{"detail": "Rate limit exceeded", "retry_after": seconds}` past it."""

    @pytest.fixture(autouse=True)
    def documented_rate(self, settings):
        settings.API_RATE_LIMITS = {"shop": config_settings.API_RATE_LIMITS["shop"]}

    def test_the_documented_rate_is_the_default(self):
        assert config_settings.API_RATE_LIMITS["shop"] == "1000/hour"

    def test_a_shop_has_1000_an_hour_then_429_in_the_shops_words(self, clock):
        owner = shop_owner()
        greedy, other = client_for(owner), client_for(shop_owner())
        first = greedy.get(SHOP_PRODUCTS)
        assert limit_headers(first) == (1000, 999, int(START.timestamp()) + 3600)
        clock.shift(600)
        answers = [greedy.get(SHOP_PRODUCTS) for _ in range(999)]
        assert {a.status_code for a in answers} == {200} and limit_headers(answers[-1])[:2] == (1000, 0)
        refused = greedy.get(SHOP_PRODUCTS)
        assert refused.status_code == 429
        assert refused.json() == {"detail": "Rate limit exceeded", "retry_after": 3000}
        assert refused["Retry-After"] == "3000" and limit_headers(refused)[:2] == (1000, 0)
        assert other.get(SHOP_PRODUCTS).status_code == 200  # each shop has its own allowance
        clock.shift(3000)  # the first request leaves the hour: one slot frees
        greedy = client_for(owner)  # a fresh token: the first one lived an hour
        assert greedy.get(SHOP_PRODUCTS).status_code == 200
        assert greedy.get(SHOP_PRODUCTS).status_code == 429

    def test_errors_carry_the_headers_too(self, clock):
        client = client_for(shop_owner())
        for answer in (client.get(f"{SHOP_PRODUCTS}/999999"), client.get(f"{SHOP_PRODUCTS}?limit=500")):
            assert answer.status_code in (404, 422) and limit_headers(answer)[0] == 1000
