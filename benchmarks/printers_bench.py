"""Printer listener benchmark: 50 simulated printers each reporting once a second through Mosquitto.

    .venv/bin/python benchmarks/printers_bench.py [--printers 50] [--seconds 20] [--full-share 0.2]

The simulated printers run in a child process (their CPU is not counted); this process runs the
listener as `manage.py listen_printers` does, with its default batching, into an in-memory sink
or, with `--sink database`, into the printshop's real sink (`DatabaseSink`: the merged report, AMS
slots and queue written in one transaction per batch) on a throwaway test database (`test_<name>`
on PostgreSQL when DATABASE_URL is set).
Most printers send P1/A1 deltas while printing; `--full-share` of them send the whole report every
second as X1 printers do (the 24 KB four-AMS sample). Prints the report-to-sink lag (p50/p95/max:
from a report's publication to the first batch that holds it or a newer report of that printer)
and the listener's CPU time. Target (issue 12): lag under 1 s on one core.
"""

import argparse
import multiprocessing
import os
import queue
import secrets
import statistics
import sys
import threading
import time
from bisect import bisect_left
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from printshop.bambu.client import LAN_USERNAME, PrinterEndpoint  # noqa: E402
from printshop.bambu.listener import PrinterListener  # noqa: E402
from printshop.bambu.simulator import SimulatedPrinter  # noqa: E402

LAG_TARGET_SECONDS = 1.0


def run_printers(serials, full_share, seconds, host, port, ready, go, results):
    """The child process: connect every printer, wait for `go`, report once a second each, send back times."""
    full_every = round(1 / full_share) if full_share else 0
    printers = []
    for index, serial in enumerate(serials):
        x1 = bool(full_every) and index % full_every == 0
        sample = "ha-bambulab_MOCK-X1CMULTIAMS" if x1 else "ha-bambulab_MOCK-A1"
        printers.append(SimulatedPrinter(serial, sample, host=host, port=port, full_reports=x1).start())
    ready.set()
    go.wait()
    sent = {serial: [] for serial in serials}
    for printer in printers:
        sent_at = time.time()
        sent[printer.serial].append((printer.start_print(f"job-{printer.serial}", minutes=seconds), sent_at))
    start = time.monotonic()
    for tick in range(1, seconds + 1):
        for index, printer in enumerate(printers):
            due = start + tick - 1 + index / len(printers)  # spread over the second, as real printers are
            time.sleep(max(0.0, due - time.monotonic()))
            sent_at = time.time()
            sent[printer.serial].append((printer.progress(min(99, tick * 100 // seconds)), sent_at))
    results.put(sent)
    for printer in printers:
        printer.stop()


class LagSink:
    """Records when each printer's report (by sequence id) reached the sink: after `inner` (the
    database sink) has committed it, when there is one."""

    def __init__(self, inner=None):
        self.inner = inner
        self.saved = {}
        self.batches = 0

    def save(self, updates):
        if self.inner:
            self.inner.save(updates)
        now = time.time()
        self.batches += 1
        for update in updates:
            self.saved.setdefault(update.serial, []).append((int(update.snapshot.sequence_id or 0), now))


def lags(sent, saved):
    """Per published report: the time until the first save of it or of a newer report of its printer."""
    result, missing = [], 0
    for serial, reports in sent.items():
        saves = sorted(saved.get(serial, []))
        sequence_ids = [sequence_id for sequence_id, _ in saves]
        for sequence_id, sent_at in reports:
            position = bisect_left(sequence_ids, sequence_id)
            later = [saved_at for _, saved_at in saves[position:] if saved_at >= sent_at]
            if later:
                result.append(min(later) - sent_at)
            else:
                missing += 1
    return result, missing


def listen(listener, stop, uses_database):
    listener.run(stop)
    if uses_database:  # this thread's connection, so that the test database can be dropped
        from django.db import connections

        connections.close_all()


def database_sink(serials):
    """A throwaway test database holding one owner's printers with these serials, and its real sink."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from django.contrib.auth import get_user_model

    from printshop.services.printers import DatabaseSink, create_printer

    owner = get_user_model().objects.create_user("farm", "farm@example.com", "bench-password-1")
    for serial in serials:
        create_printer(
            owner,
            name=serial,
            connection_type="bambu_lan",
            access_code="12345678",
            serial_number=serial,
            api_url="http://127.0.0.1",
            model="A1",
        )
    print(f"{len(serials)} printers in the {connection.vendor} database {test_db}")
    return DatabaseSink(), lambda: connection.creation.destroy_test_db(test_db, verbosity=0)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--printers", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--full-share", type=float, default=0.2, help="share of printers sending full reports")
    parser.add_argument("--batch-seconds", type=float, default=0.5)
    parser.add_argument("--sink", choices=["memory", "database"], default="memory")
    parser.add_argument("--host", default=os.environ.get("MQTT_TEST_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("MQTT_TEST_PORT", "1883")))
    args = parser.parse_args()

    serials = [f"01PBENCH{secrets.token_hex(3).upper()}{n:03d}" for n in range(args.printers)]
    context = multiprocessing.get_context("spawn")
    ready, go, results = context.Event(), context.Event(), context.Queue()
    child = context.Process(
        target=run_printers, args=(serials, args.full_share, args.seconds, args.host, args.port, ready, go, results)
    )
    child.start()
    if not ready.wait(30):
        sys.exit("the simulated printers could not connect")

    inner, teardown = database_sink(serials) if args.sink == "database" else (None, lambda: None)
    sink = LagSink(inner)
    endpoints = [PrinterEndpoint(s, args.host, args.port, LAN_USERNAME, "12345678", tls=False) for s in serials]
    listener = PrinterListener(lambda: endpoints, sink, batch_seconds=args.batch_seconds)
    stop = threading.Event()
    thread = threading.Thread(target=listen, args=(listener, stop, args.sink == "database"))
    thread.start()
    deadline = time.monotonic() + 30
    while len(sink.saved) < len(serials) and time.monotonic() < deadline:
        time.sleep(0.1)
    print(f"{len(sink.saved)}/{len(serials)} printers answered pushall; publishing for {args.seconds} s")

    reports_before, batches_before = listener.stats.reports, sink.batches
    cpu_before, wall_before = time.process_time(), time.monotonic()
    go.set()
    try:
        sent = results.get(timeout=args.seconds + 60)
    except queue.Empty:
        sys.exit("the simulated printers did not finish")
    time.sleep(args.batch_seconds + 0.5)  # the last reports' batch
    cpu, wall = time.process_time() - cpu_before, time.monotonic() - wall_before
    stop.set()
    thread.join()
    child.join()

    lag, missing = lags(sent, sink.saved)
    published = sum(len(reports) for reports in sent.values())
    handled = listener.stats.reports - reports_before
    teardown()
    print(f"printers {args.printers}, {args.seconds} s, {args.full_share:.0%} sending full reports, {args.sink} sink")
    print(f"reports published {published}, handled {handled}, batches {sink.batches - batches_before}")
    print(f"lag report->sink  p50 {statistics.median(lag) * 1000:6.0f} ms  p95 {percentile(lag, 0.95) * 1000:6.0f} ms")
    print(f"                  max {max(lag) * 1000:6.0f} ms  never saved {missing}")
    print(f"listener CPU {cpu:.2f} s over {wall:.1f} s wall = {cpu / wall:.1%} of one core")
    verdict = "OK" if max(lag) < LAG_TARGET_SECONDS and not missing and cpu / wall < 1 else "MISSED"
    print(f"target: every report saved within {LAG_TARGET_SECONDS:.0f} s on one core: {verdict}")


if __name__ == "__main__":
    main()
