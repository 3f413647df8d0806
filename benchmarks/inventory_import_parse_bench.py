"""Parsing a 10,000-row LCSC order export (issue 11: the whole import must take under 5 s).

    .venv/bin/python benchmarks/inventory_import_parse_bench.py [--rows 10000] [--runs 5]

Generates the export in LCSC's real layout (UTF-8 CSV, CRLF, quoted descriptions with commas) and
times `inventory.importers.parse_order` on its bytes: decoding, header detection and every row read
into an order row. Prints the file size, the rows read and the median and slowest seconds. This is
the parsing share of the import; storing the rows is measured with the import endpoint.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

from inventory.importers import parse_order  # noqa: E402

PARSE_BUDGET_SECONDS = 1.0  # of the 5 s the whole import may take
HEADER = (
    "LCSC Part Number,Manufacture Part Number,Manufacturer,Customer NO.,Package,Description,RoHS,"
    "Order Qty.,Min\\Mult Order Qty.,Unit Price($),Order Price($)"
)
PACKAGES = ("0402", "0603", "0805", "SOT-23", "SOIC-8", "QFN-32")


def lcsc_export(rows: int) -> bytes:
    lines = [HEADER]
    for n in range(rows):
        quantity = 10 * (n % 50 + 1)
        unit_price = f"{0.0005 + (n % 997) / 10000:.4f}"
        order_price = f"{quantity * float(unit_price):.2f}"
        description = f'"{n % 100}kOhm ±1% 1/10W Chip Resistor - Surface Mount, {PACKAGES[n % 6]} ROHS"'
        lines.append(
            f"C{100000 + n},RC-{n:06d}T5E,UNI-ROYAL(Uniroyal Elec),REF-{n % 40},{PACKAGES[n % 6]},"
            f"{description},YES,{quantity},10\\10,{unit_price},{order_price}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--rows", type=int, default=10_000)
    arguments.add_argument("--runs", type=int, default=5)
    options = arguments.parse_args()

    content = lcsc_export(options.rows)
    timings = []
    for _ in range(options.runs):
        started = time.perf_counter()
        order = parse_order(content, filename="LCSC_Exported__20241222_232705.csv")
        timings.append(time.perf_counter() - started)
    assert len(order.rows) == options.rows and not order.problems, "the generated export must parse cleanly"

    median = statistics.median(timings)
    print(f"LCSC export: {len(content) / 1_048_576:.2f} MB, {len(order.rows):,} rows parsed")
    print(f"parse: median {median:.3f} s, slowest {max(timings):.3f} s over {options.runs} runs")
    print(f"budget {PARSE_BUDGET_SECONDS:.1f} s: {'OK' if median < PARSE_BUDGET_SECONDS else 'OVER'}")


if __name__ == "__main__":
    main()
