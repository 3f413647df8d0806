"""Printers and AMS slots of the print shop API: secrets never answered, status from the printer's own
reports (never an HTTP call), every row its owner's."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import PRINTSHOP

from .. import vault
from ..api import views
from ..bambu.listener import PrinterUpdate
from ..bambu.reports import read_snapshot
from ..bambu.simulator import load_sample
from ..models import AmsSlot, Printer
from ..services import printers as services

pytestmark = pytest.mark.django_db

API = "/api/printshop/bambu"
CODE = "a7K9q2Lx"
LAN = {
    "name": "Main Printer",
    "connection_type": "bambu_lan",
    "serial_number": "01P00A123456789",
    "api_url": "http://192.168.1.100",
    "access_code": CODE,
}


def add_printer(owner, serial="01P00A123456789", **fields) -> Printer:
    body = {**LAN, "serial_number": serial, **fields}
    return services.create_printer(owner, **{k: v for k, v in body.items()})


def report_now(printer, sample="composed-p1s-printing", at=None):
    report = load_sample(sample)
    at = at or timezone.now()
    services.DatabaseSink().save(
        [PrinterUpdate(printer.serial_number, report, read_snapshot(printer.serial_number, report, reported_at=at))]
    )
    printer.refresh_from_db()
    return report


@hand_tested(
    views.PrintersView, views.PrinterView, views.PrinterStatusView, why="secrets and live status need their own cases"
)
class TestPrinters:
    def test_a_printer_is_added_with_its_code_encrypted_and_never_answered(self, caplog):
        owner = UserFactory()
        with caplog.at_level(logging.DEBUG):
            response = client_for(owner).post(f"{API}/printers", LAN, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["name"] == "Main Printer" and body["status"] == "offline" and "access_code" not in body
        assert CODE not in response.content.decode() and CODE not in caplog.text
        printer = Printer.objects.get()
        assert printer.host == "192.168.1.100" and CODE not in printer.access_code_encrypted
        assert vault.decrypt(printer.access_code_encrypted) == CODE
        listed = client_for(owner).get(f"{API}/printers")
        assert CODE not in listed.content.decode()

    @pytest.mark.parametrize(
        "change, field",
        [
            ({"api_url": ""}, "api_url"),
            ({"serial_number": "no spaces!"}, "serial_number"),
            ({"connection_type": "octoprint"}, "connection_type"),
            ({"connection_type": "bambu_cloud"}, "cloud_user_id"),
        ],
    )
    def test_a_bad_printer_is_400_naming_the_field(self, change, field):
        response = client_for(UserFactory()).post(f"{API}/printers", {**LAN, **change}, format="json")
        PRINTSHOP.assert_error(response, 400, field)
        assert not Printer.objects.exists()

    def test_a_serial_already_added_is_refused(self):
        add_printer(UserFactory())
        PRINTSHOP.assert_error(
            client_for(UserFactory()).post(f"{API}/printers", LAN, format="json"), 400, "serial_number"
        )

    def test_each_user_sees_and_removes_only_their_own_printers(self, django_assert_max_num_queries):
        me, other = UserFactory(), UserFactory()
        mine = [add_printer(me, serial=f"01P00A12345678{n}") for n in range(3)]
        theirs = add_printer(other, serial="01P00A999999999")
        client = client_for(me)
        with django_assert_max_num_queries(2):
            listed = client.get(f"{API}/printers").json()
        assert sorted(p["id"] for p in listed) == sorted(p.pk for p in mine)
        PRINTSHOP.assert_error(client.get(f"{API}/printers/{theirs.pk}/status"), 404)
        PRINTSHOP.assert_error(client.delete(f"{API}/printers/{theirs.pk}"), 404)
        assert Printer.objects.filter(pk=theirs.pk).exists()
        assert client.delete(f"{API}/printers/{mine[0].pk}").json() == {"message": "Printer deleted"}
        PRINTSHOP.assert_error(client_for().get(f"{API}/printers"), 401)

    def test_status_is_read_from_the_last_report_and_goes_offline_when_silent(self):
        owner = UserFactory()
        printer = add_printer(owner)
        report_now(printer)
        status = client_for(owner).get(f"{API}/printers/{printer.pk}/status").json()
        state = load_sample("composed-p1s-printing")["print"]
        assert status["status"] == "printing" and status["online"] is True
        assert status["progress"] == state["mc_percent"]
        assert status["estimated_time_remaining"] == state["mc_remaining_time"] * 60
        assert status["nozzle_temp"] == state["nozzle_temper"]
        Printer.objects.filter(pk=printer.pk).update(reported_at=timezone.now() - timedelta(minutes=5))
        silent = client_for(owner).get(f"{API}/printers/{printer.pk}/status").json()
        assert silent["status"] == "offline" and silent["online"] is False and silent["progress"] == state["mc_percent"]

    @pytest.mark.parametrize(("silent_for", "status"), [(59.9, "printing"), (60, "offline"), (61, "offline")])
    def test_a_printer_silent_for_60_seconds_reads_offline_in_the_list_and_its_status(self, silent_for, status):
        """The moment the listener marks it offline too (tests/bambu/test_listener.py)."""
        owner = UserFactory()
        printer = add_printer(owner)
        heard = timezone.now()
        report_now(printer, at=heard)
        with time_machine.travel(heard + timedelta(seconds=silent_for), tick=False):
            client = client_for(owner)
            reading = client.get(f"{API}/printers/{printer.pk}/status").json()
            [listed] = client.get(f"{API}/printers").json()
        assert (reading["status"], reading["online"]) == (status, status != "offline")
        assert (listed["status"], listed["online"]) == (status, status != "offline")
        assert reading["last_updated"] == heard.isoformat().replace("+00:00", "Z")


class TestListenerSeams:
    def test_the_listener_hears_every_printer_with_its_secret_and_stored_report(self, settings):
        lan = add_printer(UserFactory())
        cloud = add_printer(
            UserFactory(), serial="00M09A350100123", connection_type="bambu_cloud", cloud_user_id="1234567", api_url=""
        )
        report_now(lan)
        endpoints = {e.serial: e for e in services.listened_printers()}
        assert endpoints[lan.serial_number].password == CODE and endpoints[lan.serial_number].host == "192.168.1.100"
        assert endpoints[lan.serial_number].last_report == lan.last_report
        assert endpoints[cloud.serial_number].username == "u_1234567"
        assert endpoints[cloud.serial_number].host == settings.BAMBU_CLOUD_MQTT_HOST

    def test_reports_fill_the_slots_and_count_time_printing(self):
        printer = add_printer(UserFactory())
        start = timezone.now() - timedelta(seconds=120)
        report_now(printer, at=start)
        slot = AmsSlot.objects.filter(printer=printer, loaded=True).first()
        assert slot is not None and slot.material_type and slot.last_synced == start
        AmsSlot.objects.filter(pk=slot.pk).update(vendor="Prusament", cost_per_kg=25)
        report_now(printer, at=start + timedelta(seconds=60))
        printer.refresh_from_db()
        assert (printer.tracked_seconds, printer.printing_seconds, printer.utilization_pct) == (60, 60, 100)
        slot.refresh_from_db()
        assert slot.vendor == "Prusament"  # what the owner added survives the printer's reports


@hand_tested(views.MaterialsView, views.MaterialView, why="slots are written by the printer's reports, not created")
class TestMaterials:
    def test_owners_list_and_annotate_their_slots_only(self, django_assert_max_num_queries):
        me, other = UserFactory(), UserFactory()
        mine, theirs = add_printer(me), add_printer(other, serial="01P00A999999999")
        report_now(mine), report_now(theirs)
        client = client_for(me)
        with django_assert_max_num_queries(2):
            slots = client.get(f"{API}/materials").json()
        assert slots and {s["printer_id"] for s in slots} == {mine.pk}
        assert client.get(f"{API}/materials", {"printer_id": theirs.pk}).json() == []
        slot_id = slots[0]["id"]
        changed = client.put(
            f"{API}/materials/{slot_id}", {"vendor": "Prusament", "cost_per_kg": 25, "remaining_pct": 85}, format="json"
        )
        assert changed.status_code == 200, changed.content
        shown = changed.json()
        assert (shown["vendor"], shown["cost_per_kg"], shown["remaining_pct"]) == ("Prusament", 25.0, 85)
        assert client.get(f"{API}/materials").json()[0]["remaining_pct"] == 85
        PRINTSHOP.assert_error(
            client.put(f"{API}/materials/{slot_id}", {"remaining_pct": 101}, format="json"), 400, "remaining_pct"
        )
        their_slot = AmsSlot.objects.filter(printer=theirs).first()
        PRINTSHOP.assert_error(client.put(f"{API}/materials/{their_slot.pk}", {"vendor": "x"}, format="json"), 404)
        their_slot.refresh_from_db()
        assert their_slot.vendor == ""


def test_the_admin_never_shows_an_access_code():
    printer = add_printer(UserFactory())
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in ("/admin/printshop/printer/", f"/admin/printshop/printer/{printer.pk}/change/"):
        page = client.get(url)
        assert page.status_code == 200 and CODE not in page.content.decode()
        assert printer.access_code_encrypted not in page.content.decode()


def test_staff_set_an_access_code_in_admin_without_ever_reading_it():
    """Added or replaced through a write-only field; an empty field keeps the stored code."""
    owner = UserFactory()
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    form = {
        "owner": owner.pk,
        "name": "Bench P1S",
        "model": "P1S",
        "connection_type": "bambu_lan",
        "serial_number": "01P00A000000042",
        "host": "192.168.1.42",
        "cloud_user_id": "",
        "access_code": "",
        "slots-TOTAL_FORMS": "0",
        "slots-INITIAL_FORMS": "0",
    }
    refused = client.post("/admin/printshop/printer/add/", form)
    assert refused.status_code == 200 and not Printer.objects.exists()  # a printer needs its code
    assert client.post("/admin/printshop/printer/add/", {**form, "access_code": CODE}).status_code == 302
    printer = Printer.objects.get()
    assert vault.decrypt(printer.access_code_encrypted) == CODE
    page = client.get(f"/admin/printshop/printer/{printer.pk}/change/").content.decode()
    assert CODE not in page and printer.access_code_encrypted not in page
    url = f"/admin/printshop/printer/{printer.pk}/change/"
    assert client.post(url, {**form, "name": "Renamed"}).status_code == 302
    printer.refresh_from_db()
    assert printer.name == "Renamed" and vault.decrypt(printer.access_code_encrypted) == CODE
    assert client.post(url, {**form, "access_code": "n3wC0de9"}).status_code == 302
    printer.refresh_from_db()
    assert vault.decrypt(printer.access_code_encrypted) == "n3wC0de9"
