"""The listener against the real Mosquitto broker, with simulated printers publishing real reports."""

import logging

import pytest

from printshop.bambu.listener import InMemorySink
from printshop.bambu.reports import (
    MATERIAL_CHANGE,
    PRINT_COMPLETE,
    PRINT_FAILED,
    PRINT_START,
    PRINTER_OFFLINE,
    PRINTER_ONLINE,
)
from printshop.bambu.simulator import load_sample

from .mqtt import lan, pump

pytestmark = pytest.mark.services


def latest(sink, printer):
    return sink.latest.get(printer.serial)


def wait_for_snapshot(listener, sink, printer, check=lambda snapshot: True, what="a snapshot"):
    pump(listener, lambda: latest(sink, printer) is not None and check(latest(sink, printer).snapshot), what=what)
    return latest(sink, printer)


def kinds(sink):
    return [event.kind for event in sink.events]


def test_the_listener_asks_for_a_full_report_and_the_merged_snapshot_reaches_the_sink(printers, listen):
    printer = printers("composed-p1s-printing")
    sink = InMemorySink()
    listener = listen([lan(printer)], sink=sink)

    update = wait_for_snapshot(listener, sink, printer, what="the answer to pushall")

    assert printer.pushall_requests == 1
    assert update.report["print"]["gcode_state"] == "RUNNING" and update.report["print"]["msg"] == 0
    snapshot = update.snapshot
    assert (snapshot.serial, snapshot.status, snapshot.progress, snapshot.remaining_seconds) == (
        printer.serial,
        "printing",
        46,
        37 * 60,
    )
    assert (snapshot.job_name, snapshot.layer, snapshot.total_layers) == ("ORD-1042_bracket_v3", 52, 120)
    assert [m.material_type for m in snapshot.materials if m.loaded] == ["PLA", "PETG", "PLA"]
    assert update.events == ()  # first sight of a printer: nothing is known to have happened


def test_deltas_through_the_broker_merge_into_the_full_report(printers, listen):
    printer = printers("composed-p1s-printing")
    sink = InMemorySink()
    listener = listen([lan(printer)], sink=sink)
    wait_for_snapshot(listener, sink, printer)

    printer.publish_delta({"mc_percent": 61, "mc_remaining_time": 25, "layer_num": 73})
    printer.load_tray(0, 3, {"remain": 8})
    update = wait_for_snapshot(listener, sink, printer, lambda s: s.material_in(4).remaining_pct == 8, what="deltas")

    snapshot = update.snapshot
    assert (snapshot.progress, snapshot.remaining_minutes, snapshot.layer, snapshot.total_layers) == (61, 25, 73, 120)
    assert (snapshot.nozzle_temp, snapshot.job_name) == (219.8, "ORD-1042_bracket_v3")
    assert update.report["print"] == printer.report["print"] | {"msg": 1}
    assert update.events == ()


def test_a_print_from_start_to_finish_is_seen_as_it_happens(printers, listen):
    printer = printers("ha-bambulab_MOCK-A1")
    sink = InMemorySink()
    listener = listen([lan(printer)], sink=sink)
    wait_for_snapshot(listener, sink, printer, lambda s: s.status == "idle")

    printer.start_print("ORD-7_gear", total_layers=80, minutes=90)
    wait_for_snapshot(listener, sink, printer, lambda s: s.status == "preparing", what="PREPARE")
    printer.progress(50)
    running = wait_for_snapshot(listener, sink, printer, lambda s: s.progress == 50, what="RUNNING at 50 %")
    printer.finish()
    wait_for_snapshot(listener, sink, printer, lambda s: s.status == "finished", what="FINISH")

    assert (running.snapshot.status, running.snapshot.layer, running.snapshot.remaining_minutes) == ("printing", 40, 45)
    assert kinds(sink) == [PRINT_START, PRINT_COMPLETE]
    assert {event.job_name for event in sink.events} == {"ORD-7_gear"}


def test_a_failed_print_and_a_spool_change_are_events(printers, listen):
    printer = printers("composed-p1s-printing")
    sink = InMemorySink()
    listener = listen([lan(printer)], sink=sink)
    wait_for_snapshot(listener, sink, printer)

    printer.fail()
    printer.load_tray(0, 2, {"tray_type": "PETG", "tray_color": "FFFFFFFF", "remain": 100, "tag_uid": "AB00"})
    wait_for_snapshot(listener, sink, printer, lambda s: s.material_in(3).loaded, what="the new spool")

    assert kinds(sink) == [PRINT_FAILED, MATERIAL_CHANGE]
    failed, change = sink.events
    assert (failed.job_name, latest(sink, printer).snapshot.print_error) == ("ORD-1042_bracket_v3", "0300_400C")
    assert (change.slot, change.material_before.loaded, change.material_after.color) == (3, False, "#FFFFFF")


def test_a_printer_silent_for_60_seconds_is_offline_until_it_reports_again(printers, listen, clock):
    printer = printers("composed-p1s-printing")
    sink = InMemorySink()
    # No periodic pushall within the 11 minutes this test skips: its answer would race the delta below.
    listener = listen([lan(printer)], sink=sink, pushall_seconds=3600)
    heard_at = wait_for_snapshot(listener, sink, printer).snapshot.reported_at

    clock.advance(59.9)
    listener.step()
    assert latest(sink, printer).snapshot.online is True

    clock.advance(0.1)
    listener.step()
    offline = latest(sink, printer)
    assert (offline.snapshot.status, offline.snapshot.online, offline.snapshot.reported_at) == (
        "offline",
        False,
        heard_at,
    )
    assert (offline.snapshot.progress, offline.snapshot.job_name) == (46, "ORD-1042_bracket_v3")
    assert kinds(sink) == [PRINTER_OFFLINE]

    clock.advance(600)
    listener.step()
    assert kinds(sink) == [PRINTER_OFFLINE]  # said once

    printer.progress(47)
    back = wait_for_snapshot(listener, sink, printer, lambda s: s.online, what="the printer back")
    assert (back.snapshot.status, back.snapshot.progress, kinds(sink)) == (
        "printing",
        47,
        [PRINTER_OFFLINE, PRINTER_ONLINE],
    )


def test_a_printer_never_heard_from_is_offline_after_60_seconds(broker, listen, clock):
    from printshop.bambu.client import PrinterEndpoint

    sink = InMemorySink()
    nobody = PrinterEndpoint.lan("01P000000000404", broker[0], "12345678")
    listener = listen([nobody], sink=sink)
    listener.step()
    clock.advance(60)
    listener.step()

    assert sink.latest["01P000000000404"].snapshot.status == "offline"


def test_p1_printers_are_asked_for_a_full_report_every_five_minutes(printers, listen, clock):
    printer = printers("composed-p1s-printing")
    sink = InMemorySink()
    listener = listen([lan(printer)], sink=sink, offline_after_seconds=3600)
    wait_for_snapshot(listener, sink, printer)

    clock.advance(299)
    listener.step()
    clock.advance(1)
    listener.step()
    pump(listener, lambda: printer.pushall_requests == 2, what="a second pushall")
    pump(listener, lambda: latest(sink, printer).snapshot.sequence_id == str(printer.sequence_id))


def test_a_print_that_ended_while_the_listener_was_down_is_seen_ending(printers, listen):
    printer = printers("ha-bambulab_MOCK-P1PNOAMS")  # FINISH now
    stored = load_sample("composed-p1s-printing")  # RUNNING when last saved
    sink = InMemorySink()
    listener = listen([lan(printer, last_report=stored)], sink=sink)

    wait_for_snapshot(listener, sink, printer)

    assert kinds(sink)[0] == PRINT_COMPLETE


def test_updates_are_batched_one_per_printer_with_every_event(printers, listen, clock):
    first, second = printers("ha-bambulab_MOCK-A1"), printers("composed-p1s-printing")
    sink = InMemorySink()
    listener = listen([lan(first), lan(second)], sink=sink, batch_seconds=1)
    pump(listener, lambda: listener.stats.reports == 2, what="two full reports")
    clock.advance(1)
    listener.step()
    assert len(sink.batches) == 1 and {u.serial for u in sink.batches[0]} == {first.serial, second.serial}

    first.start_print("one")
    first.progress(10)
    first.progress(20)
    second.progress(50)
    pump(listener, lambda: listener.stats.reports == 6, what="four deltas")
    assert len(sink.batches) == 1  # held until the batch is due
    clock.advance(1)
    listener.step()

    [batch] = sink.batches[1:]
    by_serial = {update.serial: update for update in batch}
    assert sorted(by_serial) == sorted([first.serial, second.serial])
    assert by_serial[first.serial].snapshot.progress == 20
    assert [event.kind for event in by_serial[first.serial].events] == [PRINT_START]
    assert by_serial[second.serial].snapshot.progress == 50


class FailingSink(InMemorySink):
    """A database that is down for the first `failures` writes."""

    def __init__(self, failures):
        super().__init__()
        self.failures = failures

    def save(self, updates):
        if self.failures:
            self.failures -= 1
            raise ConnectionError("database is down")
        super().save(updates)


def test_a_sink_that_fails_loses_nothing(printers, listen, clock):
    printer = printers("ha-bambulab_MOCK-A1")
    sink = FailingSink(failures=2)
    listener = listen([lan(printer)], sink=sink)
    pump(listener, lambda: listener.stats.sink_failures == 1, what="the first failed write")

    printer.start_print("kept")
    printer.progress(30)
    pump(listener, lambda: listener.stats.reports == 3, what="the deltas")
    clock.advance(1)
    listener.step()
    assert listener.stats.sink_failures == 2 and sink.batches == []
    clock.advance(2)
    listener.step()

    [[update]] = sink.batches
    assert (update.snapshot.progress, update.snapshot.job_name) == (30, "kept")
    assert [event.kind for event in update.events] == [PRINT_START]


def test_printers_added_changed_and_removed_are_followed(printers, listen, clock):
    kept, removed, added = printers(), printers(), printers("ha-bambulab_MOCK-A1")
    endpoints = [lan(kept), lan(removed)]
    sink = InMemorySink()
    listener = listen(lambda: endpoints, sink=sink, refresh_seconds=30)
    pump(listener, lambda: len(sink.latest) == 2, what="two printers")

    endpoints[:] = [lan(kept, access_code="87654321"), lan(added)]
    clock.advance(30)
    pump(listener, lambda: added.serial in sink.latest, what="the added printer")

    assert listener.serials == {kept.serial, added.serial}
    pump(listener, lambda: kept.pushall_requests == 2, what="a reconnect with the new access code")
    assert removed.pushall_requests == 1


def test_the_access_code_is_never_logged_or_shown(printers, listen, caplog):
    printer = printers()
    endpoint = lan(printer, access_code="S3CRET-C0DE")
    sink = InMemorySink()
    with caplog.at_level(logging.DEBUG, logger="printshop.bambu"):
        listener = listen([endpoint], sink=sink)
        wait_for_snapshot(listener, sink, printer)
        listener.close()

    assert "connected to printer" in caplog.text and "CONNECT" in caplog.text
    assert "S3CRET-C0DE" not in caplog.text
    assert "S3CRET-C0DE" not in repr(endpoint) and "S3CRET-C0DE" not in repr(sink.latest)
