"""Importing a 10,000-row LCSC export end to end (issue 11: under 5 s), through the API.

    [DATABASE_URL=postgres://...] .venv/bin/python benchmarks/inventory_import_bench.py [--rows 10000]

On a throwaway test database (SQLite in memory, or `test_<name>` on PostgreSQL when DATABASE_URL is
set): POST /api/inventory/csv/import with the export as `csv_content`, first into an empty inventory
(every part created), then the same file again (every part topped up, a second order recorded).
Prints each run's seconds and the number of SQL queries it took.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from inventory_import_parse_bench import lcsc_export  # noqa: E402

BUDGET_SECONDS = 5.0


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--rows", type=int, default=10_000)
    options = arguments.parse_args()

    setup_test_environment()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from config.testing.clients import client_for
        from inventory.models import Part, SupplierOrderItem
        from inventory.tests.factories import manager

        content = lcsc_export(options.rows).decode("utf-8")
        client = client_for(manager())
        print(f"{options.rows:,}-row LCSC export ({len(content) / 1_048_576:.2f} MB) on {connection.vendor}")
        for label in ("into an empty inventory", "again (quantities added)"):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.post("/api/inventory/csv/import", {"csv_content": content}, format="json")
                seconds = time.perf_counter() - started
            assert response.status_code == 200, response.content[:300]
            verdict = "ok" if seconds < BUDGET_SECONDS else "OVER BUDGET"
            print(f"  import {label}: {seconds:.2f} s, {len(queries)} queries ({verdict}, budget {BUDGET_SECONDS} s)")
        assert Part.objects.count() == options.rows and SupplierOrderItem.objects.count() == 2 * options.rows
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
