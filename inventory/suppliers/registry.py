"""The supplier clients by name, and which one serves a part."""

from config.errors import Refused

from .base import SupplierClient
from .digikey import DigiKeyClient
from .lcsc import LcscClient
from .mouser import MouserClient

SUPPLIERS: dict[str, SupplierClient] = {
    client.name: client for client in (LcscClient(), DigiKeyClient(), MouserClient())
}


def client_for(name: str) -> SupplierClient:
    client = SUPPLIERS.get((name or "").strip().casefold())
    if client is None:
        raise Refused(
            "supplier", f"Unknown supplier {name!r}; known: {', '.join(s.title for s in SUPPLIERS.values())}."
        )
    return client


def supplier_of(part) -> SupplierClient:
    """The client for a part's own supplier (its `supplier` field)."""
    if not part.supplier:
        raise Refused("supplier", f"Part '{part.part_name}' names no supplier to ask.")
    return client_for(part.supplier)


def capabilities() -> list[dict]:
    return [
        {
            "name": client.name,
            "display_name": client.title,
            "configured": client.configured,
            "required_settings": list(client.required_settings),
            "capabilities": list(client.capabilities),
        }
        for client in SUPPLIERS.values()
    ]
