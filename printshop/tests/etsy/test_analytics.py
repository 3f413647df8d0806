"""Order figures and revenue reports: in the database, one currency, no cancelled or refunded orders."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from accounts.tests.factories import UserFactory
from printshop import analytics
from printshop.models import Filament, ScheduledPrint
from printshop.tests.test_api_printers import add_printer

from .factories import EtsyShopFactory, OrderFactory

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@pytest.fixture
def shop():
    return EtsyShopFactory()


def test_dashboard_order_figures(shop):
    OrderFactory(shop=shop, total_amount=Decimal("40.00"), ordered_at=at("2026-03-02"))
    OrderFactory(shop=shop, total_amount=Decimal("20.00"), ordered_at=at("2026-03-20"))
    OrderFactory(shop=shop, total_amount=Decimal("30.00"), ordered_at=at("2026-02-27"))
    OrderFactory(shop=shop, total_amount=Decimal("99.00"), ordered_at=at("2026-03-05"), status="canceled")
    OrderFactory(shop=shop, total_amount=Decimal("99.00"), ordered_at=at("2026-03-05"), status="fully_refunded")
    OrderFactory(shop=shop, total_amount=Decimal("500.00"), ordered_at=at("2026-03-06"), currency="EUR")
    OrderFactory(total_amount=Decimal("1000.00"), ordered_at=at("2026-03-06"))  # another seller's
    figures = analytics.order_figures(shop.user, today=date(2026, 3, 25))
    assert figures == {
        "total_orders": 4,
        "orders_this_month": 3,
        "revenue_this_month": 60.0,
        "average_order_value": 30.0,
        "currency": "USD",
    }
    assert analytics.order_figures(shop.user, currency="eur", today=date(2026, 3, 25))["revenue_this_month"] == 500.0


def test_dashboard_without_orders(shop):
    assert analytics.order_figures(shop.user)["total_orders"] == 0


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (
            "daily",
            [("2026-03-01", 10.0, 1), ("2026-03-02", 0.0, 0), ("2026-03-03", 30.0, 2)],
        ),
        ("weekly", [("2026-02-23", 10.0, 1), ("2026-03-02", 30.0, 2)]),
        ("monthly", [("2026-03-01", 40.0, 3)]),
    ],
)
def test_revenue_buckets(shop, period, expected):
    OrderFactory(shop=shop, total_amount=Decimal("10.00"), ordered_at=at("2026-03-01"))
    OrderFactory(shop=shop, total_amount=Decimal("12.50"), ordered_at=at("2026-03-03", 1))
    OrderFactory(shop=shop, total_amount=Decimal("17.50"), ordered_at=at("2026-03-03", 23))
    OrderFactory(shop=shop, total_amount=Decimal("80.00"), ordered_at=at("2026-03-03"), status="partially_refunded")
    OrderFactory(shop=shop, total_amount=Decimal("5.00"), ordered_at=at("2026-03-04"))  # after the range
    report = analytics.revenue(shop.user, start=date(2026, 3, 1), end=date(2026, 3, 3), period=period)
    assert [(row["date"], row["revenue"], row["order_count"]) for row in report.data] == expected
    assert report.total_revenue == 40.0 and report.total_orders == 3
    if period == "monthly":
        assert report.data[0]["average_order"] == 13.33


def test_farm_figures():
    owner = UserFactory()
    printer = add_printer(owner)
    for status, n in (("completed", 3), ("failed", 1), ("started", 1), ("queued", 2), ("cancelled", 1)):
        for _ in range(n):
            ScheduledPrint.objects.create(printer=printer, job_name="job", status=status)
    other = add_printer(UserFactory(), serial="01P00A999999999")
    ScheduledPrint.objects.create(printer=other, job_name="theirs", status="completed")
    spool = {"material": "PLA", "color": "Red", "cost_per_gram": Decimal("0.02"), "owner": owner}
    Filament.objects.create(**spool, initial_amount=1000, current_amount=750)
    Filament.objects.create(**spool, initial_amount=1000, current_amount=50)  # low
    Filament.objects.create(**spool, initial_amount=500, current_amount=0)  # empty, and low
    Filament.objects.create(**spool, initial_amount=200, current_amount=900)  # refilled above what it came with
    assert analytics.farm_figures(owner) == {
        "total_prints": 5,
        "prints_completed": 3,
        "print_success_rate": 75.0,
        "filament_used_kg": 1.7,
        "materials_in_stock": 3,
        "low_stock_alerts": 2,
    }
    assert analytics.farm_figures(UserFactory())["print_success_rate"] == 0.0
