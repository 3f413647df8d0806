"""Bambu Lab printer reports: merging deltas, reading a typed snapshot, telling what happened (issue 12).

A printer publishes `{"print": {"command": "push_status", ...}}` on `device/{SERIAL}/report`. The
answer to `pushall` (and every X1 report) is the whole state, `msg: 0`; P1 and A1 printers then send
only what changed (`msg: 1`), so the state is the last full report with every delta merged in.
Pure functions over plain dicts: no MQTT, no Django. Merged reports share unchanged subtrees with
the report they came from and are never mutated; treat them as read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

STATUS_IDLE = "idle"
STATUS_PREPARING = "preparing"
STATUS_PRINTING = "printing"
STATUS_PAUSED = "paused"
STATUS_FINISHED = "finished"
STATUS_FAILED = "failed"
STATUS_OFFLINE = "offline"
STATUS_UNKNOWN = "unknown"

# gcode_state -> the status word of `GET /bambu/printers/:id/status` (the spec shows "printing").
STATUS_BY_GCODE_STATE = {
    "IDLE": STATUS_IDLE,
    "SLICING": STATUS_PREPARING,
    "PREPARE": STATUS_PREPARING,
    "RUNNING": STATUS_PRINTING,
    "PAUSE": STATUS_PAUSED,
    "FINISH": STATUS_FINISHED,
    "FAILED": STATUS_FAILED,
}
ACTIVE_GCODE_STATES = frozenset({"SLICING", "PREPARE", "RUNNING", "PAUSE"})

# Event kinds are the spec's notification switches without `notify_` (notify_print_start, ...).
PRINT_START = "print_start"
PRINT_COMPLETE = "print_complete"
PRINT_FAILED = "print_failed"
MATERIAL_CHANGE = "material_change"
PRINTER_OFFLINE = "printer_offline"
PRINTER_ONLINE = "printer_online"

EXTERNAL_SPOOL_SLOT = 0
FIRST_AMS_HT_UNIT = 128  # AMS HT units are numbered from 128 and hold one tray each
NO_TRAY = {"255"}
EXTERNAL_TRAYS = {"254", "255"}
EMPTY_TAG = "0000000000000000"


def is_status_report(payload: Any) -> bool:
    """A state report, as opposed to the echo of a command (`project_file`, `gcode_line`) or `info`."""
    return (
        isinstance(payload, dict)
        and isinstance(payload.get("print"), dict)
        and payload["print"].get("command") == "push_status"
    )


def merge_report(base: dict | None, payload: dict) -> dict:
    """The printer's state after `payload`: a full report (`msg: 0`) replaces it, a delta merges in."""
    incoming = payload["print"]
    if base is None or incoming.get("msg") == 0:
        return {"print": incoming}
    return {"print": _merge_dicts(base.get("print", {}), incoming)}


def _merge_dicts(old: dict, new: dict) -> dict:
    merged = dict(old)
    for key, value in new.items():
        previous = merged.get(key)
        if isinstance(value, dict) and isinstance(previous, dict):
            merged[key] = _merge_dicts(previous, value)
        elif _is_list_by_id(value) and _is_list_by_id(previous):
            merged[key] = _merge_by_id(previous, value)
        else:
            merged[key] = value
    return merged


def _is_list_by_id(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) and "id" in item for item in value)


def _merge_by_id(old: list[dict], new: list[dict]) -> list[dict]:
    """AMS units and trays: a delta names the ones that changed; the others stay as they were.

    A tray sent as its id alone is empty (that is how full reports say so too), so it replaces
    the old tray instead of merging into it.
    """
    merged = {item["id"]: item for item in old}
    for item in new:
        previous = merged.get(item["id"])
        if previous is None or len(item) == 1:
            merged[item["id"]] = item
        else:
            merged[item["id"]] = _merge_dicts(previous, item)
    return sorted(merged.values(), key=lambda item: _int(item["id"], default=0))


@dataclass(frozen=True)
class MaterialSlot:
    """One AMS tray (or the external spool, slot 0) as the report describes it."""

    slot: int
    ams_unit: int | None
    tray: int | None
    loaded: bool
    material_type: str = ""
    color: str = ""  # "#RRGGBB", as the spec writes colours
    color_rgba: str = ""  # the printer's RRGGBBAA
    remaining_pct: int | None = None  # None when the spool has no RFID tag and the printer cannot tell
    brand: str = ""  # "PLA Basic"; Bambu sends the product line, not the vendor
    filament_id: str = ""  # Bambu's filament preset (GFA00), or the user preset (P8d19ba6)
    spool_weight_grams: int | None = None
    tray_uuid: str = ""
    rfid_tagged: bool = False

    def identity(self) -> tuple:
        """What makes a material change: a different spool or filament, not less of the same."""
        return (self.loaded, self.material_type, self.color_rgba, self.filament_id, self.tray_uuid, self.brand)


@dataclass(frozen=True)
class HmsError:
    """A Health Management System alert, coded as Bambu's wiki writes it (0300_0100_0001_0007)."""

    code: str

    @property
    def wiki_url(self) -> str:
        return f"https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/{self.code}"


@dataclass(frozen=True)
class PrinterSnapshot:
    """What a printer is doing, read from its merged report."""

    serial: str
    reported_at: datetime
    online: bool
    status: str
    gcode_state: str
    job_name: str
    file_name: str
    task_id: str
    progress: int | None
    remaining_minutes: int | None
    nozzle_temp: float | None
    nozzle_target_temp: float | None
    bed_temp: float | None
    bed_target_temp: float | None
    chamber_temp: float | None
    layer: int | None
    total_layers: int | None
    print_error: str  # "" when none, else Bambu's code as 0300_400C
    hms: tuple[HmsError, ...]
    materials: tuple[MaterialSlot, ...]
    active_slot: int | None
    sequence_id: str = ""

    @property
    def remaining_seconds(self) -> int | None:
        return None if self.remaining_minutes is None else self.remaining_minutes * 60

    @property
    def is_printing(self) -> bool:
        return self.online and self.gcode_state in ACTIVE_GCODE_STATES

    @property
    def has_errors(self) -> bool:
        return bool(self.print_error or self.hms)

    def offline(self) -> PrinterSnapshot:
        return replace(self, online=False, status=STATUS_OFFLINE)

    def material_in(self, slot: int) -> MaterialSlot | None:
        return next((material for material in self.materials if material.slot == slot), None)


@dataclass(frozen=True)
class PrinterEvent:
    """Something the print queue and notifications act on, seen between two snapshots."""

    kind: str
    serial: str
    at: datetime
    job_name: str = ""
    task_id: str = ""
    slot: int | None = None
    material_before: MaterialSlot | None = field(default=None, compare=False)
    material_after: MaterialSlot | None = field(default=None, compare=False)


def read_snapshot(serial: str, report: dict, *, reported_at: datetime) -> PrinterSnapshot:
    """The typed status of a merged report. Missing or malformed fields read as None, never raise."""
    state = report.get("print", {})
    gcode_state = str(state.get("gcode_state") or "").upper()
    return PrinterSnapshot(
        serial=serial,
        reported_at=reported_at,
        online=True,
        status=STATUS_BY_GCODE_STATE.get(gcode_state, STATUS_UNKNOWN),
        gcode_state=gcode_state,
        job_name=_job_name(state),
        file_name=str(state.get("gcode_file") or ""),
        task_id=str(state.get("task_id") or ""),
        progress=_bounded(_int(state.get("mc_percent")), 0, 100),
        remaining_minutes=_bounded(_int(state.get("mc_remaining_time")), 0, None),
        nozzle_temp=_float(state.get("nozzle_temper")),
        nozzle_target_temp=_float(state.get("nozzle_target_temper")),
        bed_temp=_float(state.get("bed_temper")),
        bed_target_temp=_float(state.get("bed_target_temper")),
        chamber_temp=_chamber_temp(state),
        layer=_int(state.get("layer_num")),
        total_layers=_int(state.get("total_layer_num")),
        print_error=_error_code(_int(state.get("print_error"), default=0)),
        hms=tuple(_hms(state.get("hms"))),
        materials=tuple(_materials(state)),
        active_slot=_active_slot(state.get("ams")),
        sequence_id=str(state.get("sequence_id") or ""),
    )


def detect_events(before: PrinterSnapshot | None, after: PrinterSnapshot) -> list[PrinterEvent]:
    """What happened between two snapshots of one printer. Nothing is known to have happened
    before the first one, so a printer first seen printing has not "started" now."""
    if before is None:
        return []
    events = []
    at, serial = after.reported_at, after.serial
    job = {"job_name": after.job_name, "task_id": after.task_id}
    if before.online != after.online:
        events.append(PrinterEvent(PRINTER_ONLINE if after.online else PRINTER_OFFLINE, serial, at, **job))
    if not after.online:
        return events
    was_active = before.gcode_state in ACTIVE_GCODE_STATES
    if after.gcode_state in ACTIVE_GCODE_STATES and (not was_active or _another_job(before, after)):
        events.append(PrinterEvent(PRINT_START, serial, at, **job))
    elif after.gcode_state == "FINISH" and before.gcode_state != "FINISH":
        events.append(PrinterEvent(PRINT_COMPLETE, serial, at, **job))
    elif after.gcode_state == "FAILED" and before.gcode_state != "FAILED":
        events.append(PrinterEvent(PRINT_FAILED, serial, at, **job))
    events.extend(_material_changes(before, after))
    return events


def _another_job(before: PrinterSnapshot, after: PrinterSnapshot) -> bool:
    """A new job that began while the last one still looked active (its end fell between reports)."""
    return (before.job_name, before.task_id, before.file_name) != (after.job_name, after.task_id, after.file_name)


def _material_changes(before: PrinterSnapshot, after: PrinterSnapshot) -> list[PrinterEvent]:
    old = {material.slot: material for material in before.materials}
    new = {material.slot: material for material in after.materials}
    events = []
    for slot in sorted(old.keys() | new.keys()):
        was, now = old.get(slot), new.get(slot)
        if (was.identity() if was else None) != (now.identity() if now else None):
            events.append(
                PrinterEvent(
                    MATERIAL_CHANGE,
                    after.serial,
                    after.reported_at,
                    slot=slot,
                    material_before=was,
                    material_after=now,
                )
            )
    return events


def _job_name(state: dict) -> str:
    if name := str(state.get("subtask_name") or "").strip():
        return name
    file_name = str(state.get("gcode_file") or "").strip()
    return file_name.rsplit("/", 1)[-1]


def _materials(state: dict):
    ams = state.get("ams")
    units = ams.get("ams") if isinstance(ams, dict) else None
    for unit in units if isinstance(units, list) else []:
        unit_id = _int(unit.get("id")) if isinstance(unit, dict) else None
        if unit_id is None or not isinstance(unit.get("tray"), list):
            continue
        for tray in unit["tray"]:
            tray_id = _int(tray.get("id")) if isinstance(tray, dict) else None
            if tray_id is not None:
                yield _material(tray, slot=_slot_number(unit_id, tray_id), ams_unit=unit_id, tray=tray_id)
    external = state.get("vt_tray")
    if isinstance(external, dict) and external.get("tray_type"):
        yield _material(external, slot=EXTERNAL_SPOOL_SLOT, ams_unit=None, tray=None)


def _slot_number(unit: int, tray: int) -> int:
    """Numbered from 1 across units as the printer counts trays in `tray_now` (unit * 4 + tray)."""
    return unit + 1 if unit >= FIRST_AMS_HT_UNIT else unit * 4 + tray + 1


def _material(data: dict, *, slot: int, ams_unit: int | None, tray: int | None) -> MaterialSlot:
    material_type = str(data.get("tray_type") or "")
    if not material_type:
        return MaterialSlot(slot=slot, ams_unit=ams_unit, tray=tray, loaded=False)
    rgba = str(data.get("tray_color") or "").upper()
    remain = _int(data.get("remain"))
    tag = str(data.get("tag_uid") or "")
    uuid = str(data.get("tray_uuid") or "")
    rfid_tagged = bool(tag) and tag != EMPTY_TAG
    return MaterialSlot(
        slot=slot,
        ams_unit=ams_unit,
        tray=tray,
        loaded=True,
        material_type=material_type,
        color=f"#{rgba[:6]}" if len(rgba) >= 6 else "",
        color_rgba=rgba,
        remaining_pct=_remaining(remain, rfid_tagged=rfid_tagged),
        brand=str(data.get("tray_sub_brands") or ""),
        filament_id=str(data.get("tray_info_idx") or ""),
        spool_weight_grams=_int(data.get("tray_weight")) or None,
        tray_uuid=uuid if uuid.strip("0") else "",
        rfid_tagged=rfid_tagged,
    )


def _remaining(remain: int | None, *, rfid_tagged: bool) -> int | None:
    """The printer measures tagged spools; an untagged one reads -1, or 0 on the external holder."""
    if remain is None or remain < 0 or (remain == 0 and not rfid_tagged):
        return None
    return min(100, remain)


def _chamber_temp(state: dict) -> float | None:
    """`chamber_temper`, or on newer X1 and H2D firmware the chamber sensor under `device.ctc`."""
    if "chamber_temper" in state:
        return _float(state["chamber_temper"])
    device = state.get("device")
    ctc = device.get("ctc") if isinstance(device, dict) else None
    info = ctc.get("info") if isinstance(ctc, dict) else None
    value = _int(info.get("temp")) if isinstance(info, dict) else None
    # H2D packs the target into the high 16 bits.
    return None if value is None else float(value & 0xFFFF)


def _active_slot(ams: Any) -> int | None:
    tray_now = str(ams.get("tray_now", "")) if isinstance(ams, dict) else ""
    if tray_now in NO_TRAY or not tray_now:
        return None
    if tray_now in EXTERNAL_TRAYS:
        return EXTERNAL_SPOOL_SLOT
    index = _int(tray_now)
    return None if index is None else index + 1


def _hms(entries: Any):
    for entry in entries if isinstance(entries, list) else []:
        attr = _int(entry.get("attr")) if isinstance(entry, dict) else None
        code = _int(entry.get("code")) if isinstance(entry, dict) else None
        if attr is not None and code is not None:
            yield HmsError(f"{attr >> 16:04X}_{attr & 0xFFFF:04X}_{code >> 16:04X}_{code & 0xFFFF:04X}")


def _error_code(value: int | None) -> str:
    return f"{value >> 16:04X}_{value & 0xFFFF:04X}" if value else ""


def _int(value: Any, default: int | None = None) -> int | None:
    if isinstance(value, bool):
        return default
    try:
        return int(float(value)) if isinstance(value, str) else int(value)
    except (TypeError, ValueError, OverflowError):
        return default


def _float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _bounded(value: int | None, low: int, high: int | None) -> int | None:
    if value is None:
        return None
    return max(low, value if high is None else min(high, value))
