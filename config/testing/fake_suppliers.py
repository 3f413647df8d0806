"""A local HTTP server that plays LCSC, DigiKey (API v4 with OAuth client credentials) and Mouser
(Search API v1), answering in their wire formats. Tests add parts (`add_lcsc`, ...), read what was
asked (`requests`) and inject failures (`fail_next`)."""

import json
import threading
from urllib.parse import parse_qs, unquote

import pytest

from .local_server import JsonServer

DIGIKEY_ID, DIGIKEY_SECRET, MOUSER_KEY = "dk-client", "dk-secret", "mouser-key"
DIGIKEY_TOKEN = "dk-token-1"


class FakeSuppliers(JsonServer):
    def __init__(self):
        self.lock = threading.Lock()
        self.lcsc: dict[str, dict] = {}
        self.digikey: dict[str, dict] = {}
        self.mouser: dict[str, dict] = {}
        self.requests: list[tuple[str, str, dict, dict]] = []  # (method, path, headers, body or query)
        self.fail_next: list[int] = []  # HTTP statuses, consumed per request

    def add_lcsc(self, code: str, **fields) -> None:
        self.lcsc[code] = {
            "productCode": code,
            "productModel": fields.get("mpn", "0603WAF1002T5E"),
            "brandNameEn": fields.get("manufacturer", "UNI-ROYAL(Uniroyal Elec)"),
            "productIntroEn": fields.get("description", "100mW Thick Film Resistors 75V ±1% 10kΩ 0603"),
            "catalogName": "Chip Resistor - Surface Mount",
            "pdfUrl": f"https://datasheet.lcsc.com/{code}.pdf",
            "productImages": [f"https://assets.lcsc.com/images/{code}.jpg"],
            "stockNumber": 1200000,
            "productPriceList": [
                {"ladder": 100, "usdPrice": 0.0012, "currencySymbol": "US$"},
                {"ladder": 1000, "usdPrice": 0.0009, "currencySymbol": "US$"},
            ],
            "paramVOList": [{"paramNameEn": "Resistance", "paramValueEn": "10kΩ"}],
        }

    def add_digikey(self, number: str, **fields) -> None:
        self.digikey[number] = {
            "Product": {
                "Description": {"ProductDescription": fields.get("description", "RES 10K OHM 1% 1/10W 0603")},
                "Manufacturer": {"Name": "Yageo"},
                "ManufacturerProductNumber": "RC0603FR-0710KL",
                "ProductUrl": f"https://www.digikey.com/en/products/detail/{number}",
                "DatasheetUrl": "https://www.yageo.com/rchip.pdf",
                "PhotoUrl": "https://mm.digikey.com/photo.jpg",
                "QuantityAvailable": 5000,
                "Category": {"Name": "Chip Resistor - Surface Mount"},
                "Parameters": [{"ParameterText": "Resistance", "ValueText": "10 kOhms"}],
                "ProductVariations": [
                    {
                        "DigiKeyProductNumber": number,
                        "StandardPricing": [
                            {"BreakQuantity": 1, "UnitPrice": 0.1, "TotalPrice": 0.1},
                            {"BreakQuantity": 10, "UnitPrice": 0.021, "TotalPrice": 0.21},
                        ],
                    }
                ],
            }
        }

    def add_mouser(self, number: str, **fields) -> None:
        self.mouser[number] = {
            "MouserPartNumber": number,
            "Manufacturer": "Texas Instruments",
            "ManufacturerPartNumber": "LM358DR",
            "Description": fields.get("description", "Operational Amplifiers - Op Amps Dual"),
            "Category": "Operational Amplifiers - Op Amps",
            "DataSheetUrl": "https://www.ti.com/lit/ds/symlink/lm358.pdf",
            "ImagePath": "https://www.mouser.com/images/lm358.jpg",
            "ProductDetailUrl": f"https://www.mouser.com/ProductDetail/{number}",
            "AvailabilityInStock": "12345",
            "PriceBreaks": [{"Quantity": 1, "Price": "$0.52", "Currency": "USD"}],
            "ProductAttributes": [{"AttributeName": "Packaging", "AttributeValue": "Reel"}],
        }

    def answer(self, method: str, path: str, headers: dict, query: dict, body: bytes) -> tuple[int, dict]:
        with self.lock:
            self.requests.append((method, path, headers, query))
            if self.fail_next:
                status = self.fail_next.pop(0)
                return status, {"error": f"fake failure {status}"}
        if path == "/ftps/wm/product/detail":
            code = query.get("productCode", [""])[0]
            product = self.lcsc.get(code)
            return 200, {"code": 200 if product else 404, "msg": None if product else "not found", "result": product}
        if path == "/v1/oauth2/token":
            form = parse_qs(body.decode())
            if form.get("client_id") != [DIGIKEY_ID] or form.get("client_secret") != [DIGIKEY_SECRET]:
                return 401, {"ErrorMessage": "Invalid client credentials"}
            return 200, {"access_token": DIGIKEY_TOKEN, "expires_in": 599, "token_type": "Bearer"}
        if path.startswith("/products/v4/search/") and path.endswith("/productdetails"):
            if (
                headers.get("authorization") != f"Bearer {DIGIKEY_TOKEN}"
                or headers.get("x-digikey-client-id") != DIGIKEY_ID
            ):
                return 401, {"ErrorMessage": "Bearer token or client id invalid"}
            number = unquote(path[len("/products/v4/search/") : -len("/productdetails")])
            found = self.digikey.get(number)
            return (200, found) if found else (404, {"ErrorMessage": "Product not found", "StatusCode": 404})
        if path == "/api/v1/search/partnumber":
            if query.get("apiKey") != [MOUSER_KEY]:
                return 200, {
                    "Errors": [{"Code": "Invalid", "Message": "Invalid unique identifier."}],
                    "SearchResults": None,
                }
            number = json.loads(body or b"{}").get("SearchByPartRequest", {}).get("mouserPartNumber", "")
            parts = [self.mouser[number]] if number in self.mouser else []
            return 200, {"Errors": [], "SearchResults": {"NumberOfResult": len(parts), "Parts": parts}}
        return 404, {"error": "no such route"}


@pytest.fixture
def fake_suppliers(settings):
    """LCSC, DigiKey and Mouser all configured, talking to one local fake."""
    fake = FakeSuppliers().up()
    settings.LCSC_API_URL = settings.DIGIKEY_API_URL = settings.MOUSER_API_URL = fake.base
    settings.DIGIKEY_CLIENT_ID, settings.DIGIKEY_CLIENT_SECRET = DIGIKEY_ID, DIGIKEY_SECRET
    settings.MOUSER_API_KEY = MOUSER_KEY
    yield fake
    fake.down()
