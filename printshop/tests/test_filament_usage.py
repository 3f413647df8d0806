"""Filament a completed print used: the job's estimated grams taken from the owner's matching spool,
once, never below zero, shown on the dashboard, and a spool brought to its threshold notifies."""

import json

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.dialects import PRINTSHOP

from ..models import AmsSlot, Filament, FilamentUsage, NotificationDelivery, ScheduledPrint
from ..services import filaments as filament_services
from ..services import notifications
from ..services import queue as queue_services
from .printer_events import NOW, event, hear
from .test_api_printers import add_printer

pytestmark = pytest.mark.django_db

API = "/api/printshop"


@pytest.fixture
def printer():
    return add_printer(UserFactory(email="maker@example.com"), name="X1C")


def spool(owner, material="PLA", color="Red", current=1000, **fields) -> Filament:
    return Filament.objects.create(
        owner=owner,
        material=material,
        color=color,
        initial_amount=1000,
        current_amount=current,
        cost_per_gram=0,
        **fields,
    )


def running(printer, grams=85, **fields) -> ScheduledPrint:
    fields = {"job_name": "Custom Bracket", "material_type": "PLA", **fields}
    return ScheduledPrint.objects.create(printer=printer, status="started", estimated_filament_grams=grams, **fields)


def test_the_estimate_is_scheduled_through_the_api(printer):
    client = client_for(printer.owner)
    body = {"printer_id": printer.pk, "job_name": "Custom Bracket", "material_type": "PLA"}
    created = client.post(f"{API}/bambu/scheduled-prints", {**body, "estimated_filament_grams": 85}, format="json")
    assert created.status_code == 201 and created.json()["estimated_filament_grams"] == 85
    plain = client.post(f"{API}/bambu/scheduled-prints", body, format="json").json()
    assert plain["estimated_filament_grams"] is None  # optional: the spec's body still works
    for bad in (0, -5, "much", 100_001):
        answer = client.post(f"{API}/bambu/scheduled-prints", {**body, "estimated_filament_grams": bad}, format="json")
        PRINTSHOP.assert_error(answer, 400, "estimated_filament_grams")


def test_a_print_the_printer_completes_takes_its_grams_from_the_spool(printer):
    red = spool(printer.owner)
    spool(UserFactory(), current=1000)  # another farm's PLA is never touched
    job = running(printer)
    hear(printer, event(printer, "print_complete"))
    job.refresh_from_db()
    red.refresh_from_db()
    assert job.status == "completed" and red.current_amount == 915
    usage = FilamentUsage.objects.get()
    assert (usage.filament, usage.scheduled_print, usage.grams, usage.used_at) == (red, job, 85, job.finished_at)
    dashboard = client_for(printer.owner).get(f"{API}/analytics/dashboard").json()
    assert dashboard["filament_used_kg"] == 0.09  # what the spools lost: 85 g
    assert set(Filament.objects.exclude(pk=red.pk).values_list("current_amount", flat=True)) == {1000}


def test_a_failed_print_and_a_job_without_estimate_or_spool_take_nothing(printer):
    red = spool(printer.owner)
    running(printer)
    hear(printer, event(printer, "print_failed"))
    running(printer, grams=None, job_name="Lid")
    hear(printer, event(printer, "print_complete"))
    running(printer, material_type="TPU", job_name="Grip")
    hear(printer, event(printer, "print_complete"))
    red.refresh_from_db()
    assert red.current_amount == 1000 and not FilamentUsage.objects.exists()


def test_the_trays_colour_then_a_spool_with_some_left_then_the_oldest(printer):
    owner = printer.owner
    empty_red = spool(owner, color="#ff0000", current=0)
    blue = spool(owner, color="Blue")
    red = spool(owner, color="#FF0000", current=500)
    AmsSlot.objects.create(printer=printer, slot=3, loaded=True, material_type="PLA", color="#FF0000")
    by_tray = running(printer, material_slot=3, material_type="")  # the material read from the tray
    assert filament_services.spool_for(by_tray) == red  # the colour, and some left, before the empty red
    unknown_tray = running(printer, material_slot=4, job_name="Lid")
    assert filament_services.spool_for(unknown_tray) == blue  # no colour known: the oldest with some left
    Filament.objects.filter(pk__in=[blue.pk, red.pk]).update(current_amount=0)
    assert filament_services.spool_for(unknown_tray) == empty_red  # all empty: still the oldest
    assert filament_services.spool_for(running(printer, material_type="pla", job_name="Clip")) == empty_red


def test_a_spool_never_goes_below_zero_and_a_print_is_taken_once(printer):
    low = spool(printer.owner, current=50, low_stock_threshold=0)
    job = running(printer)
    first = queue_services.move(job, "completed")  # completed by hand counts too
    again = filament_services.record_usage(first)
    low.refresh_from_db()
    assert low.current_amount == 0 and again.grams == 85 and FilamentUsage.objects.count() == 1


def test_a_print_bringing_its_spool_to_the_threshold_notifies(
    printer, signed_receiver, django_capture_on_commit_callbacks
):
    notifications.update_settings(
        notifications.settings_for(printer), email_enabled=True, webhook_url=signed_receiver.url
    )
    red = spool(printer.owner, current=150)  # threshold 100
    running(printer)
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_complete"))
    red.refresh_from_db()
    assert red.current_amount == 65
    bodies = [json.loads(body) for _, body in signed_receiver.received]
    assert [body["event"] for body in bodies] == ["print_complete", "low_stock"]
    assert bodies[1]["printer"]["name"] == "X1C"
    assert bodies[1]["message"] == "PLA Red has 65 g left (the alert is at 100 g)."
    assert [message.subject for message in mail.outbox] == ["Print complete on X1C", "PLA Red is running low"]
    running(printer, job_name="Lid")  # already low: no second alert
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_complete", at=NOW.replace(hour=11)))
    assert NotificationDelivery.objects.filter(event="low_stock").count() == 2  # email and webhook, once
