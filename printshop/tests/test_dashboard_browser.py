"""Issue 12: the print-farm dashboard in a real browser — under the Content-Security-Policy, its cards
follow a new report without a reload, its charts load, and it fits a 390 px phone."""

import copy
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, AdminFactory, UserFactory
from config.testing.browser import outside_browser_loop
from printshop.bambu.listener import PrinterUpdate
from printshop.bambu.reports import read_snapshot
from printshop.bambu.simulator import load_sample
from printshop.choices import PrintStatus
from printshop.models import Filament, ScheduledPrint
from printshop.services import printers as services

from .etsy.factories import OrderFactory
from .test_api_printers import add_printer, report_now

pytestmark = pytest.mark.browser


@pytest.fixture
def one_request_at_a_time(monkeypatch):
    """The page loads three charts at once while it polls; on SQLite the test database lives in
    memory, one connection that the live server's threads share, and two requests in it at the same
    time collide. They take turns here (PostgreSQL gives each its own connection anyway)."""
    turn = threading.Lock()
    handle = WSGIHandler.__call__

    def in_turn(self, environ, start_response):
        with turn:
            return handle(self, environ, start_response)

    monkeypatch.setattr(WSGIHandler, "__call__", in_turn)


def save_report(printer, report):
    at = timezone.now()
    snapshot = read_snapshot(printer.serial_number, report, reported_at=at)
    services.DatabaseSink().save([PrinterUpdate(printer.serial_number, report, snapshot)])


def a_farm():
    """A superuser, four printers (printing, failed, silent, never heard) and a month of figures."""
    user = AdminFactory(is_superuser=True)
    owner = UserFactory(username="farm")
    printing = add_printer(owner, serial="01P00A000000001", name="Bench P1S", model="P1S")
    report_now(printing)
    report_now(add_printer(owner, serial="01P00A000000002", name="Corner P1P", model="P1P"), "ha-bambulab_P1P")
    silent = add_printer(owner, serial="01P00A000000003", name="Shelf A1", model="A1")
    report_now(silent, "ha-bambulab_MOCK-A1", at=timezone.now() - timedelta(minutes=5))
    add_printer(owner, serial="01P00A000000004", name="New X1C", model="X1C")
    now = timezone.now()
    for day in range(0, 30, 2):
        OrderFactory(total_amount=Decimal(20 + 7 * (day % 5)), ordered_at=now - timedelta(days=day))
    for material, used in (("PLA", 2400), ("PETG", 900), ("ABS", 450), ("TPU", 120)):
        Filament.objects.create(
            owner=owner,
            material=material,
            color="Black",
            initial_amount=3000,
            current_amount=3000 - used,
            cost_per_gram=Decimal("0.02"),
        )
    for week in range(10):
        for n in range(week % 4 + 2):
            status = PrintStatus.FAILED if n == 0 and week % 3 == 0 else PrintStatus.COMPLETED
            ScheduledPrint.objects.create(
                printer=printing, job_name="part", status=status, finished_at=now - timedelta(weeks=week, hours=n)
            )
    return user, printing


def sign_in(page, user):
    page.goto(page.site.url + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_the_dashboard_lives_under_the_policy_and_fits_a_phone(one_request_at_a_time, browser_page, tmp_path):
    user, printing = outside_browser_loop(a_farm)
    page = browser_page
    console = []
    page.on("console", lambda message: console.append(message.text))
    sign_in(page, user)
    response = page.goto(page.site.url + reverse("admin:printshop_dashboard"))
    assert response.status == 200 and "content-security-policy" in response.headers
    page.wait_for_load_state("networkidle")
    card = page.locator(f'[data-printer="{printing.pk}"]')
    expect(card).to_contain_text("Printing")
    expect(card).to_contain_text("46 %")
    expect(page.locator(".printer-card")).to_have_count(4)
    for image in page.locator(".farm-chart img").all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("image => image.naturalWidth") > 0
    page.screenshot(path=tmp_path / "dashboard-desktop.png", full_page=True)

    report = copy.deepcopy(load_sample("composed-p1s-printing"))
    report["print"].update(mc_percent=81, mc_remaining_time=12, nozzle_temper=231.0)
    outside_browser_loop(lambda: save_report(printing, report))
    expect(card).to_contain_text("81 %", timeout=15_000)  # the next poll, no reload
    expect(card).to_contain_text("0 h 12 min")
    expect(card).to_contain_text("231 °C")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the dashboard scrolls sideways: {width} px"
    page.screenshot(path=tmp_path / "dashboard-phone.png", full_page=True)
    assert [text for text in console if "Content Security Policy" in text] == []
    print(f"screenshots in {tmp_path}")
