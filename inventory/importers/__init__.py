"""Supplier order exports (LCSC, DigiKey, Mouser) read into typed order rows (issue 11, "Supplier CSV imports").

Framework-free: no models here. The CSV endpoints and the import task call `parse_order` and store
what it returns; a file it refuses raises `config.errors.Refused` and nothing is stored.
"""

from .registry import (
    Detection,
    detect,
    extract_filename_info,
    get_parser,
    import_limits,
    parse_order,
    parser_info,
    supported_types,
)
from .results import FilenameInfo, OrderRow, ParsedOrder, RowProblem
from .suppliers import PARSERS
from .tables import MAX_FILE_BYTES, MAX_ROWS

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "PARSERS",
    "Detection",
    "FilenameInfo",
    "OrderRow",
    "ParsedOrder",
    "RowProblem",
    "detect",
    "extract_filename_info",
    "get_parser",
    "import_limits",
    "parse_order",
    "parser_info",
    "supported_types",
]
