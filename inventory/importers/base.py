"""What every supplier parser shares: the column layouts it recognises, and reading a row through one.

A parser declares its layouts (`HeaderFormat`): for each field of an order row, the column headers
that hold it in that supplier's exports. Headers are compared loosely (case, spacing, a trailing
colon, a byte-order mark), since the same supplier writes "Mouser #:" in one export and "Mouser #"
in another.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from . import values
from .results import FilenameInfo, OrderRow
from .tables import Row

# A row with no part number whose cell starts with one of these is the order's summary, not a part.
SUMMARY_LABELS = (
    (re.compile(r"^(sub\s*-?\s*total|merchandise\s+total)\b", re.IGNORECASE), "subtotal"),
    (re.compile(r"^(shipping|freight)\b", re.IGNORECASE), "shipping"),
    (re.compile(r"^(sales\s+)?(tax|vat)\b", re.IGNORECASE), "tax"),
    (re.compile(r"^(order\s+|grand\s+)?total\b", re.IGNORECASE), "total"),
)


def normalize_header(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).casefold().rstrip(":").rstrip()


def property_key(header: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", normalize_header(header)).strip("_")


@dataclass(frozen=True)
class HeaderFormat:
    """One column layout of a supplier's export."""

    name: str
    columns: dict[str, tuple[str, ...]]  # row or order field -> the headers that may hold it, preferred first
    required: tuple[str, ...]  # fields whose column must be there
    signature: tuple[str, ...] = ()  # further headers that must be there, where the field headers are generic
    properties: dict[str, tuple[str, ...]] = field(default_factory=dict)  # property key -> headers
    ignored: tuple[str, ...] = ()  # columns that are neither a field nor a property (a running index)

    def match(self, header_row) -> "ColumnMap | None":
        """Where this layout's columns are in `header_row`, or None when it is not this layout."""
        positions: dict[str, int] = {}
        for index, header in enumerate(header_row):
            positions.setdefault(normalize_header(header), index)
        if any(normalize_header(header) not in positions for header in self.signature):
            return None
        fields = locate(self.columns, positions)
        if any(name not in fields for name in self.required):
            return None
        properties = locate(self.properties, positions)
        claimed = set(fields.values()) | set(properties.values())
        claimed |= {positions[normalize_header(h)] for h in self.ignored if normalize_header(h) in positions}
        claimed |= {positions[normalize_header(h)] for h in self.signature}
        extras = {}
        for header, index in positions.items():
            if index not in claimed and (key := property_key(header)) and key not in properties:
                extras[key] = index
        return ColumnMap(self, fields, {**extras, **properties}, matched=len(claimed))

    def sample_columns(self) -> list[str]:
        headers = [headers[0] for headers in self.columns.values()]
        headers += [headers[0] for headers in self.properties.values()]
        return headers

    def required_columns(self) -> list[str]:
        headers = [self.columns[name][0] for name in self.required]
        return headers + [header for header in self.signature if header not in headers]


def locate(named: dict[str, tuple[str, ...]], positions: dict[str, int]) -> dict[str, int]:
    """The column of each name whose headers are present."""
    found = {name: first_of(headers, positions) for name, headers in named.items()}
    return {name: index for name, index in found.items() if index is not None}


def first_of(headers: tuple[str, ...], positions: dict[str, int]) -> int | None:
    for header in headers:
        if (index := positions.get(normalize_header(header))) is not None:
            return index
    return None


@dataclass(frozen=True)
class ColumnMap:
    """A layout found in a header row: the column of each field and property present."""

    header_format: HeaderFormat
    fields: dict[str, int]
    properties: dict[str, int]
    matched: int  # how many columns the layout explains; the most specific layout wins

    def value(self, row: Row, name: str) -> str:
        index = self.fields.get(name)
        return row.cells[index] if index is not None and index < len(row.cells) else ""

    def row_properties(self, row: Row) -> dict[str, str]:
        cells = row.cells
        return {key: cells[index] for key, index in self.properties.items() if index < len(cells) and cells[index]}


class OrderParser:
    """A supplier's order exports: what they look like and how one row becomes an order row."""

    name: str  # registry key, as clients send it in `parser_type`
    display_name: str
    supplier: str
    description: str
    file_types: tuple[str, ...]
    formats: tuple[HeaderFormat, ...]
    currency = "USD"

    def recognise(self, header_row) -> ColumnMap | None:
        matches = [found for header_format in self.formats if (found := header_format.match(header_row))]
        return max(matches, key=lambda found: found.matched, default=None)

    def filename_info(self, filename: str) -> FilenameInfo | None:
        """What the export's file name tells about the order; most suppliers' names tell nothing."""
        return None

    def read_row(self, row: Row, columns: ColumnMap) -> OrderRow:
        """The order row on this line; `ValueError` says what is wrong with it."""
        part_number = columns.value(row, "part_number")
        manufacturer_part_number = columns.value(row, "manufacturer_part_number")
        if not part_number and not manufacturer_part_number:
            raise ValueError("the row has neither a supplier part number nor a manufacturer part number")
        quantity = values.quantity(columns.value(row, "quantity"))
        unit_price = values.price(columns.value(row, "unit_price"))
        extended_price = values.price(columns.value(row, "extended_price"))
        if extended_price is None and unit_price is not None:
            extended_price = unit_price * quantity
        return OrderRow(
            line=row.line,
            part_name=manufacturer_part_number or part_number,
            part_number=part_number,
            manufacturer_part_number=manufacturer_part_number,
            manufacturer=columns.value(row, "manufacturer"),
            description=columns.value(row, "description"),
            quantity=quantity,
            unit_price=unit_price,
            extended_price=extended_price,
            package=columns.value(row, "package"),
            properties=columns.row_properties(row),
        )

    def summary(self, row: Row, columns: ColumnMap) -> tuple[str, Decimal | None] | None:
        """For a summary row ("Subtotal", "$15.98"): which amount it gives ("subtotal", "shipping", "tax",
        "total") and the amount after its label. None for any other row."""
        if columns.value(row, "part_number") or columns.value(row, "manufacturer_part_number"):
            return None
        for index, cell in enumerate(row.cells):
            for label, kind in SUMMARY_LABELS:
                if label.match(cell):
                    return kind, first_amount(row.cells[index + 1 :])
        return None

    def info(self) -> dict:
        """What the parser-info and supported-types endpoints say about this parser."""
        main = self.formats[0]
        return {
            "type": self.name,
            "name": self.display_name,
            "supplier": self.supplier,
            "description": self.description,
            "file_types": list(self.file_types),
            "required_columns": main.required_columns(),
            "sample_columns": main.sample_columns(),
            "formats": [
                {
                    "name": header_format.name,
                    "required_columns": header_format.required_columns(),
                    "sample_columns": header_format.sample_columns(),
                }
                for header_format in self.formats
            ],
        }


def first_amount(cells) -> Decimal | None:
    for cell in cells:
        try:
            amount = values.price(cell)
        except ValueError:
            continue
        if amount is not None:
            return amount
    return None
