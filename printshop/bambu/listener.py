"""The printer listener: one MQTT connection per printer, merged reports handed to a sink in batches.

Runs as its own long-lived process (`manage.py listen_printers`, docs/printshop-bambu.md). Each
printer's client thread only queues raw payloads; this loop, on one thread, parses and merges them,
reads snapshots, detects events, and hands the sink at most one update per printer per batch, so
a sink that writes one transaction per batch keeps up with many printers on one core. A sink that
fails keeps its updates pending (newer snapshots replace older ones, events add up) and is retried.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from .client import PrinterClient, PrinterEndpoint
from .reports import (
    PRINTER_OFFLINE,
    PrinterEvent,
    PrinterSnapshot,
    detect_events,
    is_status_report,
    merge_report,
    read_snapshot,
)

logger = logging.getLogger(__name__)

MAX_SINK_RETRY = timedelta(seconds=30)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PrinterUpdate:
    """A printer's latest merged report and snapshot, with every event since the last saved update."""

    serial: str
    report: dict
    snapshot: PrinterSnapshot
    events: tuple[PrinterEvent, ...] = ()


class ReportSink(Protocol):
    """Where updates go: the printshop's Printer rows, the queue, notifications.

    `save` gets at most one update per printer per call and should write them in one transaction.
    Raising keeps the updates pending; the listener retries them with back-off, merged with newer ones.
    """

    def save(self, updates: Sequence[PrinterUpdate]) -> None: ...


class PrinterClientLike(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...

    def request_full_report(self) -> None: ...


ClientFactory = Callable[[PrinterEndpoint, Callable[[str, bytes], None]], PrinterClientLike]


class InMemorySink:
    """Keeps every batch and the latest update per printer; for tests and the benchmark."""

    def __init__(self):
        self.batches: list[list[PrinterUpdate]] = []
        self.latest: dict[str, PrinterUpdate] = {}
        self.events: list[PrinterEvent] = []

    def save(self, updates: Sequence[PrinterUpdate]) -> None:
        self.batches.append(list(updates))
        for update in updates:
            self.latest[update.serial] = update
            self.events.extend(update.events)


@dataclass
class _Printer:
    endpoint: PrinterEndpoint
    client: PrinterClientLike
    report: dict | None
    snapshot: PrinterSnapshot | None
    last_seen: datetime
    last_full_request: datetime


@dataclass
class ListenerStats:
    reports: int = 0
    ignored: int = 0
    batches: int = 0
    sink_failures: int = 0


class PrinterListener:
    def __init__(
        self,
        printer_source: Callable[[], Iterable[PrinterEndpoint]],
        sink: ReportSink,
        *,
        client_factory: ClientFactory | None = None,
        clock: Callable[[], datetime] = utc_now,
        offline_after_seconds: float = 60,
        batch_seconds: float = 0.5,
        pushall_seconds: float = 300,
        refresh_seconds: float = 30,
    ):
        self._printer_source = printer_source
        self._sink = sink
        self._client_factory = client_factory or (lambda endpoint, on_report: PrinterClient(endpoint, on_report))
        self._clock = clock
        self._offline_after = timedelta(seconds=offline_after_seconds)
        self._batch = timedelta(seconds=batch_seconds)
        self._pushall_every = timedelta(seconds=pushall_seconds)
        self._refresh_every = timedelta(seconds=refresh_seconds)
        self._inbox: queue.SimpleQueue[tuple[str, bytes]] = queue.SimpleQueue()
        self._printers: dict[str, _Printer] = {}
        self._pending: dict[str, PrinterUpdate] = {}
        self._flush_due: datetime | None = None
        self._sink_retry = timedelta(0)
        self._offline: set[str] = set()
        self._next_refresh = self._clock()
        self.stats = ListenerStats()

    @property
    def serials(self) -> set[str]:
        return set(self._printers)

    def run(self, stop: threading.Event, *, poll_seconds: float = 0.25) -> None:
        """Listen until `stop` is set, then save what is pending and disconnect."""
        try:
            while not stop.is_set():
                self.step(wait_seconds=self._wait_seconds(poll_seconds))
        finally:
            self.close()

    def step(self, wait_seconds: float = 0.0) -> None:
        """Handle the reports that arrive within `wait_seconds` and all queued ones, then what is due."""
        if self._clock() >= self._next_refresh:
            self.refresh_printers()
        try:
            first = self._inbox.get(timeout=wait_seconds) if wait_seconds > 0 else self._inbox.get_nowait()
        except queue.Empty:
            first = None
        if first is not None:
            self._handle(*first)
        while True:
            try:
                self._handle(*self._inbox.get_nowait())
            except queue.Empty:
                break
        now = self._clock()
        self._mark_silent_offline(now)
        self._request_due_full_reports(now)
        if self._flush_due is not None and now >= self._flush_due:
            self.flush()

    def refresh_printers(self) -> None:
        """Connect printers that were added or changed (address, access code), drop removed ones."""
        now = self._clock()
        self._next_refresh = now + self._refresh_every
        try:
            wanted = {endpoint.serial: endpoint for endpoint in self._printer_source()}
        except Exception:
            # The source is the database; keep the printers we have and try again at the next refresh.
            logger.exception("could not read the printer list; keeping %d printers", len(self._printers))
            return
        for serial in self._printers.keys() - wanted.keys():
            logger.info("printer %s removed; disconnecting", serial)
            self._printers.pop(serial).client.stop()
            self._offline.discard(serial)
        for serial, endpoint in wanted.items():
            known = self._printers.get(serial)
            if known is not None and known.endpoint == endpoint:
                continue
            if known is not None:
                known.client.stop()
            report = known.report if known is not None else endpoint.last_report
            snapshot = known.snapshot if known is not None else self._stored_snapshot(serial, report, now)
            client = self._client_factory(endpoint, self._receive)
            self._printers[serial] = _Printer(endpoint, client, report, snapshot, last_seen=now, last_full_request=now)
            client.start()

    def flush(self) -> None:
        """Hand everything pending to the sink in one call."""
        if not self._pending:
            self._flush_due = None
            return
        updates = list(self._pending.values())
        try:
            self._sink.save(updates)
        except Exception:
            # The sink is the database; nothing is dropped: the updates stay pending and newer ones merge in.
            self.stats.sink_failures += 1
            self._sink_retry = min(max(self._sink_retry * 2, self._batch, timedelta(seconds=1)), MAX_SINK_RETRY)
            self._flush_due = self._clock() + self._sink_retry
            logger.exception("could not save %d printer updates; retrying in %s", len(updates), self._sink_retry)
            return
        self.stats.batches += 1
        self._sink_retry = timedelta(0)
        self._pending.clear()
        self._flush_due = None

    def close(self) -> None:
        for printer in self._printers.values():
            printer.client.stop()
        self._printers.clear()
        self.flush()

    def _receive(self, serial: str, payload: bytes) -> None:
        """Called on the clients' network threads: only queue."""
        self._inbox.put((serial, payload))

    def _handle(self, serial: str, payload: bytes) -> None:
        printer = self._printers.get(serial)
        if printer is None:
            return
        try:
            message = json.loads(payload)
        except ValueError:
            self.stats.ignored += 1
            logger.warning("printer %s sent a report that is not JSON (%d bytes)", serial, len(payload))
            return
        if not is_status_report(message):
            self.stats.ignored += 1
            return
        now = self._clock()
        printer.report = merge_report(printer.report, message)
        snapshot = read_snapshot(serial, printer.report, reported_at=now)
        events = detect_events(printer.snapshot, snapshot)
        printer.snapshot, printer.last_seen = snapshot, now
        self.stats.reports += 1
        self._offline.discard(serial)
        self._stage(PrinterUpdate(serial, printer.report, snapshot, tuple(events)), now)

    def _mark_silent_offline(self, now: datetime) -> None:
        for serial, printer in self._printers.items():
            if serial in self._offline or now - printer.last_seen < self._offline_after:
                continue
            self._offline.add(serial)
            snapshot = printer.snapshot or read_snapshot(serial, {}, reported_at=printer.last_seen)
            printer.snapshot = snapshot.offline()
            events = (PrinterEvent(PRINTER_OFFLINE, serial, now, job_name=snapshot.job_name, task_id=snapshot.task_id),)
            logger.info("printer %s silent since %s: offline", serial, printer.last_seen.isoformat())
            self._stage(PrinterUpdate(serial, printer.report or {}, printer.snapshot, events), now)

    def _request_due_full_reports(self, now: datetime) -> None:
        """P1 and A1 send deltas; a periodic full report heals anything a lost delta left wrong."""
        for printer in self._printers.values():
            if now - printer.last_full_request >= self._pushall_every:
                printer.last_full_request = now
                printer.client.request_full_report()

    def _stage(self, update: PrinterUpdate, now: datetime) -> None:
        if (earlier := self._pending.get(update.serial)) is not None:
            update = PrinterUpdate(update.serial, update.report, update.snapshot, earlier.events + update.events)
        self._pending[update.serial] = update
        if self._flush_due is None:
            self._flush_due = now + self._batch

    def _wait_seconds(self, poll_seconds: float) -> float:
        if self._flush_due is None:
            return poll_seconds
        return max(0.0, min(poll_seconds, (self._flush_due - self._clock()).total_seconds()))

    @staticmethod
    def _stored_snapshot(serial: str, report: dict | None, now: datetime) -> PrinterSnapshot | None:
        """The state the stored report shows, so a print that ended while we were down is still seen ending."""
        return read_snapshot(serial, report, reported_at=now) if report else None
