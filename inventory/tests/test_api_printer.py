"""Label printing through the API (spec "Printer Management"; issue 11): a part's label reaches a
network printer as a valid Brother QL raster job, and its QR code holds the part's id."""

import io
import socket

import pytest
import zxingcpp
from brother_ql.reader import chunker
from PIL import Image

from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import INVENTORY
from inventory.api import printer_views

from .factories import PartFactory, inventory_admin, make_location, manager, reader
from .labels.test_labels_printing import FakePrinter

pytestmark = pytest.mark.django_db
PRINTER = "/api/inventory/printer"


@pytest.fixture
def printer():
    fake = FakePrinter()
    yield fake
    fake.close()


@pytest.fixture
def configured(printer):
    body = {"model": "QL-820NWB", "printer_identifier": f"tcp://127.0.0.1:{printer.port}", "label_size": "29x90"}
    response = client_for(inventory_admin()).post(f"{PRINTER}/config", body, format="json")
    assert response.status_code == 200, response.content
    return printer


@hand_tested(
    printer_views.PrintLabelView,
    printer_views.PrintQrView,
    printer_views.PreviewLabelView,
    printer_views.PrinterConfigView,
    printer_views.CurrentPrinterView,
    why="one printer for the inventory; labels go to a loopback printer, no rows in the path",
)
class TestPrinter:
    def test_a_parts_label_reaches_the_printer_as_a_raster_job(self, configured):
        part = PartFactory(part_name="RP2040", part_number="C2040", location=make_location("Drawer 3"))
        response = client_for(reader()).post(f"{PRINTER}/print_label", {"part_id": str(part.pk)}, format="json")
        data = INVENTORY.record(response)
        job = configured.job()
        assert data["bytes_sent"] == len(job) > 1000
        commands = chunker(job, raise_exception=True)  # every byte is a Brother raster command
        assert b"\x1b@" in commands and commands[-1] == b"\x1a"  # initialise ... print
        assert sum(command[:1] == b"g" for command in commands) > 100  # raster lines

    def test_the_spec_body_with_a_part_object_works_too(self, configured):
        part = PartFactory()
        body = {"part": {"id": str(part.pk), "part_name": part.part_name}, "label_size": "29x90"}
        assert client_for(reader()).post(f"{PRINTER}/print_qr", body, format="json").status_code == 200
        assert configured.job().endswith(b"\x1a")

    def test_the_preview_is_a_png_whose_qr_code_is_the_parts_id(self, configured):
        part = PartFactory()
        response = client_for(reader()).post(f"{PRINTER}/preview_label", {"part_id": str(part.pk)}, format="json")
        assert response["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(response.content))
        assert [code.text for code in zxingcpp.read_barcodes(image)] == [str(part.pk)]

    def test_a_location_can_be_labelled(self, configured):
        drawer = make_location("Drawer 1", parent=make_location("Cabinet A"))
        response = client_for(reader()).post(f"{PRINTER}/print_label", {"location_id": str(drawer.pk)}, format="json")
        assert response.status_code == 200 and configured.job().endswith(b"\x1a")

    def test_the_current_printer_is_shown_without_surprises(self, configured):
        current = INVENTORY.record(client_for(reader()).get(f"{PRINTER}/current_printer"))
        assert current["model"] == "QL-820NWB" and current["label_size"] == "29x90"

    def test_a_bad_config_names_every_wrong_field_and_keeps_the_old_one(self, configured):
        body = {"model": "QL-9999", "printer_identifier": "ftp://x", "label_size": "29x90"}
        response = client_for(inventory_admin()).post(f"{PRINTER}/config", body, format="json")
        INVENTORY.assert_error(response, 422)
        fields = {error["field"] for error in response.json()["data"]}
        assert {"model", "printer_identifier"} <= fields
        assert INVENTORY.record(client_for(reader()).get(f"{PRINTER}/current_printer"))["model"] == "QL-820NWB"

    def test_only_admins_configure_the_printer(self, printer):
        body = {"model": "QL-700", "printer_identifier": f"tcp://127.0.0.1:{printer.port}"}
        INVENTORY.assert_error(client_for(manager()).post(f"{PRINTER}/config", body, format="json"), 403)

    def test_without_a_printer_printing_is_503_saying_what_to_do(self):
        part = PartFactory()
        response = client_for(reader()).post(f"{PRINTER}/print_label", {"part_id": str(part.pk)}, format="json")
        assert "POST /printer/config" in INVENTORY.assert_error(response, 503)["message"]

    def test_an_unknown_part_is_404(self, configured):
        body = {"part_id": "00000000-0000-0000-0000-000000000000"}
        INVENTORY.assert_error(client_for(reader()).post(f"{PRINTER}/print_label", body, format="json"), 404)

    def test_a_printer_that_is_down_is_503_and_nothing_breaks(self):
        with socket.socket() as unused:  # a port nothing listens on
            unused.bind(("127.0.0.1", 0))
            port = unused.getsockname()[1]
        body = {"model": "QL-700", "printer_identifier": f"tcp://127.0.0.1:{port}", "timeout_seconds": 1}
        client_for(inventory_admin()).post(f"{PRINTER}/config", body, format="json")
        part = PartFactory()
        response = client_for(reader()).post(f"{PRINTER}/print_label", {"part_id": str(part.pk)}, format="json")
        assert "cannot be reached" in INVENTORY.assert_error(response, 503)["message"]
