"""Failed sign-ins lock the username from that address, and a noisy address altogether (django-axes' model).

Counted on the shared store (`settings.SHARED_CACHE`), so every web process sees the same counts.
Times are compared with the clock, not cache expiry, so a lock ends exactly when it says; cache
timeouts only clear out old entries. A locked pair is refused before the password is checked, so
guessing stops even with the right password; the same username from another address still signs in.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from config.errors import TooManyRequests
from config.http import client_address

KEEP_SECONDS = 24 * 60 * 60  # how long a lock count is remembered for the back-off


def _store():
    return caches[settings.SHARED_CACHE]


@dataclass(frozen=True)
class Counter:
    """Failures of one subject (a username from an address, or an address) and its locks."""

    key: str
    limit: int

    def check(self, now: float) -> None:
        locked_until = (_store().get(f"{self.key}:lock") or {}).get("until", 0)
        if locked_until > now:
            wait = math.ceil(locked_until - now)
            raise TooManyRequests(
                f"Too many failed sign-in attempts. Try again in {wait} seconds.", retry_after=wait, code="locked_out"
            )

    def fail(self, now: float) -> None:
        store = _store()
        failures = store.get(f"{self.key}:failures")
        if not failures or now - failures["since"] > settings.LOGIN_FAILURE_WINDOW_SECONDS:
            failures = {"since": now, "count": 0}
        failures["count"] += 1
        if failures["count"] < self.limit:
            store.set(f"{self.key}:failures", failures, settings.LOGIN_FAILURE_WINDOW_SECONDS)
            return
        store.delete(f"{self.key}:failures")
        lock = store.get(f"{self.key}:lock") or {"locks": 0}
        locks = lock["locks"] + 1
        seconds = min(settings.LOGIN_LOCKOUT_SECONDS * 2 ** (locks - 1), settings.LOGIN_LOCKOUT_MAX_SECONDS)
        store.set(f"{self.key}:lock", {"locks": locks, "until": now + seconds}, KEEP_SECONDS)

    def clear(self) -> None:
        _store().delete_many([f"{self.key}:failures", f"{self.key}:lock"])


@dataclass(frozen=True)
class LoginGuard:
    """The counters one sign-in attempt is judged by."""

    username: str
    address: str

    @classmethod
    def for_request(cls, request, username) -> "LoginGuard":
        return cls(str(username or "").casefold(), client_address(request))

    @property
    def pair(self) -> Counter:
        # Hashed: usernames are user input, and cache keys must be short and plain.
        digest = hashlib.sha256(f"{self.username}\0{self.address}".encode()).hexdigest()[:32]
        return Counter(f"login:pair:{digest}", settings.LOGIN_FAILURES_PER_USER_ADDRESS)

    @property
    def origin(self) -> Counter:
        return Counter(f"login:addr:{self.address}", settings.LOGIN_FAILURES_PER_ADDRESS)

    def check(self) -> None:
        """Refuse (429 on the APIs) while the pair or the address is locked."""
        now = time.time()
        self.pair.check(now)
        self.origin.check(now)

    def failed(self) -> None:
        now = time.time()
        self.pair.fail(now)
        self.origin.fail(now)

    def succeeded(self) -> None:
        self.pair.clear()
