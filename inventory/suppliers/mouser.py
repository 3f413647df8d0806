"""Mouser's Search API v1: `POST /api/v1/search/partnumber?apiKey=...` with the part number."""

from django.conf import settings

from config.errors import NotFound, Unavailable

from .base import PriceBreak, SupplierClient, SupplierPart, money


class MouserClient(SupplierClient):
    name = "mouser"
    title = "Mouser"
    required_settings = ("MOUSER_API_KEY",)

    def fetch(self, part_number: str) -> SupplierPart:
        missing = f"Mouser has no part {part_number}"
        data = self.call(
            "POST",
            f"{settings.MOUSER_API_URL.rstrip('/')}/api/v1/search/partnumber",
            params={"apiKey": settings.MOUSER_API_KEY},
            json={"SearchByPartRequest": {"mouserPartNumber": part_number, "partSearchOptions": "Exact"}},
            headers={"Accept": "application/json"},
            missing=missing,
        )
        errors = data.get("Errors") or []
        if errors:
            message = "; ".join(str(error.get("Message", error)) for error in errors)
            raise Unavailable(f"Mouser refused the search: {message}", "supplier_refused")
        parts = (data.get("SearchResults") or {}).get("Parts") or []
        if not parts:
            raise NotFound(missing)
        part = next((p for p in parts if p.get("MouserPartNumber") == part_number), parts[0])
        return SupplierPart(
            supplier="Mouser",
            supplier_part_number=part.get("MouserPartNumber") or part_number,
            manufacturer=part.get("Manufacturer") or "",
            manufacturer_part_number=part.get("ManufacturerPartNumber") or "",
            description=part.get("Description") or "",
            category=part.get("Category") or "",
            datasheet_url=part.get("DataSheetUrl") or "",
            image_url=part.get("ImagePath") or "",
            product_url=part.get("ProductDetailUrl") or "",
            stock=_stock(part.get("AvailabilityInStock") or part.get("Availability")),
            price_breaks=[
                PriceBreak(int(row["Quantity"]), price, row.get("Currency") or "USD")
                for row in part.get("PriceBreaks") or []
                if (price := money(row.get("Price"))) is not None and row.get("Quantity")
            ],
            attributes={
                row["AttributeName"]: row.get("AttributeValue", "")
                for row in part.get("ProductAttributes") or []
                if row.get("AttributeName")
            },
        )


def _stock(text) -> int | None:
    digits = "".join(ch for ch in str(text or "") if ch.isdigit())
    return int(digits) if digits else None
