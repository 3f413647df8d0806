"""Merging, reading and comparing Bambu reports, on the real report payloads (no broker)."""

from datetime import UTC, datetime, timedelta

import pytest

from printshop.bambu.reports import (
    MATERIAL_CHANGE,
    PRINT_COMPLETE,
    PRINT_FAILED,
    PRINT_START,
    PRINTER_OFFLINE,
    PRINTER_ONLINE,
    detect_events,
    is_status_report,
    merge_report,
    read_snapshot,
)
from printshop.bambu.simulator import SAMPLE_NAMES, delta, load_sample, tray_fields

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def snapshot_of(report, at=T0):
    return read_snapshot("01P00A000000001", report, reported_at=at)


def test_a_p1s_report_while_printing_reads_as_the_dashboard_needs():
    snapshot = snapshot_of(load_sample("composed-p1s-printing"))

    assert (snapshot.status, snapshot.gcode_state, snapshot.online) == ("printing", "RUNNING", True)
    assert (snapshot.progress, snapshot.remaining_minutes, snapshot.remaining_seconds) == (46, 37, 37 * 60)
    assert (snapshot.nozzle_temp, snapshot.bed_temp, snapshot.chamber_temp) == (219.8, 60.1, 31.0)
    assert (snapshot.nozzle_target_temp, snapshot.bed_target_temp) == (220.0, 60.0)
    assert (snapshot.layer, snapshot.total_layers) == (52, 120)
    assert snapshot.job_name == "ORD-1042_bracket_v3"
    assert snapshot.file_name == "/data/Metadata/plate_1.gcode"
    assert (snapshot.print_error, snapshot.hms, snapshot.has_errors) == ("", (), False)
    assert snapshot.sequence_id == "20417"
    assert snapshot.active_slot == 1


def test_ams_trays_become_material_slots_numbered_from_one():
    materials = {m.slot: m for m in snapshot_of(load_sample("composed-p1s-printing")).materials}

    assert sorted(materials) == [1, 2, 3, 4]  # the external holder is empty (tray_type "")
    orange = materials[1]
    assert (orange.ams_unit, orange.tray, orange.loaded) == (0, 0, True)
    assert (orange.material_type, orange.color, orange.color_rgba) == ("PLA", "#FF6A13", "FF6A13FF")
    assert (orange.remaining_pct, orange.brand, orange.filament_id) == (73, "PLA Basic", "GFA00")
    assert (orange.spool_weight_grams, orange.rfid_tagged) == (1000, True)
    assert orange.tray_uuid == "3F1A9C0D5E7B4A2C9D8E1F0A2B3C4D5E"
    untagged = materials[2]
    assert (untagged.material_type, untagged.color, untagged.remaining_pct) == ("PETG", "#1F4E9C", None)
    assert (untagged.rfid_tagged, untagged.tray_uuid, untagged.spool_weight_grams) == (False, "", None)
    assert materials[3].loaded is False and materials[3].material_type == ""
    assert (materials[4].color, materials[4].remaining_pct) == ("#000000", 12)


def test_four_ams_units_an_ams_ht_and_new_firmware_chamber_sensor():
    snapshot = snapshot_of(load_sample("ha-bambulab_MOCK-X1CMULTIAMS"))
    materials = {m.slot: m for m in snapshot.materials}

    assert sorted(materials) == [*range(1, 13), 129]
    assert (materials[5].ams_unit, materials[5].tray, materials[5].material_type) == (1, 0, "ABS")
    assert (materials[129].ams_unit, materials[129].material_type, materials[129].brand) == (128, "PA-CF", "PAHT-CF")
    assert materials[9].loaded is False
    assert snapshot.chamber_temp == 25.0  # device.ctc.info.temp: this report has no chamber_temper
    assert (snapshot.status, snapshot.job_name, snapshot.active_slot) == (
        "finished",
        "Garden Hose Healer: Male fitting",
        None,
    )


@pytest.mark.parametrize(
    ("sample", "status", "job_name", "external"),
    [
        ("ha-bambulab_MOCK-A1", "idle", "", ("PLA", "#FFFFFF")),
        ("ha-bambulab_MOCK-P1PNOAMS", "finished", "sensor_altanlås_v2_v3", ("PETG", "#BCBCBC")),
        ("ha-bambulab_P1P", "failed", "Fidget Collection", ("PLA", "#161616")),
        ("openbambuapi_pushall_report_x1", "idle", "", None),
    ],
)
def test_every_sample_reads_with_its_state_job_and_external_spool(sample, status, job_name, external):
    snapshot = snapshot_of(load_sample(sample))

    assert (snapshot.status, snapshot.job_name) == (status, job_name)
    spool = snapshot.material_in(0)
    assert (spool and (spool.material_type, spool.color)) == (external or None)
    if spool:
        assert spool.remaining_pct is None  # untagged spool on the holder reads 0: unknown, not empty


def test_every_sample_is_a_status_report_and_reads_without_error():
    for name in SAMPLE_NAMES:
        payload = load_sample(name)
        assert is_status_report(payload), name
        assert snapshot_of(merge_report(None, payload)).status != "unknown", name


def test_command_echoes_and_other_messages_are_not_status_reports():
    assert not is_status_report({"print": {"command": "project_file", "param": "Metadata/plate_1.gcode"}})
    assert not is_status_report({"info": {"command": "get_version", "module": []}})
    assert not is_status_report({"print": "RUNNING"})
    assert not is_status_report([1, 2])


def test_a_p1_delta_changes_only_what_it_names():
    full = load_sample("composed-p1s-printing")
    merged = merge_report(full, delta(20418, {"mc_percent": 47, "mc_remaining_time": 36, "layer_num": 53}))
    snapshot = snapshot_of(merged)

    assert (snapshot.progress, snapshot.remaining_minutes, snapshot.layer) == (47, 36, 53)
    assert (snapshot.nozzle_temp, snapshot.job_name, snapshot.total_layers) == (219.8, "ORD-1042_bracket_v3", 120)
    assert len(snapshot.materials) == 4
    assert merged["print"]["sequence_id"] == "20418"
    assert full["print"]["mc_percent"] == 46  # the report it came from is untouched


def test_a_delta_merges_nested_objects_and_keeps_untouched_subtrees_shared():
    full = load_sample("composed-p1s-printing")
    merged = merge_report(full, delta(1, {"ipcam": {"timelapse": "enable"}, "online": {"rfid": True}}))

    assert merged["print"]["ipcam"] == {**full["print"]["ipcam"], "timelapse": "enable"}
    assert merged["print"]["online"]["version"] == 7
    assert merged["print"]["upgrade_state"] is full["print"]["upgrade_state"]
    assert full["print"]["ipcam"]["timelapse"] == "disable"


def test_an_ams_delta_merges_trays_by_id_within_units_by_id():
    full = load_sample("composed-p1s-printing")
    merged = merge_report(full, delta(1, tray_fields(0, 3, {"remain": 9})))
    materials = {m.slot: m for m in snapshot_of(merged).materials}

    assert materials[4].remaining_pct == 9
    assert (materials[4].material_type, materials[4].color) == ("PLA", "#000000")
    assert materials[1].remaining_pct == 73 and materials[2].material_type == "PETG"
    assert merged["print"]["ams"]["tray_now"] == "0"


def test_a_tray_sent_as_its_id_alone_was_emptied():
    full = load_sample("composed-p1s-printing")
    merged = merge_report(full, delta(1, tray_fields(0, 0, {})))

    assert snapshot_of(merged).material_in(1).loaded is False
    assert snapshot_of(merged).material_in(4).loaded is True


def test_a_new_spool_in_an_empty_tray_is_loaded():
    full = load_sample("composed-p1s-printing")
    tpu = {"tray_type": "TPU", "tray_color": "00FF00FF", "remain": -1}
    merged = merge_report(full, delta(1, tray_fields(0, 2, tpu)))

    slot = snapshot_of(merged).material_in(3)
    assert (slot.loaded, slot.material_type, slot.color, slot.remaining_pct) == (True, "TPU", "#00FF00", None)


def test_lists_without_ids_are_replaced_not_merged():
    full = merge_report(None, delta(1, {"hms": [{"attr": 0x03000100, "code": 0x00010007}]}))
    merged = merge_report(full, delta(2, {"hms": []}))

    assert snapshot_of(full).hms[0].code == "0300_0100_0001_0007"
    assert snapshot_of(full).hms[0].wiki_url.endswith("/hmscode/0300_0100_0001_0007")
    assert snapshot_of(merged).hms == ()


def test_a_full_report_replaces_the_state_instead_of_merging():
    merged = merge_report(load_sample("composed-p1s-printing"), delta(1, {"stale_key": 1}))
    replaced = merge_report(merged, load_sample("ha-bambulab_MOCK-A1"))

    assert "stale_key" not in replaced["print"]
    assert snapshot_of(replaced).status == "idle"


def test_errors_read_as_bambu_codes():
    snapshot = snapshot_of(merge_report(load_sample("composed-p1s-printing"), delta(1, {"print_error": 0x0300400C})))
    assert (snapshot.print_error, snapshot.has_errors) == ("0300_400C", True)


@pytest.mark.parametrize("junk", ["abc", None, [], {}, True, "nan", float("inf")])
def test_malformed_values_read_as_unknown_never_raise(junk):
    report = delta(1, {key: junk for key in ("mc_percent", "mc_remaining_time", "nozzle_temper", "layer_num", "hms")})
    report["print"]["ams"] = {"ams": [{"id": junk, "tray": junk}, junk], "tray_now": junk}
    snapshot = snapshot_of(report)
    assert (snapshot.progress, snapshot.remaining_minutes, snapshot.nozzle_temp, snapshot.layer) == (None,) * 4
    assert (snapshot.materials, snapshot.hms) == ((), ())


def test_out_of_range_progress_is_clamped():
    assert snapshot_of(delta(1, {"mc_percent": 130, "mc_remaining_time": -5})).progress == 100
    assert snapshot_of(delta(1, {"mc_percent": 130, "mc_remaining_time": -5})).remaining_minutes == 0


def kinds(events):
    return [event.kind for event in events]


def state(report, fields, at=T0):
    return snapshot_of(merge_report(report, delta(1, fields)), at)


IDLE = load_sample("ha-bambulab_MOCK-A1")


def test_the_first_snapshot_of_a_printer_has_no_events():
    assert detect_events(None, snapshot_of(load_sample("composed-p1s-printing"))) == []


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("IDLE", "PREPARE", [PRINT_START]),
        ("FINISH", "RUNNING", [PRINT_START]),
        ("FAILED", "PREPARE", [PRINT_START]),
        ("PREPARE", "RUNNING", []),
        ("RUNNING", "PAUSE", []),
        ("PAUSE", "RUNNING", []),
        ("RUNNING", "FINISH", [PRINT_COMPLETE]),
        ("RUNNING", "FAILED", [PRINT_FAILED]),
        ("PAUSE", "FAILED", [PRINT_FAILED]),
        ("FINISH", "FINISH", []),
        ("FINISH", "IDLE", []),
        ("FAILED", "FAILED", []),
    ],
)
def test_print_events_follow_gcode_state(before, after, expected):
    job = {"subtask_name": "bracket", "gcode_file": "bracket.gcode"}
    events = detect_events(state(IDLE, {"gcode_state": before, **job}), state(IDLE, {"gcode_state": after, **job}))
    assert kinds(events) == expected


def test_print_events_carry_the_job_and_the_time_of_the_report():
    later = T0 + timedelta(minutes=5)
    before = state(IDLE, {"gcode_state": "RUNNING", "subtask_name": "bracket", "task_id": "77"})
    [event] = detect_events(before, state(IDLE, {"gcode_state": "FINISH", "subtask_name": "bracket"}, later))
    assert (event.kind, event.job_name, event.serial, event.at) == (PRINT_COMPLETE, "bracket", "01P00A000000001", later)


def test_a_new_job_while_the_last_looked_active_is_a_start():
    before = state(IDLE, {"gcode_state": "RUNNING", "subtask_name": "first"})
    events = detect_events(before, state(IDLE, {"gcode_state": "PREPARE", "subtask_name": "second"}))
    assert kinds(events) == [PRINT_START] and events[0].job_name == "second"


def test_swapping_a_spool_is_a_material_change_and_using_one_up_is_not():
    printing = load_sample("composed-p1s-printing")
    before = snapshot_of(printing)
    used = snapshot_of(merge_report(printing, delta(1, tray_fields(0, 0, {"remain": 60}))))
    swapped = snapshot_of(merge_report(printing, delta(1, tray_fields(0, 0, {"tray_color": "FFFFFFFF"}))))
    emptied = snapshot_of(merge_report(printing, delta(1, tray_fields(0, 3, {}))))

    assert detect_events(before, used) == []
    [change] = detect_events(before, swapped)
    assert (change.kind, change.slot) == (MATERIAL_CHANGE, 1)
    assert (change.material_before.color, change.material_after.color) == ("#FF6A13", "#FFFFFF")
    [unloaded] = detect_events(before, emptied)
    assert (unloaded.slot, unloaded.material_before.material_type, unloaded.material_after.loaded) == (4, "PLA", False)


def test_going_offline_and_back_are_events():
    online = snapshot_of(load_sample("composed-p1s-printing"))
    offline = online.offline()

    assert (offline.status, offline.online, offline.is_printing) == ("offline", False, False)
    assert kinds(detect_events(online, offline)) == [PRINTER_OFFLINE]
    assert kinds(detect_events(offline, online)) == [PRINTER_ONLINE]
