"""Issue 12 "Staff": spools with a low-stock filter, each printer's queue reordered by priority."""

import pytest

from accounts.tests.factories import UserFactory

from ..choices import PrintStatus
from ..models import Filament, ScheduledPrint
from ..services import queue
from .test_api_printers import add_printer

pytestmark = pytest.mark.django_db


def spool(owner, color, current, threshold=100):
    return Filament.objects.create(
        owner=owner,
        material="PLA",
        color=color,
        initial_amount=1000,
        current_amount=current,
        cost_per_gram="0.025",
        low_stock_threshold=threshold,
    )


def test_the_low_stock_filter_lists_spools_at_or_below_their_threshold(admin_client):
    owner = UserFactory()
    spool(owner, "Red", 50), spool(owner, "Blue", 100), spool(owner, "Green", 101)
    page = admin_client.get("/admin/printshop/filament/", {"stock": "low"}).content.decode()
    assert "Red" in page and "Blue" in page and "Green" not in page


def test_staff_reorder_a_printers_queue_by_priority_and_it_is_replanned(admin_client):
    printer = add_printer(UserFactory())
    first = queue.schedule_print(printer, job_name="First", estimated_duration_minutes=60, priority=1)
    second = queue.schedule_print(printer, job_name="Second", estimated_duration_minutes=60, priority=2)
    assert first.scheduled_start < second.scheduled_start
    rows = ScheduledPrint.objects.order_by("printer", "priority", "created_at", "id")
    form = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": str(rows[0].pk),
        "form-0-priority": "3",
        "form-1-id": str(rows[1].pk),
        "form-1-priority": "2",
        "_save": "Save",
    }
    response = admin_client.post(f"/admin/printshop/scheduledprint/?printer__id__exact={printer.pk}", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.priority, second.priority) == (3, 2)
    assert second.scheduled_start < first.scheduled_start  # the queue follows the new order


def test_the_cancel_action_goes_through_the_status_table(admin_client):
    printer = add_printer(UserFactory())
    waiting = queue.schedule_print(printer, job_name="Waiting")
    done = queue.schedule_print(printer, job_name="Done")
    queue.move(queue.move(queue.move(done, PrintStatus.SCHEDULED), PrintStatus.STARTED), PrintStatus.COMPLETED)
    action = {"action": "cancel_prints", "_selected_action": [waiting.pk, done.pk]}
    page = admin_client.post("/admin/printshop/scheduledprint/", action, follow=True).content.decode()
    assert "Cancelled 1." in page and "cannot become cancelled" in page
    statuses = dict(ScheduledPrint.objects.values_list("job_name", "status"))
    assert statuses == {"Waiting": PrintStatus.CANCELLED, "Done": PrintStatus.COMPLETED}
