"""Documented request rates, counted on the shared store, announced in `X-RateLimit-*` headers.

Every API view asks its dialect's scopes (`Dialect.rate_scopes`) plus its own (`rate_scopes` on the
view, e.g. the print shop's order sync); a scope with no rate in `settings.API_RATE_LIMITS` is not
limited. A caller over any limit gets the dialect's 429 with `Retry-After`; every answer carries
the headers of the limit closest to running out.
"""

import math

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from config.http import client_address


class RateLimit(SimpleRateThrottle):
    """One scope's rate for one caller: a sliding window of request times (DRF's algorithm)."""

    def __init__(self, scope: str):
        self.scope = scope
        self.cache = caches[settings.SHARED_CACHE]
        self.rate = settings.API_RATE_LIMITS[scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.history: list[float] = []
        self.now = self.timer()

    def get_cache_key(self, request, view) -> str:
        user = request.user
        caller = f"user:{user.pk}" if user and user.is_authenticated else f"addr:{client_address(request)}"
        return f"rate:{self.scope}:{caller}"

    @property
    def remaining(self) -> int:
        return max(0, self.num_requests - len(self.history))

    @property
    def reset_at(self) -> int:
        """When the oldest counted request leaves the window (a slot frees), as a Unix time."""
        oldest = self.history[-1] if self.history else self.now
        return math.ceil(oldest + self.duration)

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.num_requests),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
        }


def limits_for(scopes) -> list[RateLimit]:
    return [RateLimit(scope) for scope in scopes if settings.API_RATE_LIMITS.get(scope)]


def refusals(limits: list[RateLimit], request, view=None) -> list[float | None]:
    """Count the request against every limit (all of them, as DRF does); the waits of those it is over."""
    return [limit.wait() for limit in limits if not limit.allow_request(request, view)]


def tightest(limits: list[RateLimit]) -> RateLimit | None:
    """The limit the caller will meet first: fewest requests left, then the one freeing last."""
    return min(limits, key=lambda limit: (limit.remaining, -limit.reset_at), default=None)
