"""Task routes (spec "Task Management" and friends): real work on the worker, one policy on every
creation path, cancel and retry, what each user may see."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from catalog.shop import add_photo
from catalog.tests.shop_factories import ProductFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import INVENTORY
from config.testing.pictures import picture
from files import services as files
from files.models import Image

from ..api import task_views as views
from ..choices import TaskStatus, TaskType
from ..models import Part, SupplierOrder, SupplierOrderItem, Task
from .factories import PartFactory, inventory_admin, make_location, manager, reader

pytestmark = pytest.mark.django_db

TASKS = "/api/inventory/tasks"


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Requests whose tasks run (eagerly) once their transaction commits, as on a worker."""

    def call(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return call


ALL_VIEWS = [
    views.TasksView, views.MyTasksView, views.TaskView, views.CancelTaskView, views.RetryTaskView,
    views.TaskTypesView, views.TaskStatsView, views.WorkerStatusView, views.WorkerStartView, views.WorkerStopView,
    views.SupplierCapabilitiesView, views.SupplierCapabilityView, views.FindCapabilityView,
    views.TaskPermissionsView, views.TaskLimitsView, views.TaskValidateView, *views.QUICK.values(),
]  # fmt: skip


@hand_tested(*ALL_VIEWS, why="tasks are created through a policy and run by handlers; each path is tested here")
class TestTasks:
    def test_a_quick_enrichment_really_asks_the_supplier(self, fake_suppliers, run_now):
        fake_suppliers.add_lcsc("C25804")
        part = PartFactory(part_number="C25804", supplier="LCSC", description="")
        body = {"part_id": str(part.pk), "supplier": "lcsc", "capabilities": ["fetch_datasheet"]}
        task = run_now(client_for(manager()).post, f"{TASKS}/quick/part_enrichment", body, format="json").json()
        assert task["task_type"] == "PART_ENRICHMENT" and task["status"] == "PENDING"
        done = Task.objects.get(pk=task["id"])
        assert done.status == TaskStatus.COMPLETED and done.progress_percentage == 100
        assert done.result_data["supplier_part"]["manufacturer_part_number"] == "0603WAF1002T5E"
        part.refresh_from_db()
        assert part.description.startswith("100mW") and part.additional_properties["enriched_from"] == "LCSC"

    def test_a_supplier_down_is_retried_then_succeeds_or_fails_for_good(self, fake_suppliers, run_now):
        fake_suppliers.add_lcsc("C1")
        part = PartFactory(part_number="C1", supplier="LCSC")
        client = client_for(manager())
        fake_suppliers.fail_next += [503, 503]
        body = {"task_type": "part_enrichment", "input_data": {"part_id": str(part.pk)}, "max_retries": 3}
        first = run_now(client.post, f"{TASKS}/", body, format="json").json()
        assert Task.objects.get(pk=first["id"]).status == TaskStatus.COMPLETED
        assert Task.objects.get(pk=first["id"]).retry_count == 2
        fake_suppliers.fail_next += [503, 503]
        second = run_now(client.post, f"{TASKS}/", {**body, "max_retries": 1}, format="json").json()
        failed = Task.objects.get(pk=second["id"])
        assert failed.status == TaskStatus.FAILED and "busy or down (503)" in failed.error_message

    def test_an_unconfigured_supplier_fails_the_task_saying_what_to_set(self, settings, run_now):
        settings.MOUSER_API_KEY = ""
        part = PartFactory(supplier="Mouser")
        body = {"task_type": "PRICE_UPDATE", "input_data": {"part_id": str(part.pk)}, "max_retries": 0}
        task = run_now(client_for(manager()).post, f"{TASKS}/", body, format="json").json()
        failed = Task.objects.get(pk=task["id"])
        assert failed.status == TaskStatus.FAILED and "set MOUSER_API_KEY" in failed.error_message

    def test_the_policy_holds_on_every_path(self):
        part = PartFactory()
        INVENTORY.assert_error(
            client_for(reader()).post(f"{TASKS}/quick/image_fetch", {"part_id": str(part.pk)}, format="json"), 403
        )
        INVENTORY.assert_error(
            client_for(manager()).post(f"{TASKS}/", {"task_type": "DATABASE_CLEANUP"}, format="json"), 403
        )
        client = client_for(manager())
        for _ in range(2):  # not run: they stay pending, counting as running
            assert client.post(f"{TASKS}/quick/bulk_enrichment", {}, format="json").status_code == 200
        INVENTORY.assert_error(client.post(f"{TASKS}/quick/bulk_enrichment", {}, format="json"), 429)
        INVENTORY.assert_error(client.post(f"{TASKS}/", {"task_type": "bulk_enrichment"}, format="json"), 429)
        INVENTORY.assert_error(client.post(f"{TASKS}/", {"task_type": "CSV_IMPORT"}, format="json"), 422, "task_type")
        INVENTORY.assert_error(client.post(f"{TASKS}/quick/part_enrichment", {"part_id": "nope"}, format="json"), 422)
        valid = client.post(f"{TASKS}/security/validate", {"task_type": "BULK_ENRICHMENT"}, format="json").json()
        assert valid["valid"] is False and "at once" in valid["reason"]

    def test_cancel_retry_and_who_sees_what(self, run_now, django_assert_max_num_queries):
        owner, other, admin = manager(), manager(), inventory_admin()
        pending = client_for(owner).post(f"{TASKS}/", {"task_type": "INVENTORY_AUDIT"}, format="json").json()
        INVENTORY.assert_error(client_for(other).post(f"{TASKS}/{pending['id']}/cancel"), 404)
        INVENTORY.assert_error(client_for(other).get(f"{TASKS}/{pending['id']}"), 404)
        assert client_for(admin).get(f"{TASKS}/{pending['id']}").status_code == 200
        cancelled = client_for(owner).post(f"{TASKS}/{pending['id']}/cancel").json()
        assert cancelled["status"] == "CANCELLED"
        INVENTORY.assert_error(client_for(owner).post(f"{TASKS}/{pending['id']}/cancel"), 409)
        retried = run_now(client_for(owner).post, f"{TASKS}/{pending['id']}/retry").json()
        assert retried["retry_count"] == 1 and Task.objects.get(pk=pending["id"]).status == TaskStatus.COMPLETED
        client_for(other).post(f"{TASKS}/", {"task_type": "INVENTORY_AUDIT"}, format="json")
        owners = client_for(owner)
        with django_assert_max_num_queries(4):  # identity, permissions, COUNT, the page
            mine = owners.get(f"{TASKS}/my").json()
        assert [t["id"] for t in mine["tasks"]] == [pending["id"]]
        INVENTORY.assert_error(owners.post(f"{TASKS}/my", {"task_type": "INVENTORY_AUDIT"}, format="json"), 405)
        assert client_for(owner).get(f"{TASKS}/").json()["total"] == 1
        every = client_for(admin).get(f"{TASKS}/", {"status": "pending,completed", "order_desc": "false"}).json()
        assert every["total"] == 2 and every["tasks"][0]["id"] == pending["id"]
        INVENTORY.assert_error(
            client_for(owner).put(f"{TASKS}/{pending['id']}", {"status": "FAILED"}, format="json"), 403
        )
        changed = client_for(admin).put(f"{TASKS}/{pending['id']}", {"current_step": "Checked by hand"}, format="json")
        assert changed.json()["current_step"] == "Checked by hand"
        assert client_for(owner).get(f"/api/inventory/api/tasks/{pending['id']}").status_code == 200  # the alias

    def test_audit_cleanup_and_backup_do_real_work(self, run_now):
        admin = inventory_admin()
        PartFactory(part_name="Loose", location=None, quantity=0, part_number="DUP")
        PartFactory(part_name="Twin", location=make_location("Shelf"), part_number="DUP")
        make_location("Empty drawer")
        client = client_for(admin)
        audit = run_now(client.post, f"{TASKS}/", {"task_type": "INVENTORY_AUDIT"}, format="json").json()
        result = Task.objects.get(pk=audit["id"]).result_data
        assert result["parts_without_location"] == ["Loose"] and result["parts_out_of_stock"] == ["Loose"]
        assert result["duplicate_part_numbers"] == ["DUP"] and result["empty_locations"] == ["Empty drawer"]

        orphan = files.upload_image(owner=admin, file_name="old.png", content=picture("PNG"))
        product_photo = add_photo(ProductFactory(), owner=admin, file_name="roses.png", content=picture("PNG"))
        Image.objects.filter(pk__in=[orphan.pk, product_photo.image_id]).update(
            uploaded_at=timezone.now() - timedelta(days=2)
        )
        stale = Task.objects.create(task_type=TaskType.PART_ENRICHMENT, name="stuck", status=TaskStatus.RUNNING)
        Task.objects.filter(pk=stale.pk).update(started_at=timezone.now() - timedelta(hours=2))
        cleanup = run_now(client.post, f"{TASKS}/", {"task_type": "DATABASE_CLEANUP"}, format="json").json()
        outcome = Task.objects.get(pk=cleanup["id"]).result_data
        assert outcome["orphaned_images_deleted"] == 1 and outcome["stale_tasks_failed"] == 1
        assert not Image.objects.filter(pk=orphan.pk).exists()
        assert Image.objects.filter(pk=product_photo.image_id).exists()  # a storefront shows it

        backup = run_now(client.post, f"{TASKS}/", {"task_type": "BACKUP_CREATION"}, format="json").json()
        stored = Task.objects.get(pk=backup["id"]).result_data
        assert default_storage.exists(stored["file"]) and stored["size"] > 0

    def test_csv_enrichment_enriches_the_parts_of_an_order(self, fake_suppliers, run_now):
        fake_suppliers.add_lcsc("C2")
        order = SupplierOrder.objects.create(supplier="LCSC")
        for number in ("C2", "C3"):  # C3 is unknown to LCSC: reported, the rest goes on
            SupplierOrderItem.objects.create(order=order, part=PartFactory(part_number=number, supplier="LCSC"))
        task = run_now(
            client_for(manager()).post, f"{TASKS}/quick/csv_enrichment", {"order_id": str(order.pk)}, format="json"
        ).json()
        result = Task.objects.get(pk=task["id"]).result_data
        assert (result["parts"], result["enriched"]) == (2, 1) and "has no part C3" in result["failed"][0]["error"]
        assert Part.objects.get(part_number="C2").additional_properties["enriched_from"] == "LCSC"

    def test_what_the_system_tells_about_itself(self, settings, fake_suppliers):
        client = client_for(manager())
        types = {t["type"] for t in client.get(f"{TASKS}/types/available").json()["task_types"]}
        assert {"PART_ENRICHMENT", "INVENTORY_AUDIT", "BACKUP_CREATION"} <= types
        assert client.get(f"{TASKS}/stats/summary").json()["total_tasks"] == 0
        suppliers = client.get(f"{TASKS}/capabilities/suppliers").json()["suppliers"]
        assert {s["name"] for s in suppliers} == {"lcsc", "digikey", "mouser"} and all(
            s["configured"] for s in suppliers
        )
        assert client.get(f"{TASKS}/capabilities/suppliers/DigiKey").json()["required_settings"] == [
            "DIGIKEY_CLIENT_ID",
            "DIGIKEY_CLIENT_SECRET",
        ]
        assert client.get(f"{TASKS}/capabilities/find/fetch_datasheet").json()["suppliers"] == [
            "lcsc",
            "digikey",
            "mouser",
        ]
        INVENTORY.assert_error(client.get(f"{TASKS}/capabilities/find/teleport"), 404)
        permissions = client.get(f"{TASKS}/security/permissions").json()
        assert (
            "tasks:create" in permissions["permissions"] and "DATABASE_CLEANUP" not in permissions["allowed_task_types"]
        )
        limits = client.get(f"{TASKS}/security/limits").json()["limits"]
        assert limits["BULK_ENRICHMENT"]["running"] == {"used": 0, "limit": 2}
        status = client.get(f"{TASKS}/worker/status").json()
        if settings.CELERY_TASK_ALWAYS_EAGER:
            assert status["mode"] == "eager"
            INVENTORY.assert_error(client_for(inventory_admin()).post(f"{TASKS}/worker/stop"), 503)
        INVENTORY.assert_error(client.post(f"{TASKS}/worker/start"), 403)


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=bogus", "status"),
        ("task_type=PRINT", "task_type"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("order_by=size", "order_by"),
    ],
)
def test_bad_list_filters_are_422(query, field):
    INVENTORY.assert_error(client_for(manager()).get(f"{TASKS}/?{query}"), 422, field)
