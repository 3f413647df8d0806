"""The listener on the database, against the real broker: a printer added through the API is heard
with its decrypted access code, and what it reports reaches the printer's status, its AMS slots and
its queue, where the API reads them."""

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from printshop.models import AmsSlot, Printer, ScheduledPrint
from printshop.services.printers import DatabaseSink, listened_printers, snapshot_of

from .mqtt import BROKER_HOST, pump

pytestmark = [pytest.mark.services, pytest.mark.django_db]

API = "/api/printshop/bambu"


def test_a_printer_added_through_the_api_is_heard_and_moves_its_queue(printers, listen, clock):
    simulated = printers("ha-bambulab_MOCK-A1")
    owner = UserFactory()
    client = client_for(owner)
    clock.now = timezone.now()  # the API judges a report's age by the real clock
    added = client.post(
        f"{API}/printers",
        {
            "name": "A1 by the window",
            "connection_type": "bambu_lan",
            "serial_number": simulated.serial,
            "api_url": f"http://{BROKER_HOST}",
            "access_code": "12345678",
        },
        format="json",
    )
    assert added.status_code == 201 and added.json()["status"] == "offline"  # never heard from yet
    printer_id = added.json()["id"]
    job = client.post(
        f"{API}/scheduled-prints",
        {"printer_id": printer_id, "job_name": "ORD-7_gear", "estimated_duration_minutes": 90},
        format="json",
    ).json()
    listener = listen(listened_printers, sink=DatabaseSink())
    printer = Printer.objects.get(pk=printer_id)

    def reported(check, what):
        def holds():
            printer.refresh_from_db()
            snapshot = snapshot_of(printer)
            return snapshot is not None and check(snapshot)

        pump(listener, holds, what=what)

    reported(lambda s: s.status == "idle", "the answer to pushall in the database")
    slots = client.get(f"{API}/materials", {"printer_id": printer_id}).json()
    assert [(s["slot"], s["material_type"], s["color"]) for s in slots] == [
        (0, "PLA", "#FFFFFF"),
        (1, "PLA", "#76D9F4"),
        (2, "PLA", "#FFF144"),
        (3, "PLA", "#FF80FF"),
        (4, "PLA", "#0ACC38"),
    ]

    simulated.start_print("ORD-7_gear", total_layers=80, minutes=90)
    simulated.progress(50)
    reported(lambda s: s.progress == 50, "RUNNING at 50 %")
    status = client.get(f"{API}/printers/{printer_id}/status").json()
    assert (status["status"], status["online"], status["current_job"], status["progress"], status["layer"]) == (
        "printing",
        True,
        "ORD-7_gear",
        50,
        40,
    )
    assert ScheduledPrint.objects.get(pk=job["id"]).status == "started"  # the printer's start took the job

    simulated.load_tray(0, 1, {"tray_type": "PETG", "tray_color": "000000FF", "remain": 80, "tag_uid": "AB01"})
    simulated.finish()
    reported(lambda s: s.status == "finished", "FINISH")
    assert ScheduledPrint.objects.get(pk=job["id"]).status == "completed"
    swapped = AmsSlot.objects.get(printer=printer, slot=2)
    assert (swapped.material_type, swapped.color, swapped.remaining_pct) == ("PETG", "#000000", 80)
