"""Filament stock routes (spec "Filament Inventory"): filters, low stock, usage history, every stock its
owner's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import PRINTSHOP

from ..api import filament_views as views
from ..models import Filament, FilamentUsage, ScheduledPrint
from .test_api_printers import add_printer

pytestmark = pytest.mark.django_db

API = "/api/printshop/filaments"
PLA = {"material": "PLA", "color": "Red", "initial_amount": 1000, "current_amount": 750, "cost_per_gram": 0.02}


@hand_tested(views.FilamentsView, views.FilamentView, why="the list answers {filaments, total}, not a page")
class TestFilaments:
    def test_add_list_filter_change_and_delete(self, django_assert_max_num_queries):
        client = client_for(UserFactory())
        created = client.post(API, PLA, format="json")
        assert created.status_code == 201 and created.json()["cost_per_gram"] == 0.02
        client.post(API, {**PLA, "material": "PETG", "color": "Blue", "current_amount": 50}, format="json")
        with django_assert_max_num_queries(2):
            listed = client.get(API).json()
        assert listed["total"] == 2 and [f["material"] for f in listed["filaments"]] == ["PETG", "PLA"]
        assert [f["material"] for f in client.get(API, {"material": "pla"}).json()["filaments"]] == ["PLA"]
        assert [f["color"] for f in client.get(API, {"low_stock": "true"}).json()["filaments"]] == ["Blue"]
        filament_id = created.json()["id"]
        changed = client.put(f"{API}/{filament_id}", {"current_amount": 600}, format="json")
        assert changed.status_code == 200 and changed.json()["current_amount"] == 600
        assert client.delete(f"{API}/{filament_id}").json() == {"message": "Filament deleted"}
        assert not Filament.objects.filter(pk=filament_id).exists()

    @pytest.mark.parametrize(
        "change, field",
        [
            ({"current_amount": 2000}, "current_amount"),
            ({"cost_per_gram": -1}, "cost_per_gram"),
            ({"material": ""}, "material"),
        ],
    )
    def test_bad_values_are_400_and_nothing_is_stored(self, change, field):
        response = client_for(UserFactory()).post(API, {**PLA, **change}, format="json")
        PRINTSHOP.assert_error(response, 400, field)
        assert not Filament.objects.exists()

    def test_another_users_stock_is_not_found_and_stays(self):
        owner, stranger = UserFactory(), UserFactory()
        filament_id = client_for(owner).post(API, PLA, format="json").json()["id"]
        client = client_for(stranger)
        assert client.get(API).json() == {"filaments": [], "total": 0}
        PRINTSHOP.assert_error(client.put(f"{API}/{filament_id}", {"current_amount": 1}, format="json"), 404)
        PRINTSHOP.assert_error(client.delete(f"{API}/{filament_id}"), 404)
        assert Filament.objects.get(pk=filament_id).current_amount == 750
        PRINTSHOP.assert_error(client_for().get(API), 401)


@hand_tested(views.FilamentUsageView, why="rows under a stock, written by completed prints, reached through it")
class TestUsageHistory:
    def test_a_stocks_history_newest_first_in_pages_and_only_its_owners(self, django_assert_max_num_queries):
        owner = UserFactory()
        printer = add_printer(owner)
        red = Filament.objects.create(owner=owner, **PLA)
        blue = Filament.objects.create(owner=owner, **{**PLA, "color": "Blue"})
        start = timezone.now() - timedelta(days=1)
        for n, stock in enumerate([red, red, red, blue]):
            done = ScheduledPrint.objects.create(printer=printer, job_name=f"Job {n}", status="completed")
            FilamentUsage.objects.create(
                filament=stock, scheduled_print=done, grams=10 + n, used_at=start + timedelta(hours=n)
            )
        client = client_for(owner)
        with django_assert_max_num_queries(4):  # identity, the stock, COUNT, the page with its prints
            body = client.get(f"{API}/{red.pk}/usage", {"limit": 2}).json()
        assert (body["total"], body["limit"], body["offset"], body["page"], body["pages"]) == (3, 2, 0, 1, 2)
        assert [(row["job_name"], row["grams"]) for row in body["usage"]] == [("Job 2", 12), ("Job 1", 11)]
        assert body["usage"][0]["printer_id"] == printer.pk and body["usage"][0]["scheduled_print_id"]
        rest = client.get(f"{API}/{red.pk}/usage", {"limit": 2, "offset": 2}).json()["usage"]
        assert [row["job_name"] for row in rest] == ["Job 0"]
        PRINTSHOP.assert_error(client_for(UserFactory()).get(f"{API}/{red.pk}/usage"), 404)
        PRINTSHOP.assert_error(client.get(f"{API}/999999999/usage"), 404)
        PRINTSHOP.assert_error(client_for().get(f"{API}/{red.pk}/usage"), 401)
