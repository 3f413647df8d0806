"""Failed sign-ins lock the username from that address (and a noisy address), on every sign-in path.

django-axes' model: a locked pair is refused even with the right password until the lock ends, so
guessing stops; the same user from another address still signs in. The clock is frozen.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import PASSWORD, AdminFactory, UserFactory
from config.testing.clients import client_for

pytestmark = pytest.mark.django_db

HOME, ELSEWHERE = "198.51.100.10", "198.51.100.99"


@pytest.fixture(autouse=True)
def lockout_rules(settings):
    settings.LOGIN_FAILURES_PER_USER_ADDRESS = 5
    settings.LOGIN_FAILURES_PER_ADDRESS = 20
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 900
    settings.LOGIN_LOCKOUT_SECONDS = 60
    settings.LOGIN_LOCKOUT_MAX_SECONDS = 3600


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 12, 4, 12, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def api_login(username, password, address=HOME):
    return client_for().post(
        "/api/mfg/login", {"username": username, "password": password}, format="json", REMOTE_ADDR=address
    )


def fail(username, times, address=HOME):
    return [api_login(username, "wrong-password", address).status_code for _ in range(times)]


class TestApiLogin:
    def test_five_failures_lock_the_pair_even_against_the_right_password(self, clock):
        alice = UserFactory()
        assert fail(alice.username, 5) == [401] * 5
        locked = api_login(alice.username, PASSWORD)
        assert locked.status_code == 429
        assert locked["Retry-After"] == "60"
        assert locked.json()["error"] == "THROTTLED" and "60 seconds" in locked.json()["message"]

    def test_the_same_user_from_another_address_still_signs_in(self, clock):
        alice = UserFactory()
        fail(alice.username, 5)
        assert api_login(alice.username, PASSWORD, address=ELSEWHERE).status_code == 200

    def test_the_lock_ends_on_time_and_doubles_when_guessing_resumes(self, clock):
        alice = UserFactory()
        fail(alice.username, 5)
        clock.shift(59)
        assert api_login(alice.username, PASSWORD).status_code == 429
        clock.shift(1)
        fail(alice.username, 5)
        second_lock = api_login(alice.username, PASSWORD)
        assert second_lock.status_code == 429 and second_lock["Retry-After"] == "120"
        clock.shift(120)
        assert api_login(alice.username, PASSWORD).status_code == 200

    def test_a_success_starts_the_count_again(self, clock):
        alice = UserFactory()
        fail(alice.username, 4)
        assert api_login(alice.username, PASSWORD).status_code == 200
        assert fail(alice.username, 4) == [401] * 4
        assert api_login(alice.username, PASSWORD).status_code == 200

    def test_failures_outside_the_window_are_forgotten(self, clock):
        alice = UserFactory()
        fail(alice.username, 4)
        clock.shift(901)
        fail(alice.username, 4)
        assert api_login(alice.username, PASSWORD).status_code == 200

    def test_usernames_are_counted_without_regard_to_case(self, clock):
        UserFactory(username="alice")
        fail("ALICE", 3)
        fail("Alice", 2)
        assert api_login("alice", PASSWORD).status_code == 429

    def test_an_address_guessing_many_usernames_is_locked_for_all_of_them(self, clock):
        bob = UserFactory()
        for n in range(20):
            api_login(f"nobody-{n}", "wrong-password")
        assert api_login(bob.username, PASSWORD).status_code == 429
        assert api_login(bob.username, PASSWORD, address=ELSEWHERE).status_code == 200


class TestPagesAndAdmin:
    def test_the_sign_in_page_says_the_account_is_locked(self, client, clock):
        alice = UserFactory()
        page = reverse("accounts:login")
        for _ in range(5):
            client.post(page, {"username": alice.username, "password": "wrong"}, REMOTE_ADDR=HOME)
        answer = client.post(page, {"username": alice.username, "password": PASSWORD}, REMOTE_ADDR=HOME)
        assert answer.status_code == 200  # the form again, not a redirect into the site
        assert "Too many failed sign-in attempts" in answer.content.decode()
        assert "_auth_user_id" not in client.session

    def test_the_admin_sign_in_is_guarded_too(self, client, clock):
        admin = AdminFactory()
        page = reverse("admin:login")
        for _ in range(5):
            client.post(page, {"username": admin.username, "password": "wrong"}, REMOTE_ADDR=HOME)
        answer = client.post(page, {"username": admin.username, "password": PASSWORD}, REMOTE_ADDR=HOME)
        assert answer.status_code == 200
        assert "Too many failed sign-in attempts" in answer.content.decode()

    def test_failures_on_the_pages_count_against_the_api_too(self, client, clock):
        alice = UserFactory()
        for _ in range(5):
            client.post(reverse("accounts:login"), {"username": alice.username, "password": "x"}, REMOTE_ADDR=HOME)
        assert api_login(alice.username, PASSWORD).status_code == 429
