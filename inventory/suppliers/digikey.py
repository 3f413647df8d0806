"""DigiKey's Product Information API v4: OAuth 2.0 client credentials, then product details."""

from urllib.parse import quote

from django.conf import settings
from django.core.cache import caches

from config.errors import Unavailable

from .base import PriceBreak, SupplierClient, SupplierPart, money

TOKEN_CACHE_KEY = "inventory:digikey:token"


class DigiKeyClient(SupplierClient):
    name = "digikey"
    title = "DigiKey"
    required_settings = ("DIGIKEY_CLIENT_ID", "DIGIKEY_CLIENT_SECRET")

    def _base(self) -> str:
        return settings.DIGIKEY_API_URL.rstrip("/")

    def _token(self) -> str:
        cache = caches[settings.SHARED_CACHE]
        token = cache.get(TOKEN_CACHE_KEY)
        if token:
            return token
        data = self.call(
            "POST",
            f"{self._base()}/v1/oauth2/token",
            data={
                "client_id": settings.DIGIKEY_CLIENT_ID,
                "client_secret": settings.DIGIKEY_CLIENT_SECRET,
                "grant_type": "client_credentials",
            },
            missing="DigiKey has no token endpoint at DIGIKEY_API_URL",
        )
        token = data.get("access_token")
        if not token:
            raise Unavailable("DigiKey gave no access token", "supplier_refused")
        cache.set(TOKEN_CACHE_KEY, token, max(int(data.get("expires_in") or 600) - 60, 30))
        return token

    def fetch(self, part_number: str) -> SupplierPart:
        headers = {
            "Authorization": f"Bearer {self._token()}",
            "X-DIGIKEY-Client-Id": settings.DIGIKEY_CLIENT_ID,
            "X-DIGIKEY-Locale-Site": "US",
            "X-DIGIKEY-Locale-Language": "en",
            "X-DIGIKEY-Locale-Currency": "USD",
            "Accept": "application/json",
        }
        data = self.call(
            "GET",
            f"{self._base()}/products/v4/search/{quote(part_number, safe='')}/productdetails",
            headers=headers,
            missing=f"DigiKey has no part {part_number}",
        )
        product = data.get("Product") or {}
        variations = product.get("ProductVariations") or []
        variation = next((v for v in variations if v.get("DigiKeyProductNumber") == part_number), None)
        variation = variation or (variations[0] if variations else {})
        return SupplierPart(
            supplier="DigiKey",
            supplier_part_number=variation.get("DigiKeyProductNumber") or part_number,
            manufacturer=(product.get("Manufacturer") or {}).get("Name", ""),
            manufacturer_part_number=product.get("ManufacturerProductNumber", ""),
            description=(product.get("Description") or {}).get("ProductDescription", ""),
            category=(product.get("Category") or {}).get("Name", ""),
            datasheet_url=product.get("DatasheetUrl") or "",
            image_url=product.get("PhotoUrl") or "",
            product_url=product.get("ProductUrl") or "",
            stock=product.get("QuantityAvailable"),
            price_breaks=[
                PriceBreak(int(row["BreakQuantity"]), price, "USD")
                for row in variation.get("StandardPricing") or []
                if (price := money(row.get("UnitPrice"))) is not None and row.get("BreakQuantity")
            ],
            attributes={
                row["ParameterText"]: row.get("ValueText", "")
                for row in product.get("Parameters") or []
                if row.get("ParameterText")
            },
        )
