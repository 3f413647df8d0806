"""/analytics/dashboard and /analytics/revenue (spec "Analytics")."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import PRINTSHOP
from printshop.api import etsy_views as views

from .factories import EtsyShopFactory, OrderFactory

pytestmark = pytest.mark.django_db

DASHBOARD, REVENUE = "/api/printshop/analytics/dashboard", "/api/printshop/analytics/revenue"


@hand_tested(views.DashboardView, views.RevenueView, why="figures over the caller's orders, not rows")
class TestAnalytics:
    @time_machine.travel(datetime(2026, 3, 25, 12, tzinfo=UTC), tick=False)
    def test_dashboard_counts_only_the_callers_orders(self):
        shop = EtsyShopFactory()
        OrderFactory(shop=shop, total_amount=Decimal("40"), ordered_at=datetime(2026, 3, 2, tzinfo=UTC))
        OrderFactory(shop=shop, total_amount=Decimal("20"), ordered_at=datetime(2026, 2, 2, tzinfo=UTC))
        OrderFactory(total_amount=Decimal("500"), ordered_at=datetime(2026, 3, 3, tzinfo=UTC))
        body = client_for(shop.user).get(DASHBOARD).json()
        assert body["total_orders"] == 2 and body["orders_this_month"] == 1
        assert body["revenue_this_month"] == 40.0 and body["average_order_value"] == 30.0 and body["currency"] == "USD"
        farm = {"total_prints", "prints_completed", "print_success_rate", "filament_used_kg"}
        assert {name: body[name] for name in farm} == dict.fromkeys(farm, 0)
        assert body["materials_in_stock"] == 0 and body["low_stock_alerts"] == 0

    @time_machine.travel(datetime(2026, 3, 25, 12, tzinfo=UTC), tick=False)
    def test_revenue_defaults_to_the_last_30_days_daily(self):
        shop = EtsyShopFactory()
        OrderFactory(shop=shop, total_amount=Decimal("10"), ordered_at=datetime(2026, 3, 24, tzinfo=UTC))
        body = client_for(shop.user).get(REVENUE).json()
        assert body["period"] == "daily" and len(body["data"]) == 30
        assert body["data"][-2] == {"date": "2026-03-24", "revenue": 10.0, "order_count": 1, "average_order": 10.0}
        assert (body["total_revenue"], body["total_orders"]) == (10.0, 1)

    def test_revenue_monthly(self):
        shop = EtsyShopFactory()
        OrderFactory(shop=shop, total_amount=Decimal("10"), ordered_at=datetime(2026, 1, 24, tzinfo=UTC))
        OrderFactory(shop=shop, total_amount=Decimal("30"), ordered_at=datetime(2026, 3, 1, tzinfo=UTC))
        query = "period=monthly&start_date=2026-01-01&end_date=2026-03-31"
        body = client_for(shop.user).get(f"{REVENUE}?{query}").json()
        assert [(row["date"], row["revenue"]) for row in body["data"]] == [
            ("2026-01-01", 10.0),
            ("2026-02-01", 0.0),
            ("2026-03-01", 30.0),
        ]

    @pytest.mark.parametrize(
        "query",
        [
            "period=hourly",
            "start_date=2026-13-01",
            "start_date=2026-03-02&end_date=2026-03-01",
            "start_date=2000-01-01&end_date=2026-01-01",
            "currency=dollars",
        ],
    )
    def test_bad_revenue_query_is_400(self, query):
        PRINTSHOP.assert_error(client_for(UserFactory()).get(f"{REVENUE}?{query}"), 400)

    def test_bad_currency_on_the_dashboard_is_400(self):
        PRINTSHOP.assert_error(client_for(UserFactory()).get(f"{DASHBOARD}?currency=1"), 400)

    def test_strangers_get_401(self):
        PRINTSHOP.assert_error(client_for().get(DASHBOARD), 401)
        PRINTSHOP.assert_error(client_for().get(REVENUE), 401)
