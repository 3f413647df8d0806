"""A real Mosquitto broker for the printer tests, simulated printers on it, and the frozen clock."""

import socket

import pytest

from config.testing.services import service_missing
from printshop.bambu.listener import InMemorySink, PrinterListener
from printshop.bambu.simulator import SimulatedPrinter

from .mqtt import BROKER_HOST, BROKER_PORT, FrozenClock, new_serial


@pytest.fixture
def broker(settings):
    try:
        socket.create_connection((BROKER_HOST, BROKER_PORT), timeout=2).close()
    except OSError as exc:
        service_missing(f"Mosquitto is not reachable on {BROKER_HOST}:{BROKER_PORT}: {exc}")
    settings.BAMBU_MQTT_PORT = BROKER_PORT
    settings.BAMBU_MQTT_TLS = False
    settings.BAMBU_MQTT_CA_FILE = ""
    return BROKER_HOST, BROKER_PORT


@pytest.fixture
def clock():
    return FrozenClock()


@pytest.fixture
def printers(broker):
    """`printers(sample)` starts a simulated printer on the broker; all are stopped after the test."""
    started = []

    def start(sample="composed-p1s-printing", serial=None):
        printer = SimulatedPrinter(serial or new_serial(), sample, host=broker[0], port=broker[1]).start()
        started.append(printer)
        return printer

    yield start
    for printer in started:
        printer.stop()


@pytest.fixture
def listen(clock):
    """`listen(endpoints, sink=...)` makes a listener on the frozen clock, writing each batch at once."""
    listeners = []

    def make(endpoints, *, sink=None, **options):
        source = endpoints if callable(endpoints) else (lambda: endpoints)
        options = {"batch_seconds": 0, **options}
        listener = PrinterListener(source, sink if sink is not None else InMemorySink(), clock=clock, **options)
        listeners.append(listener)
        return listener

    yield make
    for listener in listeners:
        listener.close()
