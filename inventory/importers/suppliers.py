"""The suppliers whose order exports we read, with the column layouts their real files have (issue 11)."""

import re
from datetime import datetime

from .base import HeaderFormat, OrderParser
from .results import FilenameInfo
from .tables import FileType

CUSTOMER_REFERENCE = "customer_reference"


class LcscParser(OrderParser):
    name = "lcsc"
    display_name = "LCSC"
    supplier = "LCSC"
    description = "LCSC order export (CSV, or the same columns saved as .xlsx)"
    file_types = (FileType.CSV, FileType.XLSX)
    formats = (
        HeaderFormat(
            name="lcsc",
            columns={
                "part_number": ("LCSC Part Number", "LCSC Part #", "LCSC#"),
                "manufacturer_part_number": ("Manufacture Part Number", "Manufacturer Part Number", "MPN"),
                "manufacturer": ("Manufacturer",),
                "package": ("Package",),
                "description": ("Description",),
                "quantity": ("Order Qty.", "Quantity"),
                "unit_price": ("Unit Price($)", "Unit Price(USD)", "Unit Price"),
                "extended_price": ("Order Price($)", "Order Price(USD)", "Ext.Price($)"),
            },
            required=("part_number", "quantity"),
            properties={
                CUSTOMER_REFERENCE: ("Customer NO.", "Customer #"),
                "rohs": ("RoHS",),
                "min_mult_order_qty": ("Min\\Mult Order Qty.", "Min/Mult Order Qty."),
            },
        ),
    )
    # LCSC_Exported__20241222_232705.csv, or "... (1).csv" when the browser saved it twice.
    FILENAME = re.compile(r"^LCSC_Exported__(\d{8})_(\d{6})(?: ?\(\d+\))?\.(?:csv|xlsx?)$", re.IGNORECASE)

    def filename_info(self, filename: str) -> FilenameInfo | None:
        match = self.FILENAME.match(filename)
        if not match:
            return None
        try:
            exported_at = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
        except ValueError:
            return None
        return FilenameInfo(supplier=self.supplier, order_date=exported_at.date(), exported_at=exported_at)


class DigiKeyParser(OrderParser):
    name = "digikey"
    display_name = "DigiKey"
    supplier = "DigiKey"
    description = "DigiKey order or cart CSV export, older ('DigiKey Part #') and current (upper-case) layouts"
    file_types = (FileType.CSV, FileType.XLSX)
    formats = (
        HeaderFormat(
            name="digikey",
            columns={
                "part_number": ("PART NUMBER",),
                "manufacturer_part_number": ("MANUFACTURER PART NUMBER",),
                "manufacturer": ("MANUFACTURER",),
                "description": ("DESCRIPTION",),
                "quantity": ("QUANTITY",),
                "unit_price": ("UNIT PRICE",),
                "extended_price": ("EXTENDED PRICE",),
            },
            required=("part_number", "manufacturer_part_number", "quantity"),
            # "PART NUMBER" and "QUANTITY" are anyone's words; these three make it DigiKey's layout.
            signature=("#", "CUSTOMER REFERENCE", "BACKORDER"),
            properties={CUSTOMER_REFERENCE: ("CUSTOMER REFERENCE",), "backorder": ("BACKORDER",)},
        ),
        HeaderFormat(
            name="digikey-classic",
            columns={
                "part_number": ("DigiKey Part #", "Digi-Key Part #", "DigiKey Part Number", "Digi-Key Part Number"),
                "manufacturer_part_number": ("Manufacturer Part Number",),
                "manufacturer": ("Manufacturer",),
                "description": ("Description",),
                "quantity": ("Quantity",),
                "unit_price": ("Unit Price", "Unit Price (USD)"),
                "extended_price": ("Extended Price", "Extended Price (USD)"),
            },
            required=("part_number", "quantity"),
            properties={CUSTOMER_REFERENCE: ("Customer Reference",), "backorder": ("Backorder",)},
            ignored=("Index",),
        ),
    )


class MouserParser(OrderParser):
    name = "mouser"
    display_name = "Mouser"
    supplier = "Mouser"
    description = "Mouser order history (.xls workbook) or cart export"
    file_types = (FileType.XLS, FileType.XLSX, FileType.CSV)
    formats = (
        HeaderFormat(
            name="mouser",
            columns={
                "part_number": ("Mouser #", "Mouser Part #", "Mouser No"),
                "manufacturer_part_number": ("Mfr. #", "Mfr Part #", "Mfr. Part #"),
                "manufacturer": ("Manufacturer", "Mfr."),
                "description": ("Desc.", "Description"),
                "quantity": ("Order Qty.", "Qty.", "Quantity"),
                "unit_price": ("Price (USD)", "Unit Price (USD)"),
                "extended_price": ("Ext. (USD)", "Ext.: (USD)", "Extended (USD)"),
                "order_number": ("Sales Order #", "Web Order #"),
                "order_date": ("Order Date",),
            },
            required=("part_number", "quantity"),
            properties={CUSTOMER_REFERENCE: ("Customer #",), "rohs": ("RoHS",), "lifecycle": ("Lifecycle",)},
            ignored=("Web Order #", "Order Status", "Line"),
        ),
    )


PARSERS: dict[str, OrderParser] = {parser.name: parser for parser in (LcscParser(), DigiKeyParser(), MouserParser())}
