"""A request-rate limit shared by every worker: Bitrix24 drains its bucket at 2 requests/s (§8)."""

import time

from django.core.cache import cache


class RateLimiter:
    """At most `per_second` calls in each wall-clock second, counted in the cache (Redis in production)."""

    def __init__(self, per_second: int, key: str = "bitrix:rate", clock=time.time, sleep=time.sleep):
        self.per_second = per_second
        self.key = key
        self.clock = clock
        self.sleep = sleep

    def acquire(self) -> None:
        while True:
            now = self.clock()
            window_key = f"{self.key}:{int(now)}"
            if cache.add(window_key, 1, timeout=5):
                count = 1
            else:
                try:
                    count = cache.incr(window_key)
                except ValueError:  # the window expired between add() and incr()
                    continue
            if count <= self.per_second:
                return
            self.sleep(int(now) + 1 - now)
