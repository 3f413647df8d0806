"""Supplier order imports through the API (spec "CSV Import"; issue 11)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import INVENTORY
from inventory.api import csv_views
from inventory.choices import TaskStatus
from inventory.models import Part, SupplierOrder, SupplierOrderItem, Task

from .factories import PartFactory, manager, reader

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "importers" / "fixtures"
LCSC_NAME = "LCSC_Exported__20241222_232705.csv"
LCSC = (FIXTURES / LCSC_NAME).read_text(encoding="utf-8")
CSV = "/api/inventory/csv"


def post(client, route, body, **kwargs):
    return client.post(f"{CSV}/{route}", body, format=kwargs.pop("format", "json"), **kwargs)


@hand_tested(
    csv_views.SupportedTypesView,
    csv_views.PreviewView,
    csv_views.ParseView,
    csv_views.ImportView,
    csv_views.ImportWithProgressView,
    csv_views.ImportProgressView,
    csv_views.FilenameInfoView,
    csv_views.ParserInfoView,
    csv_views.ConfigView,
    why="supplier files in, spec-shaped bare answers out; no rows named in the path",
)
class TestImport:
    def test_an_lcsc_export_becomes_parts_an_order_and_its_lines(self):
        body = post(client_for(manager()), "import", {"csv_content": LCSC, "filename": LCSC_NAME}).json()
        assert body["success"] is True and body["failed_rows"] == []
        assert body["parts_created"] == Part.objects.count() == 5 and body["parts_updated"] == 0
        order = SupplierOrder.objects.get(pk=body["order_id"])
        assert order.supplier == "LCSC" and order.items.count() == 5
        resistor = Part.objects.get(part_number="C25804")
        assert resistor.quantity == 100 and resistor.supplier == "LCSC"
        assert resistor.additional_properties["manufacturer_part_number"] == "0603WAF1002T5E"
        line = SupplierOrderItem.objects.get(supplier_part_number="C25804")
        assert str(line.unit_price) == "0.000900" and line.part == resistor

    def test_importing_the_same_file_twice_adds_the_quantities_and_records_two_orders(self):
        client = client_for(manager())
        post(client, "import", {"csv_content": LCSC})
        second = post(client, "import", {"csv_content": LCSC}).json()
        assert second["parts_created"] == 0 and second["parts_updated"] == 5
        assert Part.objects.get(part_number="C25804").quantity == 200
        assert SupplierOrder.objects.count() == 2 and SupplierOrderItem.objects.count() == 10

    def test_an_existing_part_of_the_same_name_is_topped_up(self):
        client = client_for(manager())
        parsed = post(client, "parse", {"csv_content": LCSC}).json()
        first = parsed["rows"][0]
        PartFactory(part_name=first["part_name"], quantity=7)
        post(client, "import", {"csv_content": LCSC})
        assert Part.objects.get(part_name=first["part_name"]).quantity == 7 + first["quantity"]

    def test_a_bad_row_is_reported_by_line_and_the_rest_import(self):
        broken = LCSC.replace(",YES,20,5\\5,", ",YES,lots,5\\5,")
        body = post(client_for(manager()), "import", {"csv_content": broken}).json()
        assert [problem["line"] for problem in body["failed_rows"]] == [4]
        assert body["items_imported"] == 4 and Part.objects.count() == 4

    def test_a_file_that_is_no_supported_export_is_422_and_writes_nothing(self):
        response = post(client_for(manager()), "import", {"csv_content": "name,qty\nthing,1\n"})
        INVENTORY.assert_error(response, 422)
        assert not Part.objects.exists() and not SupplierOrder.objects.exists()

    def test_a_mouser_workbook_uploads_as_a_file(self):
        upload = SimpleUploadedFile("mouser_order_history.xls", (FIXTURES / "mouser_order_history.xls").read_bytes())
        body = post(client_for(manager()), "import", {"file": upload}, format="multipart").json()
        assert body["supplier"] == "Mouser" and body["items_imported"] > 0

    def test_the_routes_answer_under_api_too_as_the_original_front_end_calls_them(self):
        response = client_for(manager()).post("/api/inventory/api/csv/preview", {"csv_content": LCSC}, format="json")
        assert response.status_code == 200 and response.json()["detected_parser"] == "lcsc"

    def test_readers_may_not_import(self):
        INVENTORY.assert_error(post(client_for(reader()), "import", {"csv_content": LCSC}), 403)
        assert not Part.objects.exists()

    def test_anonymous_callers_are_401(self):
        INVENTORY.assert_error(post(client_for(), "preview", {"csv_content": LCSC}), 401)


class TestPreviewAndInfo:
    def test_preview_detects_the_supplier_and_shows_the_first_rows(self):
        body = post(client_for(manager()), "preview", {"csv_content": LCSC, "filename": LCSC_NAME}).json()
        assert body["detected_parser"] == "lcsc" and body["total_rows"] == 5 and len(body["preview_rows"]) == 5
        assert body["filename_info"]["order_date"] == "2024-12-22"
        assert not Part.objects.exists()

    def test_filename_info_and_parser_info(self):
        client = client_for(reader())
        info = post(client, "extract-filename-info", {"filename": LCSC_NAME}).json()
        assert info["found"] is True and info["supplier"] == "LCSC"
        assert post(client, "extract-filename-info", {"filename": "notes.txt"}).json() == {"found": False}
        assert client.get(f"{CSV}/parsers/digikey/info").json()["type"] == "digikey"
        INVENTORY.assert_error(client.get(f"{CSV}/parsers/nope/info"), 404)
        names = {parser["type"] for parser in client.get(f"{CSV}/supported-types").json()["supported_types"]}
        assert names == {"lcsc", "digikey", "mouser"}

    def test_the_import_config_is_kept(self):
        client = client_for(manager())
        assert client.get(f"{CSV}/config").json()["download_timeout_seconds"] == 30
        changed = client.put(f"{CSV}/config", {"download_timeout_seconds": 90, "show_progress": False}, format="json")
        assert changed.json()["download_timeout_seconds"] == 90
        config = client_for(reader()).get(f"{CSV}/config").json()
        assert config["show_progress"] is False and config["limits"]["max_rows"] > 0
        INVENTORY.assert_error(client_for(reader()).put(f"{CSV}/config", {"show_progress": True}, format="json"), 403)


class TestImportWithProgress:
    def test_the_import_runs_as_a_task_whose_progress_and_result_are_kept(self, django_capture_on_commit_callbacks):
        client = client_for(manager())
        with django_capture_on_commit_callbacks(execute=True):
            started = post(client, "import/with-progress", {"csv_content": LCSC}).json()
        task = Task.objects.get(pk=started["task_id"])
        assert task.status == TaskStatus.COMPLETED and task.payload == b""
        progress = client.get(f"{CSV}/import/progress").json()
        assert progress["task_id"] == started["task_id"] and progress["progress_percentage"] == 100
        assert progress["result"]["parts_created"] == 5 and Part.objects.count() == 5

    def test_a_file_name_of_any_length_names_the_task_as_far_as_it_fits(self):
        long_name = "lcsc-" + "x" * 246 + ".csv"  # the longest a client may send, 255
        started = post(client_for(manager()), "import/with-progress", {"csv_content": LCSC, "filename": long_name})
        assert started.status_code == 200, started.content
        name = Task.objects.get(pk=started.json()["task_id"]).name
        assert len(name) == 255 and name.startswith("Import lcsc-xxx") and name.endswith("…")

    def test_a_refused_file_is_refused_before_anything_is_queued(self):
        INVENTORY.assert_error(post(client_for(manager()), "import/with-progress", {"csv_content": "a,b\n1,2\n"}), 422)
        assert not Task.objects.exists()

    def test_progress_with_no_import_is_404(self):
        INVENTORY.assert_error(client_for(manager()).get(f"{CSV}/import/progress"), 404)

    def test_each_user_sees_their_own_import(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            post(client_for(manager()), "import/with-progress", {"csv_content": LCSC})
        INVENTORY.assert_error(client_for(manager()).get(f"{CSV}/import/progress"), 404)
