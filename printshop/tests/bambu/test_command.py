"""`manage.py listen_printers` end to end: settings name the printer list and the sink."""

import signal
import threading

import pytest
from django.core.management import CommandError, call_command

from printshop.bambu.listener import InMemorySink

from .mqtt import lan

FARM = []


def farm():
    return FARM


class StoppingSink(InMemorySink):
    """Stops the command, as SIGTERM from a process manager would, once the farm's status is in."""

    last = None

    def __init__(self):
        super().__init__()
        StoppingSink.last = self

    def save(self, updates):
        super().save(updates)
        if {endpoint.serial for endpoint in FARM} <= self.latest.keys():
            signal.raise_signal(signal.SIGTERM)


# The command opens a fresh database connection around each batch, as a process living for weeks must.
@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_listens_until_sigterm_and_saves_every_printer(printers, settings, capsys):
    first, second = printers("composed-p1s-printing"), printers("ha-bambulab_MOCK-X1CMULTIAMS")
    FARM[:] = [lan(first), lan(second)]
    settings.BAMBU_PRINTER_SOURCE = f"{__name__}.farm"
    settings.BAMBU_REPORT_SINK = f"{__name__}.StoppingSink"
    settings.BAMBU_BATCH_SECONDS = 0.05
    handler_before = signal.getsignal(signal.SIGTERM)
    deadline = threading.Timer(10, signal.raise_signal, [signal.SIGTERM])  # bounds the run if a report never comes
    deadline.start()
    try:
        call_command("listen_printers")
    finally:
        deadline.cancel()

    sink = StoppingSink.last
    assert sink.latest[first.serial].snapshot.status == "printing"
    assert sink.latest[second.serial].snapshot.status == "finished"
    assert "Stopped after 2 reports" in capsys.readouterr().out
    assert signal.getsignal(signal.SIGTERM) is handler_before


def test_the_command_says_which_setting_is_missing(settings):
    settings.BAMBU_PRINTER_SOURCE = ""
    with pytest.raises(CommandError, match="BAMBU_PRINTER_SOURCE is not set"):
        call_command("listen_printers")
    with pytest.raises(CommandError, match="BAMBU_REPORT_SINK=nowhere.Sink cannot be imported"):
        call_command("listen_printers", "--source", f"{__name__}.farm", "--sink", "nowhere.Sink")
