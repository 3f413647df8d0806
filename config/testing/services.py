"""Real services in tests: used when configured; a missing one skips, or fails under CI.

`REQUIRE_SERVICES=1` (set by .ci/run) turns every "service not configured/reachable" skip into a
failure, so CI cannot pass by quietly skipping the tests that talk to PostgreSQL or Redis.
"""

import os
import socket
from urllib.parse import urlparse

import pytest


def service_missing(reason: str):
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def require_url(variable: str) -> str:
    """The URL in `variable`, after checking that its host answers on its port."""
    url = os.environ.get(variable, "")
    if not url:
        service_missing(f"{variable} is not set")
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2).close()
    except OSError as exc:
        service_missing(f"{variable}={url} is not reachable: {exc}")
    return url
