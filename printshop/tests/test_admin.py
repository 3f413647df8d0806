"""Issue 12 "Staff": admin for every model, spools with a low-stock filter and their usage, each printer's
queue reordered by priority."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory

from ..choices import PrintStatus
from ..models import (
    AmsSlot,
    Filament,
    FilamentUsage,
    NotificationAttempt,
    NotificationDelivery,
    NotificationSettings,
    ScheduledPrint,
)
from ..services import queue
from .etsy.factories import (
    CommunicationFactory,
    EtsyShopFactory,
    OrderFactory,
    OrderItemFactory,
    OrderNoteFactory,
)
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


def a_row_of_every_model():
    """One row of every print shop model, as the farm's own work leaves them."""
    owner = UserFactory(email="maker@example.com")
    printer = add_printer(owner)
    slot = AmsSlot.objects.create(printer=printer, slot=1, loaded=True, material_type="PLA", color="#FF0000")
    stock = spool(owner, "Red", 500)
    done = ScheduledPrint.objects.create(printer=printer, job_name="Bracket", status=PrintStatus.COMPLETED)
    usage = FilamentUsage.objects.create(filament=stock, scheduled_print=done, grams=42, used_at=timezone.now())
    settings = NotificationSettings.objects.create(printer=printer, email_enabled=True)
    delivery = NotificationDelivery.objects.create(
        owner=owner,
        printer=printer,
        event="print_complete",
        channel="email",
        destination=owner.email,
        key=f"print_complete:{done.pk}",
        payload={"event": "print_complete"},
    )
    NotificationAttempt.objects.create(delivery=delivery, status_code=None, error="refused", duration_ms=3)
    order = OrderFactory(shop=EtsyShopFactory(user=owner))
    item, note = OrderItemFactory(order=order), OrderNoteFactory(order=order)
    message = CommunicationFactory(order=order)
    return [printer, slot, stock, done, usage, settings, delivery, order, order.shop, item, note, message]


def test_staff_reach_every_print_shop_model_in_admin(admin_client):
    """Issue 12 "Staff": each model has its admin pages, or is shown inline on its parent's."""
    rows = a_row_of_every_model()
    inlined = {
        inline.model
        for model_admin in admin.site._registry.values()
        if model_admin.model._meta.app_label == "printshop"
        for inline in model_admin.inlines
    }
    for model in apps.get_app_config("printshop").get_models():
        assert model in admin.site._registry or model in inlined, f"{model.__name__} has no admin"
    for row in rows:
        if type(row) not in admin.site._registry:
            continue
        meta = row._meta
        for url in (
            reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
            reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk]),
        ):
            assert admin_client.get(url).status_code == 200, url


def test_a_spools_page_shows_its_usage_history(admin_client):
    rows = a_row_of_every_model()
    stock = next(row for row in rows if isinstance(row, Filament))
    page = admin_client.get(reverse("admin:printshop_filament_change", args=[stock.pk])).content.decode()
    assert re.search(r"field-grams\">\s*<p>42</p>", page) and "Bracket" in page
