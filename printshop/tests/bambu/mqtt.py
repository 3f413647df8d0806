"""Helpers of the printer tests: the broker's address, a clock the test moves, a bounded wait."""

import os
import secrets
import time
from datetime import UTC, datetime, timedelta

from printshop.bambu.client import PrinterEndpoint

# Plain MQTT on the loopback for tests; printers speak TLS on 8883 (settings BAMBU_MQTT_PORT/_TLS).
BROKER_HOST = os.environ.get("MQTT_TEST_HOST", "127.0.0.1")
BROKER_PORT = int(os.environ.get("MQTT_TEST_PORT", "1883"))
WAIT_SECONDS = 5.0


class FrozenClock:
    """Time that moves only when the test says, so 60 s of silence takes no time."""

    def __init__(self):
        self.now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += timedelta(seconds=seconds)


def new_serial():
    """Each test's printers are its own on the shared broker."""
    return f"01P{secrets.token_hex(6).upper()}"


def pump(listener, until, *, timeout=WAIT_SECONDS, what="the condition"):
    """Run the listener until `until()` holds; a broker message that never comes fails, bounded."""
    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        listener.step(wait_seconds=0.05)


def lan(printer, access_code="12345678", **options):
    return PrinterEndpoint.lan(printer.serial, BROKER_HOST, access_code, **options)
