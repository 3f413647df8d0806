"""Real-format exports of each supplier read in full (fixtures written in the suppliers' own layouts)."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from config.errors import NotFound, Refused
from inventory.importers import (
    PARSERS,
    detect,
    extract_filename_info,
    import_limits,
    parse_order,
    parser_info,
    supported_types,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LCSC_FILE = "LCSC_Exported__20241222_232705.csv"


def parse_fixture(name: str, **options):
    return parse_order((FIXTURES / name).read_bytes(), filename=name, **options)


def test_lcsc_export_gives_every_row_with_the_order_date_from_its_file_name():
    order = parse_fixture(LCSC_FILE)

    assert (order.parser, order.supplier, order.file_type) == ("lcsc", "LCSC", "csv")
    assert order.problems == []
    assert [row.part_number for row in order.rows] == ["C25804", "C14663", "C6186", "C2040", "C965799"]
    assert [row.line for row in order.rows] == [2, 3, 4, 5, 6]
    assert order.order_date == date(2024, 12, 22)
    resistor = order.rows[0]
    assert resistor.part_name == "0603WAF1002T5E" == resistor.manufacturer_part_number
    assert resistor.manufacturer == "UNI-ROYAL(Uniroyal Elec)"
    assert resistor.description == "±1% 1/10W 10kΩ 0603 Chip Resistor - Surface Mount, ROHS"
    assert resistor.package == "0603"
    assert resistor.quantity == 100
    assert resistor.unit_price == Decimal("0.0009")
    assert resistor.extended_price == Decimal("0.09")
    assert resistor.properties == {"rohs": "YES", "min_mult_order_qty": "100\\100"}
    assert order.rows[2].properties["customer_reference"] == "PWR-01"


def test_digikey_classic_export_with_bom_and_subtotal_row():
    order = parse_fixture("digikey_classic.csv")

    assert (order.parser, order.header_format) == ("digikey", "digikey-classic")
    assert order.headers[0] == "Index"  # the BOM is not part of the first header
    assert order.problems == []
    assert [row.part_number for row in order.rows] == [
        "311-10.0KHRCT-ND",
        "296-1395-1-ND",
        "1276-1935-1-ND",
        "ATMEGA328P-AU-ND",
    ]
    assert order.rows[0].unit_price == Decimal("0.10000")
    assert order.rows[2].properties == {"customer_reference": "C1, C2", "backorder": "0"}
    assert order.rows[3].properties["backorder"] == "2"
    assert order.subtotal == Decimal("11.96") == sum(row.extended_price for row in order.rows)


def test_digikey_current_upper_case_export():
    order = parse_fixture("digikey_2024.csv")

    assert (order.parser, order.header_format) == ("digikey", "digikey")
    assert order.problems == []
    assert len(order.rows) == 4
    connector = order.rows[2]
    assert (connector.part_number, connector.manufacturer_part_number) == ("1528-1148-ND", "1528")
    assert connector.unit_price == Decimal("1.06000")
    assert connector.quantity == 4
    assert order.rows[3].quantity == 1000  # "1,000"
    assert order.rows[1].properties["customer_reference"] == "WiFi module"
    assert order.subtotal == Decimal("15.06") == sum(row.extended_price for row in order.rows)


def test_mouser_order_history_xls():
    order = parse_fixture("mouser_order_history.xls")

    assert (order.parser, order.file_type) == ("mouser", "xls")
    assert order.problems == []
    assert order.order_number == "262114853"
    assert order.order_date == date(2024, 11, 5)
    assert [row.part_number for row in order.rows] == [
        "595-TLV9062IDR",
        "511-STM32G431CBU6",
        "603-RC0402FR-0710KL",
        "581-08055C104K",
    ]
    opamp = order.rows[0]
    assert (opamp.part_name, opamp.manufacturer, opamp.description) == (
        "TLV9062IDR",
        "Texas Instruments",
        "Operational Amplifiers RRIO 10MHz",
    )
    assert (opamp.quantity, opamp.unit_price, opamp.extended_price) == (10, Decimal("0.692"), Decimal("6.92"))
    assert opamp.properties == {"customer_reference": "OPAMP-1", "rohs": "Y"}
    assert "order_status" not in opamp.properties and "line" not in opamp.properties


def test_mouser_cart_xlsx_with_a_title_above_the_header_and_a_total_row():
    order = parse_fixture("mouser_cart.xlsx")

    assert (order.parser, order.file_type) == ("mouser", "xlsx")
    assert order.problems == []
    assert [(row.line, row.part_number, row.quantity) for row in order.rows] == [
        (4, "863-NCP1117ST33T3G", 5),
        (5, "710-150060VS75000", 20),
    ]
    assert order.rows[1].unit_price == Decimal("0.17")
    assert order.rows[1].properties == {"customer_reference": "LED1", "rohs": "RoHS", "lifecycle": "New"}
    assert order.total == Decimal("5.55")


@pytest.mark.parametrize(
    ("header", "parser", "header_format"),
    [
        (["LCSC Part Number", "Manufacture Part Number", "Order Qty.", "Unit Price($)"], "lcsc", "lcsc"),
        (["Index", "DigiKey Part #", "Quantity", "Unit Price"], "digikey", "digikey-classic"),
        (["\ufeffIndex", "Digi-Key Part Number", "Quantity"], "digikey", "digikey-classic"),
        (
            ["#", "QUANTITY", "PART NUMBER", "MANUFACTURER PART NUMBER", "CUSTOMER REFERENCE", "BACKORDER"],
            "digikey",
            "digikey",
        ),
        (["Mouser #:", "Mfr. #:", "Desc.:", "Order Qty.", "Price (USD)"], "mouser", "mouser"),
        (["", "mouser #", "MFR. #", "order qty."], "mouser", "mouser"),
    ],
)
def test_detect_names_the_parser_and_layout_of_a_header_row(header, parser, header_format):
    detection = detect(header)

    assert (detection.parser.name, detection.header_format) == (parser, header_format)


@pytest.mark.parametrize(
    "header",
    [
        ["Part Number", "Quantity", "Unit Price"],  # anyone's spreadsheet, not DigiKey's
        ["#", "QUANTITY", "PART NUMBER", "MANUFACTURER PART NUMBER"],  # DigiKey's words without its signature
        ["LCSC Part Number", "Description"],  # no quantity: nothing to import
        [],
    ],
)
def test_detect_finds_nothing_in_headers_of_no_supported_export(header):
    assert detect(header) is None


def test_extract_filename_info_reads_the_lcsc_export_time():
    info = extract_filename_info(LCSC_FILE)

    assert info.supplier == "LCSC"
    assert info.order_date == date(2024, 12, 22)
    assert info.exported_at == datetime(2024, 12, 22, 23, 27, 5)
    assert info.as_dict() == {"supplier": "LCSC", "order_date": "2024-12-22", "exported_at": "2024-12-22T23:27:05"}


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("C:\\Users\\me\\Downloads\\LCSC_Exported__20250102_080910 (1).csv", date(2025, 1, 2)),
        ("/tmp/lcsc_exported__20250102_080910.CSV", date(2025, 1, 2)),
        ("LCSC_Exported__20241399_000000.csv", None),  # no 99th of the 13th month
        ("LCSC_Exported__2024122_232705.csv", None),
        ("digikey_2024.csv", None),
        ("", None),
    ],
)
def test_extract_filename_info_of_other_names(filename, expected):
    info = extract_filename_info(filename)

    assert (info.order_date if info else None) == expected


def test_a_file_date_inside_the_export_wins_over_its_name():
    content = (FIXTURES / "mouser_order_history.xls").read_bytes()

    order = parse_order(content, filename=LCSC_FILE)

    assert order.order_date == date(2024, 11, 5)


def test_parser_info_describes_each_parser():
    info = parser_info("DigiKey")

    assert info["type"] == "digikey" and info["name"] == "DigiKey"
    assert info["file_types"] == ["csv", "xlsx"]
    assert [layout["name"] for layout in info["formats"]] == ["digikey", "digikey-classic"]
    assert set(info["formats"][0]["required_columns"]) == {
        "PART NUMBER",
        "MANUFACTURER PART NUMBER",
        "QUANTITY",
        "#",
        "CUSTOMER REFERENCE",
        "BACKORDER",
    }
    assert "DigiKey Part #" in info["formats"][1]["sample_columns"]
    assert [entry["type"] for entry in supported_types()] == list(PARSERS) == ["lcsc", "digikey", "mouser"]
    assert parser_info("mouser")["file_types"] == ["xls", "xlsx", "csv"]


def test_parser_info_of_an_unknown_parser_is_not_found():
    with pytest.raises(NotFound, match="'arrow' not found"):
        parser_info("arrow")


def test_import_limits_name_the_bounds():
    limits = import_limits()

    assert limits["max_rows"] >= 10_000
    assert limits["max_file_bytes"] == 10 * 1024 * 1024
    assert limits["file_types"] == ["csv", "xls", "xlsx"]


def test_a_named_parser_reads_its_own_export():
    order = parse_fixture("digikey_2024.csv", parser_type=" DIGIKEY ")

    assert order.parser == "digikey" and len(order.rows) == 4


def test_a_named_parser_refuses_another_suppliers_export():
    with pytest.raises(Refused) as refused:
        parse_fixture(LCSC_FILE, parser_type="mouser")

    assert refused.value.problems[0].field == "parser_type"
    assert refused.value.code == "wrong_parser"
    assert refused.value.message == "This file is an export from LCSC, not from Mouser."


def test_an_unknown_parser_type_is_refused():
    with pytest.raises(Refused) as refused:
        parse_fixture(LCSC_FILE, parser_type="farnell")

    assert (refused.value.problems[0].field, refused.value.code) == ("parser_type", "unknown_parser")
    assert "lcsc, digikey, mouser" in refused.value.message


def test_an_order_number_longer_than_any_suppliers_is_left_out():
    from .fixtures.make_mouser_fixtures import ORDER_HISTORY_HEADER, ORDER_HISTORY_LINES

    def export(number: str) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(ORDER_HISTORY_HEADER)
        for line, (mouser, mfr, maker, customer, desc, qty, price) in enumerate(ORDER_HISTORY_LINES, 1):
            cells = [number, "W1", "11/05/2024", "Shipped", line, mouser, mfr, maker, customer, desc, "RoHS"]
            writer.writerow([*cells, qty, price, qty * price])
        return out.getvalue().encode()

    assert parse_order(export("262114853"), filename="orders.csv").order_number == "262114853"
    junk = parse_order(export("9" * 101), filename="orders.csv")
    assert junk.order_number == "" and len(junk.rows) == len(ORDER_HISTORY_LINES)
