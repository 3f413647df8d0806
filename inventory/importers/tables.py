"""Turning an uploaded export into rows of text: CSV (any of the encodings suppliers and Excel write),
Excel 97 `.xls` (Mouser's order history) and `.xlsx`.

The kind of file is told by its first bytes, not by its name. Work is bounded: the file's size, the
number of rows read, the columns kept per row and, for `.xlsx`, the unpacked size of the archive.
Anything a library cannot read is refused as a whole, with the reason, before any row is parsed.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

import openpyxl
import xlrd

from config.errors import Refused

FILE_FIELD = "file"

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000  # data rows; a large LCSC order has a few hundred, the benchmark 10,000
MAX_COLUMNS = 100
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
HEADER_SEARCH_ROWS = 10  # a workbook may put a title or order details above the header row

XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file (Excel 97-2003)
ZIP_SIGNATURE = b"PK\x03\x04"
CSV_DELIMITERS = (",", ";", "\t")
CSV_ENCODINGS = ("utf-8", "cp1252")
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\xa0]")  # Unicode's "Cc" characters, and the no-break space


class FileType:
    CSV = "csv"
    XLS = "xls"
    XLSX = "xlsx"


@dataclass(frozen=True)
class Row:
    """One row of the file: the line (CSV) or row (sheet) number a user sees, and its cells as text."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    file_type: str
    rows: list[Row]


def refuse(message: str, code: str) -> Refused:
    return Refused(FILE_FIELD, message, code)


def read_table(content: bytes | str, max_rows: int = MAX_ROWS) -> Table:
    """Every row of the export (the header search rows plus at most `max_rows` more), as text.
    `content` is the uploaded file, or CSV text as the JSON API's `csv_content` carries it."""
    if not content:
        raise refuse("The file is empty.", "empty")
    if len(content) > MAX_FILE_BYTES:
        raise refuse(
            f"The file is {len(content) / 1_048_576:.1f} MB; imports are limited to {MAX_FILE_BYTES // 1_048_576} MB.",
            "too_large",
        )
    if isinstance(content, str):
        return Table(FileType.CSV, csv_rows(content, max_rows))
    if content.startswith(XLS_SIGNATURE):
        return Table(FileType.XLS, xls_rows(content, max_rows))
    if content.startswith(ZIP_SIGNATURE):
        return Table(FileType.XLSX, xlsx_rows(content, max_rows))
    return Table(FileType.CSV, csv_rows(decode_text(content), max_rows))


def decode_text(content: bytes) -> str:
    """CSV bytes as text: UTF-8 with or without a BOM (DigiKey writes one), UTF-16 with a BOM
    (Excel's "Unicode text"), else Windows-1252 (Excel's CSV on Western Windows)."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise refuse("The file says it is UTF-16 text but is not.", "not_text") from None
    if b"\x00" in content:
        raise refuse("The file is neither a CSV text file nor an Excel workbook.", "not_text")
    content = content.removeprefix(b"\xef\xbb\xbf")
    for encoding in CSV_ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    # Windows-1252 leaves five bytes undefined; Latin-1 reads every byte, so a stray one cannot fail the file.
    return content.decode("latin-1")


def csv_rows(text: str, max_rows: int) -> list[Row]:
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise refuse("The file is neither a CSV text file nor an Excel workbook.", "not_text")
    if not text.strip():
        raise refuse("The file is empty.", "empty")
    first_line = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    line = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append(Row(line, clean_cells(record)))
                ensure_row_limit(rows, max_rows)
            line = reader.line_num + 1
    except csv.Error as error:
        raise refuse(f"Line {reader.line_num} is not valid CSV: {error}.", "invalid_csv") from None
    return rows


def xls_rows(content: bytes, max_rows: int) -> list[Row]:
    # xlrd raises many kinds of errors on a damaged file (XLRDError, struct.error, IndexError, ...):
    # whatever it is, the workbook cannot be read, and the user is told so.
    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception as error:
        raise refuse(f"The Excel 97-2003 (.xls) workbook cannot be read: {error}.", "invalid_workbook") from None
    ensure_sheet_rows(sheet.nrows, max_rows)
    rows = []
    for index in range(sheet.nrows):
        cells = tuple(
            xls_cell_text(cell, book.datemode) for cell in sheet.row_slice(index, 0, min(sheet.ncols, MAX_COLUMNS))
        )
        if any(cells):
            rows.append(Row(index + 1, cells))
    return rows


def xls_cell_text(cell: xlrd.sheet.Cell, datemode: int) -> str:
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode).isoformat()
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return ""
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return cell_text(cell.value)


def xlsx_rows(content: bytes, max_rows: int) -> list[Row]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise refuse("The file looks like an .xlsx workbook but is not a readable one.", "invalid_workbook") from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise refuse("The .xlsx workbook unpacks to more data than an order export holds.", "too_large")
    # openpyxl reads XML through defusedxml (installed), and fails in many ways on a damaged archive.
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise refuse(f"The .xlsx workbook cannot be read: {error}.", "invalid_workbook") from None
    try:
        return sheet_rows(book.worksheets[0], max_rows)
    except Refused:
        raise
    except Exception as error:
        raise refuse(f"The .xlsx workbook cannot be read: {error}.", "invalid_workbook") from None
    finally:
        book.close()


def sheet_rows(sheet, max_rows: int) -> list[Row]:
    ensure_sheet_rows(sheet.max_row or 0, max_rows)
    rows = []
    for index, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
        cells = tuple(cell_text(value) for value in values)
        if any(cells):
            rows.append(Row(index, cells))
            ensure_row_limit(rows, max_rows)
    return rows


def cell_text(value) -> str:
    """A spreadsheet value as the text a CSV export would hold: 100.0 is "100", dates are ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return clean_text(str(value))


def clean_cells(cells) -> tuple[str, ...]:
    return tuple(clean_text(cell) for cell in cells[:MAX_COLUMNS])


def clean_text(text: str) -> str:
    """No control characters (a NUL cannot be stored), no-break spaces as spaces, trimmed."""
    return CONTROL_CHARACTERS.sub(" ", text).strip()


def ensure_row_limit(rows: list[Row], max_rows: int) -> None:
    if len(rows) > max_rows + HEADER_SEARCH_ROWS:
        raise too_many_rows(max_rows)


def ensure_sheet_rows(count: int, max_rows: int) -> None:
    if count > max_rows + HEADER_SEARCH_ROWS:
        raise too_many_rows(max_rows)


def too_many_rows(max_rows: int) -> Refused:
    return refuse(f"The file has more than {max_rows:,} rows; split it into smaller imports.", "too_many_rows")
