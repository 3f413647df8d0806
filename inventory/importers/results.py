"""What parsing a supplier export gives: the order, its rows, and the rows that could not be read."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class OrderRow:
    """One ordered part, as the supplier's export describes it."""

    line: int
    part_name: str
    part_number: str  # the supplier's own part number (LCSC "C25804", DigiKey "311-10.0KCRCT-ND")
    manufacturer_part_number: str
    manufacturer: str
    description: str
    quantity: int
    unit_price: Decimal | None
    extended_price: Decimal | None
    package: str = ""
    properties: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "part_name": self.part_name,
            "part_number": self.part_number,
            "manufacturer_part_number": self.manufacturer_part_number,
            "manufacturer": self.manufacturer,
            "description": self.description,
            "quantity": self.quantity,
            "unit_price": money(self.unit_price),
            "extended_price": money(self.extended_price),
            "package": self.package,
            "properties": dict(self.properties),
        }


@dataclass(frozen=True)
class RowProblem:
    """A row of the export that was not imported, and why."""

    line: int
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class FilenameInfo:
    """What a supplier's export file name tells about the order (LCSC: the export's date and time)."""

    supplier: str
    order_date: date
    exported_at: datetime

    def as_dict(self) -> dict:
        return {
            "supplier": self.supplier,
            "order_date": self.order_date.isoformat(),
            "exported_at": self.exported_at.isoformat(),
        }


@dataclass(frozen=True)
class ParsedOrder:
    """A supplier export read in full: every readable row, and a problem for every other one."""

    parser: str  # the registry name: "lcsc", "digikey", "mouser"
    supplier: str
    file_type: str  # "csv", "xls", "xlsx"
    header_format: str  # which of the parser's known column layouts the file has
    headers: list[str]
    rows: list[OrderRow]
    problems: list[RowProblem]
    order_number: str = ""
    order_date: date | None = None
    subtotal: Decimal | None = None
    shipping: Decimal | None = None
    tax: Decimal | None = None
    total: Decimal | None = None
    currency: str = "USD"

    @property
    def total_rows(self) -> int:
        return len(self.rows) + len(self.problems)

    def as_dict(self) -> dict:
        return {
            "parser": self.parser,
            "supplier": self.supplier,
            "file_type": self.file_type,
            "header_format": self.header_format,
            "headers": list(self.headers),
            "order_number": self.order_number,
            "order_date": self.order_date.isoformat() if self.order_date else None,
            "subtotal": money(self.subtotal),
            "shipping": money(self.shipping),
            "tax": money(self.tax),
            "total": money(self.total),
            "currency": self.currency,
            "total_rows": self.total_rows,
            "rows": [row.as_dict() for row in self.rows],
            "problems": [problem.as_dict() for problem in self.problems],
        }


def money(amount: Decimal | None) -> str | None:
    """Decimals go out as strings so that no cent is lost to a float on the way."""
    return None if amount is None else str(amount)
