"""Printing: printer settings checked, a valid Brother QL raster job, sent over TCP or to a file."""

import socket
import struct
import threading

import pytest
from brother_ql.models import ModelsManager
from brother_ql.reader import chunker

from config.errors import Refused, Unavailable
from inventory.labels import PartLabel, PrinterConfig, print_label, raster_job, render_part_label

PART = PartLabel(id="5f0c7a52-8d1e-4c1b-9a57-0c1f8e7d2b34", name="AMS1117-3.3", part_number="C6186", location="Bin 4")

INITIALIZE = b"\x1b\x40"
SWITCH_TO_RASTER = b"\x1b\x69\x61\x01"
MEDIA_AND_QUALITY = b"\x1b\x69\x7a"
COMPRESSION = b"\x4d\x02"
PRINT_LAST_PAGE = b"\x1a"


def assert_valid_raster_job(job: bytes, model: str, *, rows: int, media: tuple[int, int, int]) -> None:
    """A job as Brother's raster command reference describes it, for one page of `rows` raster lines."""
    printer = ModelsManager()[model]
    # brother_ql sends the mode switch once before the invalidate too, to models that have one.
    body = job.removeprefix(SWITCH_TO_RASTER) if printer.mode_setting else job
    assert body.startswith(b"\x00" * printer.num_invalidate_bytes + INITIALIZE)
    assert body[printer.num_invalidate_bytes - 1 : printer.num_invalidate_bytes + 1] == b"\x00\x1b"
    instructions = chunker(job, raise_exception=True)  # every byte belongs to a known command
    raster_lines = [chunk for chunk in instructions if chunk[:1] == b"g"]
    assert len(raster_lines) == rows
    assert all(len(line) == 3 + line[2] for line in raster_lines)
    (media_command,) = [chunk for chunk in instructions if chunk.startswith(MEDIA_AND_QUALITY)]
    media_type, width_mm, length_mm = media_command[4:7]
    assert (media_type, width_mm, length_mm) == media
    assert struct.unpack("<L", media_command[7:11])[0] == rows
    assert (COMPRESSION in instructions) == printer.compression
    assert job.endswith(PRINT_LAST_PAGE)
    assert [chunk for chunk in instructions if chunk in (b"\x1a", b"\x0c")] == [PRINT_LAST_PAGE]


class FakePrinter:
    """A printer's port 9100 on loopback: takes one connection and keeps every byte sent on it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(10)
        self.port = self.server.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self.take_one_job, daemon=True)
        self.thread.start()

    def take_one_job(self):
        try:
            connection, _ = self.server.accept()
        except OSError:  # closed at the end of a test that sent nothing
            return
        with connection:
            connection.settimeout(10)
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        self.received = b"".join(chunks)

    def job(self) -> bytes:
        self.thread.join(timeout=10)
        assert not self.thread.is_alive(), "the printer never saw the end of the job"
        return self.received

    def close(self):
        self.server.close()


@pytest.fixture
def printer():
    fake = FakePrinter()
    yield fake
    fake.close()


@pytest.mark.parametrize("model", ["QL-700", "QL-820NWB", "QL-1100"])
def test_a_die_cut_label_sent_to_a_network_printer_arrives_as_a_valid_raster_job(printer, model):
    config = PrinterConfig(model=model, printer_identifier=f"tcp://127.0.0.1:{printer.port}", label_size="29x90")
    label = render_part_label(PART, config.label_size)

    result = print_label(label, config)

    job = printer.job()
    assert job == raster_job(label, model)
    assert result.as_dict() == {
        "backend": "network",
        "destination": f"tcp://127.0.0.1:{printer.port}",
        "bytes_sent": len(job),
    }
    assert_valid_raster_job(job, model, rows=991, media=(0x0B, 29, 90))


def test_an_endless_label_job_is_as_long_as_the_label(printer):
    config = PrinterConfig(model="QL-810W", printer_identifier=f"tcp://127.0.0.1:{printer.port}", label_size="62")
    label = render_part_label(PART, "62")

    print_label(label, config)

    assert_valid_raster_job(printer.job(), "QL-810W", rows=label.image.height, media=(0x0A, 62, 0))


def test_a_narrow_endless_label_is_turned_to_run_along_the_tape():
    label = render_part_label(PART, "12")

    job = raster_job(label, "QL-700")

    assert_valid_raster_job(job, "QL-700", rows=label.image.width, media=(0x0A, 12, 0))


def test_a_printer_that_does_not_answer_is_unavailable():
    with socket.create_server(("127.0.0.1", 0)) as placeholder:
        port = placeholder.getsockname()[1]
    config = PrinterConfig(model="QL-700", printer_identifier=f"tcp://127.0.0.1:{port}", timeout_seconds=2)

    with pytest.raises(Unavailable) as unavailable:
        print_label(render_part_label(PART, "62"), config)

    assert unavailable.value.code == "printer_unreachable"
    assert f"127.0.0.1:{port} cannot be reached" in unavailable.value.message


def test_a_label_drawn_for_other_labels_than_those_loaded_is_refused():
    config = PrinterConfig(model="QL-700", printer_identifier="tcp://127.0.0.1:9", label_size="62")

    with pytest.raises(Refused) as refused:
        print_label(render_part_label(PART, "29x90"), config)

    assert refused.value.code == "label_mismatch"


def test_the_file_backend_writes_the_job_inside_its_folder(tmp_path):
    target = tmp_path / "labels" / "queue" / "job.bin"
    config = PrinterConfig(model="QL-820NWB", printer_identifier=f"file://{target}", label_size="29x90")
    label = render_part_label(PART, "29x90")

    result = print_label(label, config, file_root=tmp_path / "labels")

    assert target.read_bytes() == raster_job(label, "QL-820NWB")
    assert (result.backend, result.bytes_sent) == ("file", target.stat().st_size)


@pytest.mark.parametrize("relative", ["../escape.bin", "sub/../../escape.bin", "."])
def test_the_file_backend_writes_nothing_outside_its_folder(tmp_path, relative):
    root = tmp_path / "labels"
    root.mkdir()
    config = PrinterConfig(model="QL-700", printer_identifier=f"file://{root}/{relative}")

    with pytest.raises(Refused) as refused:
        print_label(render_part_label(PART, "62"), config, file_root=root)

    assert refused.value.code == "outside_label_folder"
    assert not (tmp_path / "escape.bin").exists()


def test_the_file_backend_is_off_without_a_folder(tmp_path):
    config = PrinterConfig(model="QL-700", printer_identifier=f"file://{tmp_path}/job.bin")

    with pytest.raises(Unavailable) as unavailable:
        print_label(render_part_label(PART, "62"), config)

    assert unavailable.value.setting == "INVENTORY_LABEL_DIR"
    assert not (tmp_path / "job.bin").exists()


def test_a_printer_config_is_normalised_to_brothers_names():
    config = PrinterConfig(model=" ql-820nwb ", printer_identifier="tcp://192.168.1.50", label_size="29X90")

    assert config.as_dict() == {
        "model": "QL-820NWB",
        "backend": "network",
        "printer_identifier": "tcp://192.168.1.50",
        "label_size": "29x90",
        "timeout_seconds": 10.0,
    }
    assert config.destination == ("network", "192.168.1.50:9100")


def test_every_problem_of_a_printer_config_is_named_at_once():
    with pytest.raises(Refused) as refused:
        PrinterConfig(model="QL-9000", printer_identifier="lpt1", label_size="A4", timeout_seconds=0)

    assert set(refused.value.by_field()) == {"model", "printer_identifier", "label_size", "timeout_seconds"}
    assert "QL-820NWB" in refused.value.by_field()["model"][0]


@pytest.mark.parametrize(
    ("model", "size", "code"),
    [
        ("QL-820NWB", "102", "label_not_for_model"),  # 102 mm tape needs a wide-format QL-1000 series
        ("QL-1100", "d24", "label_not_for_model"),  # shorter than the QL-1100 feeds
        ("QL-700", "62red", "two_color"),
    ],
)
def test_a_label_the_model_cannot_print_is_refused(model, size, code):
    with pytest.raises(Refused) as refused:
        PrinterConfig(model=model, printer_identifier="tcp://printer.local", label_size=size)

    assert [(problem.field, problem.code) for problem in refused.value.problems] == [("label_size", code)]


@pytest.mark.parametrize(
    "identifier",
    [
        "printer.local",
        "http://printer.local",
        "tcp://",
        "tcp://printer.local:99999",
        "tcp://printer.local:port",
        "tcp://printer.local/queue",
        "file://relative/path.bin",
        "file:///tmp/a\x00b",
        "",
    ],
)
def test_an_identifier_that_names_no_printer_is_refused(identifier):
    with pytest.raises(Refused) as refused:
        PrinterConfig(model="QL-700", printer_identifier=identifier)

    assert (refused.value.problems[0].field, refused.value.code) == ("printer_identifier", "invalid_identifier")


@pytest.mark.parametrize(
    ("identifier", "destination"),
    [
        ("tcp://printer.local:9101", ("network", "printer.local:9101")),
        ("TCP://10.0.0.7/", ("network", "10.0.0.7:9100")),
        ("tcp://[::1]:9100", ("network", "::1:9100")),
        ("file:///var/spool/labels/next.bin", ("file", "/var/spool/labels/next.bin")),
    ],
)
def test_identifiers_of_each_backend(identifier, destination):
    assert PrinterConfig(model="QL-700", printer_identifier=identifier).destination == destination


def test_printer_config_from_the_spec_body():
    body = {"backend": "network", "printer_identifier": "tcp://10.0.0.7", "model": "QL-800", "dpi": 300}

    assert PrinterConfig.from_dict(body).backend == "network"
    with pytest.raises(Refused) as refused:
        PrinterConfig.from_dict({**body, "backend": "file"})
    assert refused.value.code == "backend_mismatch"
