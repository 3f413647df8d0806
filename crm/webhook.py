"""Reading and authenticating incoming Bitrix24 events (reference/bitrix24.md §6).

Three shapes arrive: Bitrix's native form-encoded events with bracket keys, the same structure as
JSON, and the spec's own JSON (`event_type`, `entity_type`, `entity_id`, `data`).
"""

import hmac
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from django.conf import settings

from config.api.parsers import refusal_of
from config.errors import Forbidden, Rejected, Unavailable

from .bitrix import php

NOT_READABLE = "Body is neither JSON nor form data"
SPEC_EVENTS = {
    "deal_updated": "ONCRMDEALUPDATE",
    "contact_updated": "ONCRMCONTACTUPDATE",
    "lead_updated": "ONCRMLEADUPDATE",
    "invoice_generated": "ONCRMDOCUMENTGENERATORDOCUMENTADD",
}


@dataclass
class IncomingEvent:
    event: str
    entity_type: str
    entity_id: str
    fields: dict = field(default_factory=dict)
    native: bool = False
    payload: dict = field(default_factory=dict)


def parse(content_type: str, body: bytes) -> IncomingEvent:
    if "application/x-www-form-urlencoded" in content_type:
        data = php.decode(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    elif "json" in content_type or not content_type:
        try:
            data = json.loads(body or b"null")
        except (ValueError, RecursionError):
            raise Rejected(NOT_READABLE) from None
    else:
        raise Rejected(NOT_READABLE)
    if not isinstance(data, dict):
        raise Rejected(NOT_READABLE)
    refusal = refusal_of(data)
    if refusal:
        raise Rejected(refusal)
    if not all(isinstance(data.get(part) or {}, dict) for part in ("data", "auth")):
        raise Rejected(NOT_READABLE)
    if "event" in data:  # Bitrix's own structure, form-encoded or JSON
        fields = (data.get("data") or {}).get("FIELDS") or {}
        if not isinstance(fields, dict):
            raise Rejected(NOT_READABLE)
        event = str(data["event"]).upper()
        return IncomingEvent(event, _entity_of(event), str(fields.get("ID", "")), fields, True, data)
    event_type = str(data.get("event_type", "deal_updated"))
    details = data.get("data") if isinstance(data.get("data"), dict) else {}
    entity_id = data.get("entity_id") or details.get("id") or data.get("id") or ""
    fields = {key.upper(): value for key, value in details.items()}
    event = SPEC_EVENTS.get(event_type, event_type.upper())
    return IncomingEvent(event, str(data.get("entity_type") or _entity_of(event)), str(entity_id), fields, False, data)


def _entity_of(event: str) -> str:
    for entity in ("DEAL", "CONTACT", "LEAD", "DOCUMENTGENERATOR"):
        if event.startswith(f"ONCRM{entity}"):
            return "document" if entity == "DOCUMENTGENERATOR" else entity.lower()
    return ""


def authenticate(event: IncomingEvent, *, query_token: str, header_token: str, bearer: str) -> None:
    """Native events carry Bitrix's application token; JSON events a shared token. None set: off."""
    if not (settings.BITRIX_APPLICATION_TOKEN or settings.BITRIX_WEBHOOK_TOKEN):
        raise Unavailable(
            "Bitrix webhook is off: no BITRIX_APPLICATION_TOKEN or BITRIX_WEBHOOK_TOKEN set",
            setting="BITRIX_WEBHOOK_TOKEN",
        )
    application_token = str((event.payload.get("auth") or {}).get("application_token", "")) if event.native else ""
    offered = [(application_token, settings.BITRIX_APPLICATION_TOKEN)]
    offered += [(token, settings.BITRIX_WEBHOOK_TOKEN) for token in (query_token, header_token, bearer)]
    if not any(given and expected and hmac.compare_digest(given, expected) for given, expected in offered):
        raise Forbidden("Webhook token missing or wrong")
