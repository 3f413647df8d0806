"""Utility routes: part images, counts, backups, and loading a backup back into an empty inventory."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import INVENTORY
from config.testing.pictures import named_upload, picture
from files.models import Image

from ..api import utility_views as views
from ..models import Category, Location, Part, SupplierOrder, SupplierOrderItem
from .factories import CategoryFactory, PartFactory, inventory_admin, make_location, manager, reader

pytestmark = pytest.mark.django_db

UTILITY = "/api/inventory/utility"
PNG = picture("PNG", (5, 4))


@hand_tested(views.UploadImageView, views.GetImageView, why="multipart upload and binary answers")
class TestImages:
    def test_an_uploaded_picture_is_served_back_by_its_id_with_or_without_extension(self):
        client = client_for(manager())
        response = client.post(f"{UTILITY}/upload_image", {"file": named_upload(PNG, "part.png")}, format="multipart")
        assert response.status_code == INVENTORY.dialect.create_status, response.content
        body = response.json()
        assert body["image_id"] == body["data"]["image_id"]  # the spec's bare field, inside the envelope too
        assert (body["data"]["width"], body["data"]["height"], body["data"]["content_type"]) == (5, 4, "image/png")
        reader_client = client_for(reader())
        for ref in (body["image_id"], f"{body['image_id']}.png"):
            served = reader_client.get(f"{UTILITY}/get_image/{ref}")
            assert served.status_code == 200
            assert served["Content-Type"] == "image/png"
            assert b"".join(served.streaming_content) == PNG
        assert body["data"]["url"] == f"/api/inventory/utility/get_image/{body['image_id']}.png"

    def test_text_named_png_is_422_on_the_file_and_nothing_is_stored(self):
        client = client_for(manager())
        response = client.post(
            f"{UTILITY}/upload_image", {"file": named_upload(b"<svg onload=alert(1)>", "x.png")}, format="multipart"
        )
        INVENTORY.assert_error(response, 422, "file")
        assert not Image.objects.exists()

    def test_a_missing_file_is_422(self):
        response = client_for(manager()).post(f"{UTILITY}/upload_image", {"other": "x"}, format="multipart")
        INVENTORY.assert_error(response, 422, "file")

    def test_a_body_over_the_limit_is_413_before_it_is_read(self, settings):
        client = client_for(manager())
        big = named_upload(b"\x89PNG" + b"0" * (settings.IMAGE_MAX_UPLOAD_BYTES + 100 * 1024), "big.png")
        INVENTORY.assert_error(client.post(f"{UTILITY}/upload_image", {"file": big}, format="multipart"), 413)

    def test_readers_cannot_upload_and_strangers_cannot_read(self):
        INVENTORY.assert_error(
            client_for(reader()).post(
                f"{UTILITY}/upload_image", {"file": named_upload(PNG, "a.png")}, format="multipart"
            ),
            403,
        )
        INVENTORY.assert_error(client_for().get(f"{UTILITY}/get_image/00000000-0000-0000-0000-000000000000"), 401)

    @pytest.mark.parametrize("ref", ["00000000-0000-0000-0000-000000000000.png", "not-an-id", "..%2F..%2Fsettings"])
    def test_an_unknown_image_is_404(self, ref):
        INVENTORY.assert_error(client_for(reader()).get(f"{UTILITY}/get_image/{ref}"), 404)


@hand_tested(views.CountsView, views.BackupStatusView, why="whole-inventory numbers, not rows")
class TestCounts:
    def test_counts_count_everything(self):
        PartFactory.create_batch(12)  # the original capped parts at 10
        CategoryFactory.create_batch(2)
        make_location("Shelf")
        data = INVENTORY.record(client_for(reader()).get(f"{UTILITY}/get_counts"))
        assert data == {"parts": 12, "locations": 1, "categories": 2}

    def test_backup_status_is_for_admins(self):
        PartFactory.create_batch(3)
        INVENTORY.assert_error(client_for(manager()).get(f"{UTILITY}/backup/status"), 403)
        data = INVENTORY.record(client_for(inventory_admin()).get(f"{UTILITY}/backup/status"))
        assert data["parts_count"] == 3 and data["total_records"] == 3
        assert data["database_size"] > 0 and data["last_modified"]


@pytest.fixture
def inventory():
    """A little of everything a backup holds."""
    smd, tht = CategoryFactory(name="SMD"), CategoryFactory(name="THT")
    cabinet = make_location("Cabinet")
    drawer = make_location("Drawer 1", parent=cabinet)
    make_location("Drawer 2", parent=cabinet)
    client = client_for(manager())
    uploaded = client.post(f"{UTILITY}/upload_image", {"file": named_upload(PNG, "r.png")}, format="multipart").json()
    resistor = PartFactory(
        part_name="Resistor 10k",
        location=drawer,
        categories=[smd, tht],
        image_url=uploaded["data"]["url"],
        additional_properties={"tolerance": "1%"},
    )
    PartFactory(part_name="LED red", location=None)
    order = SupplierOrder.objects.create(supplier="LCSC", order_number="WM123", total=Decimal("12.3400"))
    SupplierOrderItem.objects.create(order=order, part=resistor, quantity_ordered=100, unit_price=Decimal("0.0123"))
    return {"image_id": uploaded["image_id"], "resistor": resistor}


def snapshot() -> dict:
    return {
        "categories": sorted(Category.objects.values_list("id", "name")),
        "locations": sorted(Location.objects.values_list("id", "name", "parent_id", "lft", "rght", "tree_id")),
        "parts": sorted(Part.objects.values_list("id", "part_name", "location_id", "image_url")),
        "part_categories": sorted(Part.categories.through.objects.values_list("part_id", "category_id")),
        "orders": sorted(SupplierOrder.objects.values_list("id", "total")),
        "items": sorted(SupplierOrderItem.objects.values_list("id", "part_id", "unit_price")),
        "images": sorted(Image.objects.values_list("id", "image_format", "width")),
    }


def wipe():
    for image in Image.objects.all():
        default_storage.delete(image.file.name)
    for model in (SupplierOrderItem, SupplierOrder, Part, Location, Category, Image):
        model.objects.all().delete()


@hand_tested(views.BackupDownloadView, views.BackupExportView, why="file downloads, proven by loading them back")
class TestBackups:
    def test_a_downloaded_backup_loads_back_into_an_empty_inventory_exactly(self, inventory, tmp_path):
        before = snapshot()
        response = client_for(inventory_admin()).get(f"{UTILITY}/backup/download")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="inventory-backup-')
        path = tmp_path / "backup.zip"
        path.write_bytes(b"".join(response.streaming_content))
        with zipfile.ZipFile(path) as archive:
            assert "inventory.json" in archive.namelist()
            assert sum(name.startswith("images/") for name in archive.namelist()) == 1
        wipe()
        out = io.StringIO()
        call_command("load_inventory_backup", str(path), stdout=out)
        assert snapshot() == before
        assert "images restored: 1" in out.getvalue()
        served = client_for(reader()).get(f"{UTILITY}/get_image/{inventory['image_id']}.png")
        assert b"".join(served.streaming_content) == PNG

    def test_the_json_export_holds_every_record_and_loads_without_image_files(self, inventory, tmp_path):
        response = client_for(inventory_admin()).get(f"{UTILITY}/backup/export")
        assert response["Content-Type"] == "application/json"
        document = json.loads(b"".join(response.streaming_content))
        models = [record["model"] for record in document["records"]]
        assert models.count("inventory.part") == 2 and models.count("inventory.location") == 3
        before = snapshot()
        path = tmp_path / "export.json"
        path.write_bytes(json.dumps(document).encode())
        wipe()
        out = io.StringIO()
        call_command("load_inventory_backup", str(path), stdout=out)
        after = snapshot()
        assert after["images"] == [] and {**after, "images": before["images"]} == before
        assert "1 images listed without their file" in out.getvalue()

    def test_a_backup_never_loads_over_an_inventory(self, inventory, tmp_path):
        response = client_for(inventory_admin()).get(f"{UTILITY}/backup/export")
        path = tmp_path / "export.json"
        path.write_bytes(b"".join(response.streaming_content))
        with pytest.raises(CommandError, match="not empty"):
            call_command("load_inventory_backup", str(path))
        bogus = tmp_path / "bogus.json"
        bogus.write_text('{"format": "something else"}')
        wipe()
        with pytest.raises(CommandError, match="not an inventory backup"):
            call_command("load_inventory_backup", str(bogus))

    def test_backups_are_for_admins(self):
        for route in ("download", "export"):
            INVENTORY.assert_error(client_for(manager()).get(f"{UTILITY}/backup/{route}"), 403)
            INVENTORY.assert_error(client_for().get(f"{UTILITY}/backup/{route}"), 401)

    def test_export_queries_do_not_grow_with_the_inventory(self):
        client, category = client_for(inventory_admin()), CategoryFactory()

        def queries_of_export():
            with CaptureQueriesContext(connection) as context:
                response = client.get(f"{UTILITY}/backup/export")
                b"".join(response.streaming_content)
            return len(context)

        PartFactory.create_batch(3, categories=[category])
        few = queries_of_export()
        PartFactory.create_batch(60, categories=[category], image_url="/no/such/image.png")
        assert queries_of_export() == few
