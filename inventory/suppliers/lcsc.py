"""LCSC's product API (the JSON its web shop reads): `GET {LCSC_API_URL}/ftps/wm/product/detail?productCode=C25804`."""

from django.conf import settings

from config.errors import NotFound

from .base import PriceBreak, SupplierClient, SupplierPart, money


class LcscClient(SupplierClient):
    name = "lcsc"
    title = "LCSC"
    required_settings = ("LCSC_API_URL",)

    def fetch(self, part_number: str) -> SupplierPart:
        code = part_number.upper()
        missing = f"LCSC has no part {code}"
        data = self.call(
            "GET",
            f"{settings.LCSC_API_URL.rstrip('/')}/ftps/wm/product/detail",
            params={"productCode": code},
            headers={"Accept": "application/json"},
            missing=missing,
        )
        product = data.get("result") if isinstance(data, dict) else None
        if data.get("code") != 200 or not isinstance(product, dict):
            raise NotFound(missing)
        images = product.get("productImages") or []
        return SupplierPart(
            supplier="LCSC",
            supplier_part_number=product.get("productCode") or code,
            manufacturer=product.get("brandNameEn") or "",
            manufacturer_part_number=product.get("productModel") or "",
            description=product.get("productIntroEn") or product.get("productDescEn") or "",
            category=product.get("catalogName") or "",
            datasheet_url=product.get("pdfUrl") or "",
            image_url=images[0] if images else "",
            product_url=f"https://www.lcsc.com/product-detail/{code}.html",
            stock=product.get("stockNumber"),
            price_breaks=[
                PriceBreak(int(row["ladder"]), price, "USD")
                for row in product.get("productPriceList") or []
                if (price := money(row.get("usdPrice"))) is not None and row.get("ladder")
            ],
            attributes={
                row["paramNameEn"]: row.get("paramValueEn", "")
                for row in product.get("paramVOList") or []
                if row.get("paramNameEn")
            },
        )
