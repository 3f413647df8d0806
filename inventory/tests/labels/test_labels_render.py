"""Label images: sizes as Brother defines them, a QR code that reads back as the row's id, PNG previews."""

import io
import uuid

import pytest
import zxingcpp
from PIL import Image

from config.errors import Refused
from inventory.labels import (
    LocationLabel,
    PartLabel,
    label_size,
    label_sizes,
    render_location_label,
    render_part_label,
)
from inventory.labels.printing import raster_job
from inventory.labels.render import MAX_ENDLESS_DOTS

PART = PartLabel(
    id=str(uuid.UUID("5f0c7a52-8d1e-4c1b-9a57-0c1f8e7d2b34")),
    name="ESP32-S3-WROOM-1-N8R8",
    part_number="C2913202",
    location="Workshop / Shelf A / Drawer 3",
)


def decoded(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize(
    ("size", "dimensions"),
    [
        ("29x90", (991, 306)),  # die-cut: Brother's printable 306 x 991 dots, read along its length
        ("62x29", (696, 271)),  # die-cut wider than long: read across the tape
        ("17x54", (566, 165)),
        ("d24", (236, 236)),  # round: the QR code alone
        ("23x23", (202, 202)),  # square: no room for text beside the code
    ],
)
def test_a_die_cut_preview_has_the_printable_size_of_its_label(size, dimensions):
    preview = Image.open(io.BytesIO(render_part_label(PART, size).png()))

    assert preview.format == "PNG"
    assert preview.size == dimensions


@pytest.mark.parametrize(("size", "across"), [("12", 106), ("29", 306)])
def test_a_label_on_narrow_endless_tape_is_as_tall_as_the_tape_and_as_long_as_its_text(size, across):
    label = render_part_label(PART, size)
    longer = render_part_label(PartLabel(PART.id, PART.name + " with a much longer name"), size)

    assert label.image.height == across == longer.image.height
    assert longer.image.width > label.image.width
    assert label.rotation == 90


def test_a_label_on_wide_endless_tape_runs_across_it():
    label = render_part_label(PART, "62")

    assert label.image.width == 696  # Brother's printable width of 62 mm tape
    assert label.rotation == 0


@pytest.mark.parametrize("size", ["12", "29", "62", "29x90", "62x29", "17x54", "d24", "102x51"])
def test_the_qr_code_reads_back_as_the_parts_id(size):
    assert decoded(render_part_label(PART, size).image) == [PART.id]


def test_a_location_label_encodes_the_location_id():
    location = LocationLabel(id="1b7d0a8e-5bd9-4c5e-8a0f-3f1a2b4c5d6e", name="Drawer 3", path="Workshop / Shelf A")

    label = render_location_label(location, "29x90")

    assert label.qr_data == location.id
    assert decoded(label.image) == [location.id]


def test_very_long_text_keeps_the_label_size_and_its_qr_code():
    part = PartLabel(PART.id, "R" * 5000, "C" * 5000, "L" * 5000)

    die_cut = render_part_label(part, "29x90")
    endless = render_part_label(part, "12")

    assert die_cut.image.size == (991, 306)
    assert endless.image.size == (MAX_ENDLESS_DOTS, 106)
    assert decoded(die_cut.image) == [PART.id] == decoded(endless.image)


def test_a_label_with_only_a_name():
    label = render_part_label(PartLabel(id="42", name="M3 washer"), "29x90")

    assert decoded(label.image) == ["42"]
    assert label.image.getbbox() is not None


def test_an_unknown_label_size_is_refused_with_the_known_ones():
    with pytest.raises(Refused) as refused:
        render_part_label(PART, "A4")

    assert (refused.value.problems[0].field, refused.value.code) == ("label_size", "unknown_label")
    assert "62, " in refused.value.message and "29x90" in refused.value.message


def test_label_sizes_are_brothers():
    sizes = {size.identifier: size for size in label_sizes()}

    assert {"12", "29", "62", "62red", "29x90", "62x29", "d24"} <= set(sizes)
    assert sizes["29x90"].as_dict() == {
        "identifier": "29x90",
        "name": "29mm x 90mm die-cut",
        "shape": "die-cut",
        "tape_mm": [29, 90],
        "printable_dots": [306, 991],
        "two_color": False,
    }
    assert label_size("29X90") == sizes["29x90"]
    assert sizes["62red"].two_color and sizes["102"].only_for_models


@pytest.mark.parametrize("size", [size.identifier for size in label_sizes() if size.identifier != "d12"])
def test_every_brother_label_size_renders_a_readable_label_that_brother_ql_converts(size):
    label = render_part_label(PART, size)
    model = "QL-1100" if label.size.only_for_models else "QL-820NWB"

    assert decoded(label.image) == [PART.id]
    assert raster_job(label, model).endswith(b"\x1a")


def test_a_label_no_printer_feeds_is_refused_before_conversion():
    label = render_part_label(PART, "d12")  # 94 dots long; every QL model feeds at least 150

    assert decoded(label.image) == [PART.id]
    with pytest.raises(Refused) as refused:
        raster_job(label, "QL-820NWB")
    assert refused.value.code == "label_not_for_model"
