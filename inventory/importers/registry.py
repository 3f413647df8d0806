"""Finding the parser for an export and reading it whole: the entry points the CSV endpoints call.

`parse_order` either returns every row of a supported export (with a problem for each row that could
not be read) or raises `Refused` and returns nothing; it never guesses at a file it does not know.
"""

from dataclasses import dataclass
from decimal import Decimal

from config.errors import NotFound, Refused

from . import values
from .base import ColumnMap, OrderParser
from .results import FilenameInfo, ParsedOrder, RowProblem
from .suppliers import PARSERS
from .tables import (
    FILE_FIELD,
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    Row,
    Table,
    read_table,
    too_many_rows,
)

PARSER_FIELD = "parser_type"
# The longest order number kept (SupplierOrder.order_number); a longer cell is no supplier's number.
ORDER_NUMBER_MAX_LENGTH = 100


@dataclass(frozen=True)
class Detection:
    """The parser and column layout a header row belongs to."""

    parser: OrderParser
    columns: ColumnMap

    @property
    def header_format(self) -> str:
        return self.columns.header_format.name


def detect(header_row, parsers=None) -> Detection | None:
    """The supplier export whose columns `header_row` names; the layout explaining most columns wins."""
    candidates = parsers if parsers is not None else PARSERS.values()
    found = [Detection(parser, columns) for parser in candidates if (columns := parser.recognise(header_row))]
    return max(found, key=lambda detection: detection.columns.matched, default=None)


def get_parser(name: str) -> OrderParser:
    parser = PARSERS.get(name.strip().casefold())
    if parser is None:
        raise Refused(PARSER_FIELD, f"Unknown parser {name!r}; choose one of {', '.join(PARSERS)}.", "unknown_parser")
    return parser


def parse_order(
    content: bytes | str, *, filename: str = "", parser_type: str | None = None, max_rows: int = MAX_ROWS
) -> ParsedOrder:
    """Every row of a supplier's order export. `content` is the uploaded file (bytes) or CSV text."""
    wanted = get_parser(parser_type) if parser_type else None
    table = read_table(content, max_rows)
    header_index, detection = find_header(table, wanted)
    parser, columns = detection.parser, detection.columns
    if table.file_type not in parser.file_types:
        raise Refused(
            FILE_FIELD,
            f"{parser.display_name} exports are read from {' or '.join(parser.file_types)} files, "
            f"not {table.file_type}; save the file in one of those formats.",
            "unsupported_file_type",
        )
    data_rows = table.rows[header_index + 1 :]
    if len(data_rows) > max_rows:
        raise too_many_rows(max_rows)

    order_rows, problems = [], []
    summary: dict[str, Decimal | None] = {}
    order_number, order_date = "", None
    for row in data_rows:
        if (found := parser.summary(row, columns)) is not None:
            kind, amount = found
            summary.setdefault(kind, amount)
            continue
        if not order_number and len(number := columns.value(row, "order_number")) <= ORDER_NUMBER_MAX_LENGTH:
            order_number = number
        order_date = order_date or values.order_date(columns.value(row, "order_date"))
        try:
            order_rows.append(parser.read_row(row, columns))
        except ValueError as error:
            problems.append(RowProblem(row.line, sentence(str(error))))

    if order_date is None and (from_name := parser.filename_info(base_name(filename))):
        order_date = from_name.order_date
    header_row = table.rows[header_index].cells
    return ParsedOrder(
        parser=parser.name,
        supplier=parser.supplier,
        file_type=table.file_type,
        header_format=detection.header_format,
        headers=[header for header in header_row if header],
        rows=order_rows,
        problems=problems,
        order_number=order_number,
        order_date=order_date,
        subtotal=summary.get("subtotal"),
        shipping=summary.get("shipping"),
        tax=summary.get("tax"),
        total=summary.get("total"),
        currency=parser.currency,
    )


def find_header(table: Table, wanted: OrderParser | None) -> tuple[int, Detection]:
    """The first row (of the first few) that names an export's columns, and whose export it is."""
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        if detection := detect(row.cells):
            if wanted is not None and detection.parser is not wanted:
                if own := detect(row.cells, [wanted]):
                    return index, own
                raise Refused(
                    PARSER_FIELD,
                    f"This file is an export from {detection.parser.display_name}, not from {wanted.display_name}.",
                    "wrong_parser",
                )
            return index, detection
    raise Refused(FILE_FIELD, not_an_export_message(table.rows, wanted), "unsupported_file")


def not_an_export_message(rows: list[Row], wanted: OrderParser | None) -> str:
    parsers = [wanted] if wanted else list(PARSERS.values())
    names = [parser.display_name for parser in parsers]
    suppliers = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    expected = "; ".join(
        f"{parser.display_name}: {', '.join(repr(column) for column in parser.formats[0].required_columns())}"
        for parser in parsers
    )
    seen = f" Its first row is: {', '.join(cell for cell in rows[0].cells if cell)[:200]}." if rows else ""
    return f"This file is not an order export from {suppliers}: its first rows lack the columns ({expected}).{seen}"


def sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def base_name(filename: str) -> str:
    return filename.replace("\\", "/").rsplit("/", 1)[-1].strip()


def extract_filename_info(filename: str) -> FilenameInfo | None:
    """The order details a supplier's export file name carries, whichever supplier named it."""
    name = base_name(filename)
    for parser in PARSERS.values():
        if info := parser.filename_info(name):
            return info
    return None


def parser_info(name: str) -> dict:
    parser = PARSERS.get(name.strip().casefold())
    if parser is None:
        raise NotFound(f"Parser {name!r} not found; available: {', '.join(PARSERS)}.")
    return parser.info()


def supported_types() -> list[dict]:
    return [parser.info() for parser in PARSERS.values()]


def import_limits() -> dict:
    """The bounds an upload must keep, for the CSV config endpoint and the front end's file picker."""
    return {
        "max_file_bytes": MAX_FILE_BYTES,
        "max_rows": MAX_ROWS,
        "max_columns": MAX_COLUMNS,
        "file_types": sorted({file_type for parser in PARSERS.values() for file_type in parser.file_types}),
    }
