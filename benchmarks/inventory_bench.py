"""Inventory benchmark (issue 11 "Speed"): part search and pages over 100,000 parts, a 5,000-location tree.

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python benchmarks/inventory_bench.py [--repeat N]

Runs against a throwaway test database (SQLite in memory, or `test_<name>` on PostgreSQL when
DATABASE_URL is set), through the real HTTP stack with a real JWT. Targets (PostgreSQL):
search_text and suggestions < 20 ms, a page of 50 parts < 15 ms, locations < 50 ms.
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

WORDS = ["resistor", "capacitor", "inductor", "diode", "mosfet", "regulator", "crystal", "header", "led", "fuse"]
PACKAGES = ["0402", "0603", "0805", "1206", "SOT-23", "SOIC-8", "TO-220", "QFN-32"]


def build_parts(count: int):
    from inventory.models import Category, Part

    rng = random.Random(11)
    categories = Category.objects.bulk_create([Category(name=word.title()) for word in WORDS])
    parts = [
        Part(
            part_name=f"{rng.choice(WORDS)} {rng.randint(1, 999)}{rng.choice('kMpnu')} {rng.choice(PACKAGES)} #{n}",
            part_number=f"C{100000 + n}",
            description=f"{rng.choice(WORDS)} in {rng.choice(PACKAGES)}, lot {rng.randint(1, 10_000)}",
            quantity=rng.randint(0, 5000),
            supplier=rng.choice(["LCSC", "DigiKey", "Mouser"]),
        )
        for n in range(count)
    ]
    Part.objects.bulk_create(parts, batch_size=5000)
    through = Part.categories.through
    through.objects.bulk_create(
        [through(part_id=part.pk, category_id=categories[n % len(categories)].pk) for n, part in enumerate(parts)],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")  # what autovacuum leaves a settled table in: index-only COUNT


def build_locations(rooms: int, cabinets: int, drawers: int):
    """Level by level with MPTT updates off, then one rebuild (STYLE.md "Trees")."""
    from inventory.models import Location

    common = {"tree_id": 0, "lft": 0, "rght": 0, "level": 0}
    with Location.objects.disable_mptt_updates():
        top = Location.objects.bulk_create([Location(name=f"Room {r}", **common) for r in range(rooms)])
        middle = Location.objects.bulk_create(
            [Location(name=f"Cabinet {c}", parent=room, **common) for room in top for c in range(cabinets)]
        )
        bottom = Location.objects.bulk_create(
            [Location(name=f"Drawer {d}", parent=cabinet, **common) for cabinet in middle for d in range(drawers)],
            batch_size=2000,
        )
    Location.objects.rebuild()
    return bottom[-1]


def timed(call, repeat):
    samples, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = call()
            samples.append((time.perf_counter() - start) * 1000)
        queries = len(context)
        assert response.status_code == 200, response.content[:500]
    return samples, queries


def report(label, measured, target):
    samples, queries = measured
    median = statistics.median(samples)
    verdict = "OK" if median < target else "MISSED"
    print(
        f"{label:<58} median {median:7.1f} ms  min {min(samples):7.1f} ms  {queries} queries  < {target} ms: {verdict}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    setup_test_environment()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from config.testing.clients import client_for
        from inventory.tests.factories import reader

        start = time.perf_counter()
        build_parts(args.parts)
        deepest = build_locations(rooms=10, cabinets=20, drawers=24)  # 10 + 200 + 4,800 = 5,010 locations
        print(
            f"built {args.parts:,} parts and 5,010 locations in {time.perf_counter() - start:.1f} s",
            f"on {connection.vendor}",
        )

        client = client_for(reader())
        api = "/api/inventory"
        searches = {
            "mosfet": "mosfet",  # in ~19,000 names and descriptions
            "each of the 10 words in turn": WORDS,  # every one as common as mosfet
            "0805 (a package: no name starts with it)": "0805",
            "regulator 5 (1,000 names start with it)": "regulator 5",
            "C150000 (exact)": "C150000",
            "2 pages in (page=3)": "mosfet&page=3",
        }
        for label, terms in searches.items():
            queries = itertools.cycle([terms] if isinstance(terms, str) else terms)

            def search(queries=queries):
                return client.get(f"{api}/parts/search_text?query={next(queries)}")

            report(f"GET parts/search_text {label}", timed(search, args.repeat), 20)
        report(
            "GET parts/suggestions?query=regul",
            timed(lambda: client.get(f"{api}/parts/suggestions?query=regul"), args.repeat),
            20,
        )
        for page, page_size in ((1, 1), (1, 50), (100, 50)):
            url = f"{api}/parts/get_all_parts?page={page}&page_size={page_size}"
            label = f"GET parts/get_all_parts page={page} page_size={page_size}"
            report(label, timed(lambda url=url: client.get(url), args.repeat), 15)
        report(
            "GET locations/get_all_locations (5,010)",
            timed(lambda: client.get(f"{api}/locations/get_all_locations"), args.repeat),
            50,
        )
        path_url = f"{api}/locations/get_location_path/{deepest.pk}"
        report("GET locations/get_location_path (depth 3)", timed(lambda: client.get(path_url), args.repeat), 50)
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
