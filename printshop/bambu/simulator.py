"""A simulated Bambu Lab printer on a real MQTT broker, for tests and the benchmark.

It publishes where a printer does (`device/{SERIAL}/report`), answers `pushall` on
`device/{SERIAL}/request` with its whole state, and sends P1/A1-style deltas (`msg: 1`, only
what changed) for progress, a print's start, finish or failure, and AMS trays. Its state starts
from one of the real reports in `sample_reports/`.
"""

from __future__ import annotations

import json
import secrets
import threading
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from .client import LAN_USERNAME, report_topic, request_topic
from .reports import merge_report

SAMPLES_DIR = Path(__file__).resolve().parent / "sample_reports"
SAMPLE_NAMES = sorted(path.stem for path in SAMPLES_DIR.glob("*.json"))


def load_sample(name: str) -> dict:
    """A sample as a printer sends it, `{"print": {...}}`; the ha-bambulab mocks wrap it in `pushall`."""
    data = json.loads((SAMPLES_DIR / f"{name}.json").read_text())
    for wrapper in ("pushall", "push_all"):
        if wrapper in data:
            inner = data[wrapper]
            return {"print": inner.get("print", inner)}
    return {"print": data["print"]}


def delta(sequence_id: int, fields: dict) -> dict:
    return {"print": {**fields, "command": "push_status", "msg": 1, "sequence_id": str(sequence_id)}}


def tray_fields(unit: int, tray: int, fields: dict) -> dict:
    """The delta shape of one AMS tray; `fields` empty means the tray was emptied."""
    return {"ams": {"ams": [{"id": str(unit), "tray": [{"id": str(tray), **fields}]}]}}


class SimulatedPrinter:
    def __init__(
        self, serial: str, sample: str, *, host: str, port: int, access_code: str = "12345678", full_reports=False
    ):
        """`full_reports`: publish the whole state on every change, as X1 printers do, not a delta."""
        self.serial = serial
        self.full_reports = full_reports
        self.report = load_sample(sample)
        self.sequence_id = int(self.report["print"].get("sequence_id") or 0)
        self.pushall_requests = 0
        self._job_minutes = 60
        self._subscribed = threading.Event()
        self._host, self._port = host, port
        self._mqtt = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"sim-{serial}-{secrets.token_hex(4)}")
        self._mqtt.username_pw_set(LAN_USERNAME, access_code)
        self._mqtt.on_connect = self._connected
        self._mqtt.on_subscribe = lambda *args: self._subscribed.set()
        self._mqtt.message_callback_add(request_topic(serial), self._request)

    def start(self, timeout: float = 5.0) -> SimulatedPrinter:
        """Connect and wait until requests reach it, so a listener's first pushall is answered."""
        self._mqtt.connect(self._host, self._port)
        self._mqtt.loop_start()
        if not self._subscribed.wait(timeout):
            self.stop()
            raise TimeoutError(f"simulated printer {self.serial} could not subscribe on {self._host}:{self._port}")
        return self

    def stop(self) -> None:
        self._mqtt.disconnect()
        self._mqtt.loop_stop()

    def publish_full(self) -> int:
        """The whole state, as the answer to pushall (and every X1 report); returns its sequence id."""
        self.sequence_id += 1
        state = {**self.report["print"], "command": "push_status", "msg": 0, "sequence_id": str(self.sequence_id)}
        self._publish({"print": state})
        return self.sequence_id

    def publish_delta(self, fields: dict) -> int:
        """Only `fields`, as P1 and A1 printers report; returns the report's sequence id."""
        self.sequence_id += 1
        payload = delta(self.sequence_id, fields)
        self.report = merge_report(self.report, payload)
        if self.full_reports:
            return self.publish_full()
        self._publish(payload)
        return self.sequence_id

    def start_print(self, job_name: str, *, total_layers: int = 100, minutes: int = 60) -> int:
        self._job_minutes = minutes
        return self.publish_delta(
            {
                "gcode_state": "PREPARE",
                "subtask_name": job_name,
                "gcode_file": f"/data/Metadata/{job_name}.gcode",
                "mc_percent": 0,
                "mc_remaining_time": minutes,
                "layer_num": 0,
                "total_layer_num": total_layers,
                "print_error": 0,
                "nozzle_target_temper": 220,
                "bed_target_temper": 60,
            }
        )

    def progress(self, percent: int) -> int:
        """A running print at `percent`, with the layer and remaining time that go with it."""
        total_layers = int(self.report["print"].get("total_layer_num") or 100)
        return self.publish_delta(
            {
                "gcode_state": "RUNNING",
                "mc_percent": percent,
                "mc_remaining_time": self._job_minutes * (100 - percent) // 100,
                "layer_num": total_layers * percent // 100,
                "nozzle_temper": 219.5 + (self.sequence_id % 10) / 10,
                "bed_temper": 60.0,
            }
        )

    def finish(self) -> int:
        return self.publish_delta({"gcode_state": "FINISH", "mc_percent": 100, "mc_remaining_time": 0})

    def fail(self, print_error: int = 0x0300400C) -> int:
        return self.publish_delta({"gcode_state": "FAILED", "print_error": print_error})

    def load_tray(self, unit: int, tray: int, fields: dict) -> int:
        return self.publish_delta(tray_fields(unit, tray, fields))

    def _connected(self, client, userdata, flags, reason_code, properties) -> None:
        client.subscribe(request_topic(self.serial))

    def _request(self, client, userdata, message) -> None:
        try:
            command = json.loads(message.payload).get("pushing", {}).get("command")
        except (ValueError, AttributeError):
            return
        if command == "pushall":
            self.pushall_requests += 1
            self.publish_full()

    def _publish(self, payload: dict) -> None:
        self._mqtt.publish(report_topic(self.serial), json.dumps(payload))
