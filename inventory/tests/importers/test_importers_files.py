"""Reading uploads: encodings, bad rows with their line numbers, and files refused whole."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
import xlwt

from config.errors import Refused
from inventory.importers import MAX_FILE_BYTES, parse_order

LCSC_HEADER = (
    "LCSC Part Number,Manufacture Part Number,Manufacturer,Customer NO.,Package,Description,RoHS,"
    "Order Qty.,Min\\Mult Order Qty.,Unit Price($),Order Price($)"
)


def lcsc_csv(*rows: str) -> str:
    return "\r\n".join([LCSC_HEADER, *rows]) + "\r\n"


def refusal(content, **options) -> Refused:
    with pytest.raises(Refused) as refused:
        parse_order(content, **options)
    return refused.value


def test_a_bad_row_is_reported_with_its_line_and_the_rest_parse():
    content = lcsc_csv(
        "C1,MPN-1,Maker,,0603,good,YES,10,1\\1,0.01,0.10",
        "C2,MPN-2,Maker,,0603,quantity is text,YES,ten,1\\1,0.01,0.10",
        "C3,MPN-3,Maker,,0603,price is text,YES,10,1\\1,cheap,0.10",
        ",,Maker,,0603,no part number,YES,10,1\\1,0.01,0.10",
        "C5,MPN-5,Maker,,0603,half a part,YES,2.5,1\\1,0.01,0.10",
        "C6,MPN-6,Maker,,0603,negative,YES,-3,1\\1,0.01,0.10",
        "C7,MPN-7,Maker,,0603,also good,YES,1,1\\1,,",
    )

    order = parse_order(content.encode())

    assert [(row.line, row.part_number) for row in order.rows] == [(2, "C1"), (8, "C7")]
    assert [problem.as_dict() for problem in order.problems] == [
        {"line": 3, "message": "The quantity 'ten' is not a number."},
        {"line": 4, "message": "The price 'cheap' is not an amount of money."},
        {"line": 5, "message": "The row has neither a supplier part number nor a manufacturer part number."},
        {"line": 6, "message": "The quantity '2.5' is not a whole number."},
        {"line": 7, "message": "The quantity '-3' is negative."},
    ]
    assert order.total_rows == 7
    assert (order.rows[1].unit_price, order.rows[1].extended_price) == (None, None)


def test_line_numbers_count_the_lines_of_a_quoted_multi_line_cell():
    content = lcsc_csv('C1,MPN-1,Maker,,0603,"two\nlines",YES,10,1\\1,0.01,0.10', "C2,MPN-2,Maker,,0603,x,YES,oops,,,")

    order = parse_order(content.encode())

    assert order.rows[0].description == "two lines"
    assert order.problems[0].line == 4


def test_blank_lines_are_skipped_but_counted():
    content = lcsc_csv("C1,MPN-1,Maker,,0603,x,YES,10,,,", ",,,,,,,,,,", "", "C2,MPN-2,Maker,,0603,x,YES,x,,,")

    order = parse_order(content.encode())

    assert order.problems[0].line == 5


def test_the_extended_price_is_the_unit_price_times_the_quantity_when_missing():
    order = parse_order(lcsc_csv("C1,MPN-1,Maker,,0603,x,YES,1000,,0.0012,"))

    assert order.rows[0].extended_price == Decimal("1.2000")


def test_windows_1252_csv_is_read():
    content = lcsc_csv("C1,MPN-1,Maker,,0805,10µF ±10% 25V,YES,10,,0.01,0.10").encode("cp1252")

    order = parse_order(content)

    assert order.rows[0].description == "10µF ±10% 25V"


def test_utf16_csv_from_excel_is_read():
    content = lcsc_csv("C1,MPN-1,Maker,,0805,10µF ±10% 25V,YES,10,,0.01,0.10").encode("utf-16")

    assert parse_order(content).rows[0].description == "10µF ±10% 25V"


def test_semicolon_separated_csv_from_a_european_excel_is_read():
    content = lcsc_csv("C1,MPN-1,Maker,,0603,x,YES,10,,0.01,0.10").replace(",", ";")

    order = parse_order(content.encode())

    assert (order.rows[0].part_number, order.rows[0].quantity) == ("C1", 10)


def test_text_content_with_a_bom_as_the_json_api_sends_it():
    order = parse_order("\ufeff" + lcsc_csv("C1,MPN-1,Maker,,0603,x,YES,10,,0.01,0.10"))

    assert order.headers[0] == "LCSC Part Number" and len(order.rows) == 1


def test_control_characters_in_cells_are_dropped():
    order = parse_order(lcsc_csv("C1,MPN-1,Ma\x07ker,,0603,x\x1b,YES,10,,0.01,0.10"))

    assert order.rows[0].manufacturer == "Ma ker" and order.rows[0].description == "x"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"\r\n \r\n", "empty"),
        (b"name,qty\r\nwidget,3\r\n", "unsupported_file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "invalid_workbook"),
        (b"PK\x03\x04 not really a zip", "invalid_workbook"),
    ],
)
def test_a_file_that_is_no_supported_export_is_refused_whole(content, code):
    refused = refusal(content)

    assert refused.code == code
    assert refused.problems[0].field == "file"


def test_the_refusal_of_an_unknown_csv_names_the_expected_columns():
    refused = refusal(b"name,qty\r\nwidget,3\r\n")

    assert refused.message.startswith("This file is not an order export from LCSC, DigiKey or Mouser")
    assert "'LCSC Part Number'" in refused.message and "'Mouser #'" in refused.message
    assert "Its first row is: name, qty." in refused.message


def test_a_zip_that_is_no_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")

    assert refusal(buffer.getvalue()).code == "invalid_workbook"


def test_a_file_over_the_size_limit_is_refused_unread():
    refused = refusal(b"x" * (MAX_FILE_BYTES + 1))

    assert refused.code == "too_large"
    assert "limited to 10 MB" in refused.message


def test_a_file_over_the_row_limit_is_refused_whole():
    content = lcsc_csv(*[f"C{n},MPN-{n},Maker,,0603,x,YES,1,,0.01,0.01" for n in range(5)])

    assert refusal(content.encode(), max_rows=4).code == "too_many_rows"
    assert len(parse_order(content.encode(), max_rows=5).rows) == 5


def test_a_workbook_over_the_row_limit_is_refused_whole():
    book = openpyxl.Workbook()
    book.active.append(["Mouser #", "Mfr. #", "Order Qty."])
    for n in range(30):
        book.active.append([f"M-{n}", f"P-{n}", n])
    buffer = io.BytesIO()
    book.save(buffer)

    assert refusal(buffer.getvalue(), max_rows=5).code == "too_many_rows"


def test_an_export_saved_in_a_file_type_its_supplier_never_writes_is_refused():
    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    for column, header in enumerate(["LCSC Part Number", "Manufacture Part Number", "Order Qty."]):
        sheet.write(0, column, header)
    buffer = io.BytesIO()
    book.save(buffer)

    refused = refusal(buffer.getvalue())

    assert refused.code == "unsupported_file_type"
    assert refused.message.startswith("LCSC exports are read from csv or xlsx files, not xls")


def test_a_bad_cell_in_a_workbook_is_a_problem_on_its_row():
    book = openpyxl.Workbook()
    for row in (
        ["Mouser #", "Mfr. #", "Order Qty.", "Price (USD)"],
        ["M-1", "P-1", 3, 0.25],
        ["M-2", "P-2", 3, "n/a"],
        ["M-3", "P-3", 2.5, 1],
    ):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)

    order = parse_order(buffer.getvalue())

    assert [(row.part_number, row.quantity, row.unit_price) for row in order.rows] == [("M-1", 3, Decimal("0.25"))]
    assert [problem.as_dict() for problem in order.problems] == [
        {"line": 3, "message": "The price 'n/a' is not an amount of money."},
        {"line": 4, "message": "The quantity '2.5' is not a whole number."},
    ]


def test_parsed_order_as_dict_keeps_prices_exact():
    order = parse_order(lcsc_csv("C1,MPN-1,Maker,,0603,x,YES,10,,0.10000,1.00"))

    row = order.as_dict()["rows"][0]
    assert (row["unit_price"], row["extended_price"]) == ("0.10000", "1.00")
