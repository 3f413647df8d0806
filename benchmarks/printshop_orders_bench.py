"""Print shop orders benchmark: the analytics dashboard and a revenue year over 100,000 Etsy orders,
the order list at page sizes 1 and 200, and a sync of 1,000 receipts from the local fake Etsy.

    .venv/bin/python benchmarks/printshop_orders_bench.py [--orders 100000] [--repeat 10]

Runs against a throwaway test database (SQLite in memory, or `test_<name>` on PostgreSQL when
DATABASE_URL is set), through the real HTTP stack with a real JWT. Target: dashboard < 100 ms.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

DASHBOARD_TARGET_MS = 100
STATUSES = ["paid"] * 80 + ["shipped"] * 10 + ["completed"] * 6 + ["canceled"] * 2 + ["fully_refunded"] * 2


def timed(call, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = call()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:500]
    return samples


def report(label, samples, target=None):
    line = f"{label:<48} min {min(samples):7.1f} ms  median {statistics.median(samples):7.1f} ms"
    if target:
        line += f"   target < {target} ms: {'OK' if statistics.median(samples) < target else 'MISSED'}"
    print(line)


def make_orders(shop, count):
    from django.utils import timezone

    from printshop.models import Order

    rng = random.Random(12)
    now = timezone.now()
    rows = [
        Order(
            shop=shop,
            etsy_receipt_id=3_000_000_000 + n,
            buyer_name=f"Buyer {n}",
            status=rng.choice(STATUSES),
            currency="USD" if n % 20 else "EUR",
            total_amount=Decimal(rng.randrange(500, 20000)) / 100,
            ordered_at=now - timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60)),
        )
        for n in range(count)
    ]
    Order.objects.bulk_create(rows, batch_size=5000)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    setup_test_environment()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from config.testing.clients import client_for
        from config.testing.fake_etsy import FakeEtsy
        from printshop.models import Order
        from printshop.tests.etsy.factories import EtsyShopFactory

        shop = EtsyShopFactory()
        start = time.perf_counter()
        make_orders(shop, args.orders)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.vendor == "postgresql" else "ANALYZE printshop_order")
        print(f"made {Order.objects.count():,} orders in {time.perf_counter() - start:.1f} s on {connection.vendor}")
        EtsyShopFactory()  # another seller, so the owner filter has something to leave out

        client = client_for(shop.user)
        report(
            f"GET analytics/dashboard ({args.orders:,} orders)",
            timed(lambda: client.get("/api/printshop/analytics/dashboard"), args.repeat),
            DASHBOARD_TARGET_MS,
        )
        report(
            "GET analytics/revenue (a year, monthly)",
            timed(lambda: client.get("/api/printshop/analytics/revenue?period=monthly"), args.repeat),
        )
        report(
            "GET analytics/revenue (30 days, daily)",
            timed(lambda: client.get("/api/printshop/analytics/revenue"), args.repeat),
        )
        for limit in (1, 200):
            with CaptureQueriesContext(connection) as queries:
                samples = timed(lambda limit=limit: client.get(f"/api/printshop/orders?limit={limit}"), args.repeat)
            report(f"GET orders?limit={limit} ({len(queries) // args.repeat} queries)", samples)

        from django.conf import settings

        from printshop.etsy.sync import sync_shop
        from printshop.tests.etsy.helpers import link_seller

        fake = FakeEtsy().up()
        try:
            settings.ETSY_KEYSTRING, settings.ETSY_SHARED_SECRET = "testkeystring1234567890", "testsharedsecret"
            settings.ETSY_REDIRECT_URI = "https://dashboard.example.com/etsy/callback"
            settings.ETSY_API_BASE_URL, settings.ETSY_OAUTH_URL = fake.api_base_url, fake.oauth_url
            seller, _ = link_seller(fake)
            for _ in range(1000):
                fake.add_receipt(seller.etsy_shop_id)
            start = time.perf_counter()
            result = sync_shop(seller)
            print(f"sync of 1,000 receipts (10 pages): {result.created} new in {time.perf_counter() - start:.2f} s")
            start = time.perf_counter()
            result = sync_shop(seller)
            print(f"the same again, idempotent: {result.updated} updated in {time.perf_counter() - start:.2f} s")
        finally:
            fake.down()
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
