"""What every supplier client answers, and how one talks HTTP: bounded, and failing in domain errors."""

import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

import requests
from django.conf import settings

from config.errors import NotFound, Unavailable

TIMEOUT_SECONDS = 10
MAX_ANSWER_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class PriceBreak:
    quantity: int
    unit_price: Decimal
    currency: str


@dataclass(frozen=True)
class SupplierPart:
    supplier: str
    supplier_part_number: str
    manufacturer: str = ""
    manufacturer_part_number: str = ""
    description: str = ""
    category: str = ""
    datasheet_url: str = ""
    image_url: str = ""
    product_url: str = ""
    stock: int | None = None
    price_breaks: list[PriceBreak] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["price_breaks"] = [
            {"quantity": b.quantity, "unit_price": float(b.unit_price), "currency": b.currency}
            for b in self.price_breaks
        ]
        return data


def money(text) -> Decimal | None:
    """`$1.06000`, `0.0012`, `1,234.50 €` as a Decimal; None when there is no number."""
    cleaned = "".join(ch for ch in str(text) if ch.isdigit() or ch in ".-")
    try:
        return Decimal(cleaned) if cleaned else None
    except InvalidOperation:
        return None


class SupplierClient:
    name = ""  # "lcsc"
    title = ""  # "LCSC"
    required_settings: tuple[str, ...] = ()
    capabilities = ("part_details", "datasheet", "image", "pricing")

    def check_configured(self) -> None:
        for setting in self.required_settings:
            if not getattr(settings, setting, ""):
                raise Unavailable(f"{self.title} is not configured", "supplier_off", setting=setting)

    @property
    def configured(self) -> bool:
        return all(getattr(settings, setting, "") for setting in self.required_settings)

    def part(self, part_number: str) -> SupplierPart:
        self.check_configured()
        return self.fetch(part_number.strip())

    def fetch(self, part_number: str) -> SupplierPart:
        raise NotImplementedError

    def call(self, method: str, url: str, *, missing: str, **kwargs) -> dict:
        """The supplier's JSON answer; down, slow or refusing is `Unavailable`, an unknown part `NotFound`."""
        try:
            response = requests.request(method, url, timeout=TIMEOUT_SECONDS, stream=True, **kwargs)
            body = response.raw.read(MAX_ANSWER_BYTES + 1, decode_content=True)
        except requests.RequestException as exc:
            raise Unavailable(f"{self.title} could not be reached ({type(exc).__name__})", "supplier_down") from None
        if len(body) > MAX_ANSWER_BYTES:
            raise Unavailable(f"{self.title} answered more than {MAX_ANSWER_BYTES // 2**20} MB", "supplier_bad_answer")
        if response.status_code == 404:
            raise NotFound(missing)
        if response.status_code in (401, 403):
            raise Unavailable(f"{self.title} refused our credentials ({response.status_code})", "supplier_refused")
        if response.status_code == 429 or response.status_code >= 500:
            raise Unavailable(
                f"{self.title} is busy or down ({response.status_code}); try again later", "supplier_down"
            )
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            raise Unavailable(f"{self.title} answered something that is not JSON", "supplier_bad_answer") from None
        if response.status_code >= 400:
            raise Unavailable(f"{self.title} refused the request ({response.status_code})", "supplier_refused")
        return data
