"""`manage.py listen_printers`: the long-lived process that keeps every printer's status (issue 12).

One process for the whole farm, run beside the web and Celery processes (docs/printshop-bambu.md).
It stops cleanly on SIGTERM or Ctrl-C, saving what it has not saved yet.
"""

import signal
import threading
from functools import partial

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils.module_loading import import_string

from printshop.bambu.client import PrinterClient
from printshop.bambu.listener import PrinterListener


class Command(BaseCommand):
    help = "Listen to every Bambu Lab printer over MQTT and hand their merged reports to the report sink."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="dotted path of the printer list (default: BAMBU_PRINTER_SOURCE)")
        parser.add_argument("--sink", help="dotted path of the ReportSink class (default: BAMBU_REPORT_SINK)")

    def handle(self, *args, **options):
        source = self._load(options["source"], "BAMBU_PRINTER_SOURCE", "the printer list")
        sink = self._load(options["sink"], "BAMBU_REPORT_SINK", "the report sink")()
        listener = PrinterListener(
            in_fresh_connection(source),
            SinkInFreshConnection(sink),
            client_factory=partial(
                PrinterClient,
                keepalive=settings.BAMBU_MQTT_KEEPALIVE_SECONDS,
                reconnect_min_seconds=settings.BAMBU_RECONNECT_MIN_SECONDS,
                reconnect_max_seconds=settings.BAMBU_RECONNECT_MAX_SECONDS,
            ),
            offline_after_seconds=settings.BAMBU_OFFLINE_AFTER_SECONDS,
            batch_seconds=settings.BAMBU_BATCH_SECONDS,
            pushall_seconds=settings.BAMBU_PUSHALL_SECONDS,
            refresh_seconds=settings.BAMBU_PRINTER_REFRESH_SECONDS,
        )
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write("Listening to printers; SIGTERM or Ctrl-C stops.")
        try:
            listener.run(stop)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        stats = listener.stats
        self.stdout.write(f"Stopped after {stats.reports} reports in {stats.batches} batches.")

    @staticmethod
    def _load(path, setting, what):
        path = path or getattr(settings, setting)
        if not path:
            raise CommandError(f"{setting} is not set: the listener needs {what} (docs/printshop-bambu.md).")
        try:
            return import_string(path)
        except ImportError as exc:
            raise CommandError(f"{setting}={path} cannot be imported: {exc}") from exc


def in_fresh_connection(call):
    """A process that lives for weeks must not hold a database connection that went stale."""

    def wrapped(*args, **kwargs):
        close_old_connections()
        try:
            return call(*args, **kwargs)
        finally:
            close_old_connections()

    return wrapped


class SinkInFreshConnection:
    def __init__(self, sink):
        self.save = in_fresh_connection(sink.save)
