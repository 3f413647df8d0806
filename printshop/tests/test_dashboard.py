"""Issue 12: the print-farm dashboard in admin — staff only, cards from the printers' stored reports,
charts as SVG from the analytics figures, and a query count that does not grow with the farm."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import AdminFactory, UserFactory
from printshop import analytics
from printshop.choices import PrintStatus
from printshop.models import Filament, ScheduledPrint

from .etsy.factories import OrderFactory
from .test_api_printers import add_printer, report_now

pytestmark = pytest.mark.django_db

# A request's own queries (session, user, and the savepoint pair of ATOMIC_REQUESTS) plus the figures.
REQUEST_QUERIES = 4
PAGE = reverse("admin:printshop_dashboard")
CARDS = reverse("admin:printshop_dashboard_printers")
CHART_NAMES = ["revenue", "filament", "prints"]
SVG = "{http://www.w3.org/2000/svg}svg"


def chart_url(name):
    return reverse("admin:printshop_dashboard_chart", args=[name])


def signed_in(user):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def svg_texts(response) -> str:
    root = ET.fromstring(response.content)
    assert root.tag == SVG
    return " ".join(text for text in root.itertext() if text.strip())


def add_spool(owner, material, initial, current):
    return Filament.objects.create(
        owner=owner,
        material=material,
        color="Black",
        initial_amount=initial,
        current_amount=current,
        cost_per_gram=Decimal("0.02"),
    )


def finish_print(printer, status, days_ago=1):
    return ScheduledPrint.objects.create(
        printer=printer, job_name="bracket", status=status, finished_at=timezone.now() - timedelta(days=days_ago)
    )


# Who may see it


@pytest.mark.parametrize("url", [PAGE, CARDS, *map(chart_url, CHART_NAMES)])
def test_staff_with_the_view_permissions_get_every_part(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_the_page_sends_others_to_the_admin_login():
    for client in (Client(), signed_in(UserFactory())):
        response = client.get(PAGE)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [CARDS, *map(chart_url, CHART_NAMES)])
def test_the_json_and_the_charts_refuse_others(url):
    assert Client().get(url).status_code == 403
    assert signed_in(UserFactory()).get(url).status_code == 403


def test_staff_see_only_what_their_permissions_allow():
    staff = AdminFactory()
    client = signed_in(staff)
    assert client.get(PAGE).status_code == 403 and client.get(CARDS).status_code == 403
    staff.user_permissions.add(
        Permission.objects.get(codename="view_printer"), Permission.objects.get(codename="view_filament")
    )
    client = signed_in(staff)
    page = client.get(PAGE).content.decode()
    assert "charts/filament.svg" in page and "charts/revenue.svg" not in page
    assert client.get(chart_url("filament")).status_code == 200
    assert client.get(chart_url("revenue")).status_code == 403


def test_an_unknown_chart_is_404(admin_client):
    assert admin_client.get(chart_url("nothing")).status_code == 404


def test_the_admin_index_and_the_print_shop_list_link_to_it(admin_client):
    for url in (reverse("admin:index"), reverse("admin:app_list", args=["printshop"])):
        assert f'href="{PAGE}"' in admin_client.get(url).content.decode()
    assert f'href="{PAGE}"' not in signed_in(AdminFactory()).get(reverse("admin:index")).content.decode()


# The cards


def test_a_card_reads_the_printers_stored_report(admin_client):
    printer = add_printer(UserFactory(), model="P1S")
    report_now(printer)  # composed-p1s-printing: RUNNING, 46 %, 37 min left
    [card] = admin_client.get(CARDS).json()["printers"]
    assert card["id"] == printer.pk and card["name"] == "Main Printer" and card["model"] == "P1S"
    assert card["status"] == "printing" and card["status_label"] == "Printing" and card["online"] is True
    assert card["progress"] == 46 and card["remaining"] == "0 h 37 min"
    assert card["nozzle"] == "220 °C" and card["bed"] == "60 °C" and card["job"] == "ORD-1042_bracket_v3"
    assert admin_client.get(CARDS)["Cache-Control"] == "no-store"


def test_a_printer_silent_over_a_minute_is_offline(admin_client):
    printer = add_printer(UserFactory())
    report_now(printer, at=timezone.now() - timedelta(seconds=61))
    never = add_printer(UserFactory(), serial="01P00A000000001", name="Spare")
    cards = {card["id"]: card for card in admin_client.get(CARDS).json()["printers"]}
    assert cards[printer.pk]["status"] == "offline" and cards[printer.pk]["online"] is False
    assert cards[printer.pk]["status_label"] == "Offline" and "1\xa0minute" in cards[printer.pk]["heard"]
    assert cards[printer.pk]["progress"] is None and cards[printer.pk]["remaining"] == "—"  # no job under way
    assert cards[never.pk]["status"] == "offline" and cards[never.pk]["heard"] == "No report yet"
    assert admin_client.get(CARDS).json()["summary"] == "0 of 2 printers online"


def test_the_page_renders_the_cards_and_loads_its_script_from_static(admin_client):
    printer = add_printer(UserFactory())
    report_now(printer)
    response = admin_client.get(PAGE)
    page = response.content.decode()
    assert f'data-printer="{printer.pk}" data-status="printing"' in page and "ORD-1042_bracket_v3" in page
    assert "/static/js/printshop_dashboard.js" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=", page)  # nothing inline for the CSP
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_page_reads_in_russian(admin_client):
    add_printer(UserFactory())
    admin_client.cookies["django_language"] = "ru"
    page = admin_client.get(PAGE, headers={"Accept-Language": "ru"}).content.decode()
    assert "Принтеры" in page and "Не в сети" in page


def grow_farm(count, start=0):
    owner = UserFactory()
    for n in range(start, start + count):
        report_now(add_printer(owner, serial=f"01P00A{n:09d}", name=f"P{n:03d}"))


@pytest.mark.parametrize("url", [PAGE, CARDS])
def test_the_query_count_does_not_grow_with_the_farm(admin_client, django_assert_max_num_queries, url):
    grow_farm(1)
    # The printers in one query; the page adds the farm figures (two) and the one probe of the
    # admin's sidebar (may pricing rules be added).
    most = REQUEST_QUERIES + (4 if url == PAGE else 1)
    with django_assert_max_num_queries(most):
        assert admin_client.get(url).status_code == 200
    grow_farm(30, start=1)
    with django_assert_max_num_queries(most):
        response = admin_client.get(url)
    assert response.status_code == 200 and b"P030" in response.content


# The charts


@pytest.mark.parametrize("name", CHART_NAMES)
def test_an_empty_chart_is_a_valid_svg_that_says_so(admin_client, name):
    response = admin_client.get(chart_url(name))
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=300" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "No " in svg_texts(response)


def test_the_revenue_chart_shows_the_last_30_days(admin_client, django_assert_max_num_queries):
    OrderFactory(total_amount=Decimal("40.00"))
    OrderFactory(total_amount=Decimal("10.00"), ordered_at=timezone.now() - timedelta(days=3))
    OrderFactory(total_amount=Decimal("500.00"), ordered_at=timezone.now() - timedelta(days=45))  # before the range
    OrderFactory(total_amount=Decimal("900.00"), status="canceled")
    with django_assert_max_num_queries(REQUEST_QUERIES + 2):  # the busiest currency, then its days
        response = admin_client.get(chart_url("revenue"))
    assert "$50.00" in svg_texts(response)


def test_the_filament_chart_sums_use_per_material(admin_client, django_assert_max_num_queries):
    owner, other = UserFactory(), UserFactory()
    add_spool(owner, "PLA", 1000, 250)
    add_spool(other, "PLA", 1000, 500)
    add_spool(owner, "PETG", 1000, 900)
    add_spool(owner, "TPU", 1000, 1000)  # none used: no bar
    with django_assert_max_num_queries(REQUEST_QUERIES + 1):
        texts = svg_texts(admin_client.get(chart_url("filament")))
    assert "PLA" in texts and "1.25" in texts and "PETG" in texts and "0.10" in texts and "TPU" not in texts


def test_the_print_chart_counts_completed_and_failed(admin_client, django_assert_max_num_queries):
    printer = add_printer(UserFactory())
    for _ in range(3):
        finish_print(printer, PrintStatus.COMPLETED)
    finish_print(printer, PrintStatus.FAILED)
    finish_print(printer, PrintStatus.CANCELLED)
    with django_assert_max_num_queries(REQUEST_QUERIES + 1):
        texts = svg_texts(admin_client.get(chart_url("prints")))
    assert "75% succeeded" in texts and "Completed" in texts and "Failed" in texts


# The figures behind the charts (printshop/analytics.py)


def test_print_outcomes_are_counted_per_week_with_quiet_weeks_as_zero():
    printer = add_printer(UserFactory())
    today = timezone.localdate()
    finish_print(printer, PrintStatus.COMPLETED, days_ago=0)
    finish_print(printer, PrintStatus.FAILED, days_ago=0)
    finish_print(printer, PrintStatus.COMPLETED, days_ago=14)
    finish_print(printer, PrintStatus.COMPLETED, days_ago=200)  # before the range
    weeks = analytics.print_outcomes(None, start=today - timedelta(weeks=3), end=today)
    assert len(weeks) == 4 and all(week["week"].weekday() == 0 for week in weeks)
    assert weeks[-1]["completed"] == 1 and weeks[-1]["failed"] == 1
    assert sum(week["completed"] for week in weeks) == 2
    assert analytics.print_outcomes(UserFactory(), start=today - timedelta(weeks=3), end=today)[-1]["completed"] == 0


def test_filament_use_is_per_material_and_per_owner_when_asked():
    owner = UserFactory()
    add_spool(owner, "PLA", 1000, 800)
    add_spool(owner, "PLA", 1000, 1200)  # topped up above its first weight: none used, not minus 200
    add_spool(UserFactory(), "ABS", 1000, 0)
    assert analytics.filament_use_by_material(None) == [
        {"material": "ABS", "used": 1000},
        {"material": "PLA", "used": 200},
    ]
    assert analytics.filament_use_by_material(owner) == [{"material": "PLA", "used": 200}]
