"""What every supplier client answers, and how one talks HTTP: bounded, and failing in domain errors."""

from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings

from config import outbound
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
        reply = outbound.fetch(
            method,
            url,
            service=self.title,
            code="supplier",
            timeout=TIMEOUT_SECONDS,
            max_bytes=MAX_ANSWER_BYTES,
            **kwargs,
        )
        if reply.status == 404:
            raise NotFound(missing)
        if reply.status in (401, 403):
            raise Unavailable(f"{self.title} refused our credentials ({reply.status})", "supplier_refused")
        if reply.status == 429 or reply.status >= 500:
            raise Unavailable(f"{self.title} is busy or down ({reply.status}); try again later", "supplier_down")
        data = reply.json()
        if reply.status >= 400:
            raise Unavailable(f"{self.title} refused the request ({reply.status})", "supplier_refused")
        return data
