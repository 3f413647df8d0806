"""Admin pages: parts with their filters, and the location tree writing through the tree service."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.tests.factories import UserFactory

from ..choices import TaskStatus, TaskType
from ..models import Location, Part, SupplierOrder, Task
from ..services import printing
from .factories import CategoryFactory, PartFactory, make_location
from .labels.test_labels_printing import FakePrinter
from .test_api_csv import LCSC, LCSC_NAME
from .test_tree import assert_tree_valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "part/",
        "part/?stock=low",
        "part/?q=resistor",
        "category/",
        "location/",
        "supplierorder/",
        "part/add/",
        "location/add/",
    ],
)
def test_pages_render(admin_client, url):
    cabinet = make_location("Cabinet")
    PartFactory(location=make_location("Drawer", parent=cabinet), categories=[CategoryFactory()], quantity=2)
    SupplierOrder.objects.create(supplier="LCSC", order_number="WM2401")
    assert admin_client.get(f"/admin/inventory/{url}").status_code == 200


def test_search_finds_every_word_in_any_searched_field(admin_client):
    wanted = PartFactory(part_name="Regulator 3V3", description="LDO in SOT-23", supplier="LCSC")
    PartFactory(part_name="Regulator 5V", description="LDO in TO-220", supplier="LCSC")
    PartFactory(part_name="Resistor 10k", description="thick film in SOT-23", supplier="Mouser")
    response = admin_client.get("/admin/inventory/part/?q=regulator sot-23")
    assert list(response.context["cl"].result_list) == [Part.objects.get(pk=wanted.pk)]
    response = admin_client.get("/admin/inventory/part/?q=mouser")
    assert [part.part_name for part in response.context["cl"].result_list] == ["Resistor 10k"]


def test_low_stock_filter(admin_client):
    low, _ = PartFactory(quantity=1), PartFactory(quantity=50)
    response = admin_client.get("/admin/inventory/part/?stock=low")
    assert list(response.context["cl"].result_list) == [Part.objects.get(pk=low.pk)]


def test_adding_a_location_goes_through_the_service(admin_client):
    cabinet = make_location("Cabinet")
    make_location("Drawer", parent=cabinet)
    response = admin_client.post(
        "/admin/inventory/location/add/",
        {"name": "Drawer", "parent": cabinet.pk, "location_type": "drawer", "description": ""},
    )
    assert "A location with this name already exists here" in response.content.decode()  # the form's own check
    assert Location.objects.filter(name="Drawer").count() == 1
    admin_client.post(
        "/admin/inventory/location/add/",
        {"name": "Drawer 2", "parent": cabinet.pk, "location_type": "drawer", "description": ""},
    )
    assert Location.objects.get(name="Drawer 2").parent_id == cabinet.pk
    assert_tree_valid()


def test_drag_and_drop_moves_through_the_service_and_refuses_cycles(admin_client):
    room = make_location("Room")
    cabinet = make_location("Cabinet", parent=room)
    shelf = make_location("Shelf")
    moved = admin_client.post(
        "/admin/inventory/location/",
        {"cmd": "move_node", "cut_item": cabinet.pk, "pasted_on": shelf.pk, "position": "last-child"},
    )
    assert moved.content == b"OK, moved."
    assert Location.objects.get(pk=cabinet.pk).parent_id == shelf.pk
    refused = admin_client.post(
        "/admin/inventory/location/",
        {"cmd": "move_node", "cut_item": shelf.pk, "pasted_on": cabinet.pk, "position": "last-child"},
    )
    assert refused.content.startswith(b"FAIL")
    assert_tree_valid()


def test_deleting_a_location_in_the_admin_keeps_its_parts(admin_client):
    cabinet = make_location("Cabinet")
    part = PartFactory(location=make_location("Drawer", parent=cabinet))
    admin_client.post(f"/admin/inventory/location/{cabinet.pk}/delete/", {"post": "yes"})
    assert not Location.objects.exists()
    assert Part.objects.get(pk=part.pk).location_id is None


class TestLabelActions:
    @pytest.fixture
    def printer(self):
        fake = FakePrinter()
        printing.configure({"model": "QL-820NWB", "printer_identifier": f"tcp://127.0.0.1:{fake.port}"})
        yield fake
        fake.close()

    def test_staff_print_labels_for_selected_parts_and_locations(self, admin_client, printer):
        parts = PartFactory.create_batch(2)
        action = {"action": "print_labels", "_selected_action": [str(part.pk) for part in parts]}
        response = admin_client.post("/admin/inventory/part/", action, follow=True)
        assert "Printed 2 labels." in response.content.decode()
        assert printer.job()  # raster bytes reached the printer
        drawer = make_location("Drawer 9")
        action = {"action": "print_labels", "_selected_action": [str(drawer.pk)]}
        response = admin_client.post("/admin/inventory/location/", action, follow=True)
        assert "Printed 1 label." in response.content.decode()

    def test_without_a_printer_staff_are_told_what_to_do(self, admin_client):
        part = PartFactory()
        action = {"action": "print_labels", "_selected_action": [str(part.pk)]}
        page = admin_client.post("/admin/inventory/part/", action, follow=True).content.decode()
        assert "Printed 0 of 1; then: No label printer is configured yet" in page


class TestSupplierImportFromAdmin:
    def test_staff_upload_an_export_and_follow_it_to_the_result(self, admin_client, django_capture_on_commit_callbacks):
        assert "Импорт заказа поставщика" in admin_client.get("/admin/inventory/part/").content.decode()
        upload = SimpleUploadedFile(LCSC_NAME, LCSC.encode())
        with django_capture_on_commit_callbacks(execute=True):  # the import task runs after commit (eagerly)
            response = admin_client.post("/admin/inventory/part/import/", {"file": upload, "order_number": "WM-9"})
        task = Task.objects.get()
        assert response.status_code == 302 and response["Location"].endswith(f"/import/{task.pk}/")
        page = admin_client.get(response["Location"]).content.decode()
        assert 'data-status="COMPLETED"' in page and 'http-equiv="refresh"' not in page
        assert "<th>Строк заказа</th><td>5</td>" in page and "WM-9" in page
        assert SupplierOrder.objects.get().order_number == "WM-9"

    def test_a_file_that_is_no_export_is_refused_on_the_form_and_nothing_is_queued(self, admin_client):
        upload = SimpleUploadedFile("notes.csv", b"hello,world\n1,2\n")
        response = admin_client.post("/admin/inventory/part/import/", {"file": upload})
        assert response.status_code == 200 and "errorlist" in response.content.decode()
        assert not Task.objects.exists()

    def test_a_running_import_shows_its_progress_and_refreshes(self, admin_client):
        task = Task.objects.create(
            task_type=TaskType.CSV_IMPORT, name="Import x.csv", status=TaskStatus.RUNNING, progress_percentage=40
        )
        page = admin_client.get(f"/admin/inventory/part/import/{task.pk}/").content.decode()
        assert '<progress value="40" max="100">' in page and 'http-equiv="refresh"' in page

    def test_staff_without_the_import_permission_cannot_import(self):
        client = Client()
        client.force_login(UserFactory(is_staff=True))
        assert client.get("/admin/inventory/part/import/").status_code == 403
