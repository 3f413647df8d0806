"""Reading and authenticating incoming Bitrix24 events (reference/bitrix24.md §6).

Three shapes arrive: Bitrix's native form-encoded events with bracket keys, the same structure as
JSON, and the spec's own JSON (`event_type`, `entity_type`, `entity_id`, `data`).

A request is authenticated before its body is parsed (issue 9): `authenticate` looks at the headers,
then reads only `auth[application_token]` out of the body, then the query; `parse` runs only for a
caller that passed, so a stranger's body never reaches the decoder or its depth and NUL checks.
"""

import hmac
import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote_plus

from django.conf import settings

from config.api.parsers import refusal_of
from config.errors import Forbidden, Rejected, Unavailable
from config.ids import is_plain_number

from .bitrix import php

NOT_READABLE = "Body is neither JSON nor form data"
BAD_TS = "ts must be a Unix time in whole seconds"
TOO_LONG = "event, entity_type or entity_id is too long"
FORM = "application/x-www-form-urlencoded"
SPEC_EVENTS = {
    "deal_updated": "ONCRMDEALUPDATE",
    "contact_updated": "ONCRMCONTACTUPDATE",
    "lead_updated": "ONCRMLEADUPDATE",
    "invoice_generated": "ONCRMDOCUMENTGENERATORDOCUMENTADD",
}
# What the columns of `BitrixEvent` hold: a longer name or id is refused rather than failing in SQL.
MAX_EVENT, MAX_ENTITY_TYPE, MAX_ENTITY_ID = 100, 32, 64
MAX_TS_DIGITS = 18  # a bigint; Unix seconds have 10 digits until the year 2286
# The one form pair read before authentication: `auth[application_token]`, brackets raw or %-encoded.
FORM_TOKEN = re.compile(rb"(?:^|&)auth(?:\[|%5B)application_token(?:\]|%5D)=([^&]*)", re.IGNORECASE)


@dataclass
class IncomingEvent:
    event: str
    entity_type: str
    entity_id: str
    fields: dict = field(default_factory=dict)
    native: bool = False
    payload: dict = field(default_factory=dict)
    ts: int | None = None  # the sender's Unix time of the event; Bitrix24 always sends it


def authenticate(content_type: str, body: bytes, *, header_token: str, bearer: str, query_token: str) -> None:
    """Let the request in when one offered token matches, compared in constant time; None set: off.

    The shared token comes in `X-Bitrix-Token`, `Authorization: Bearer` or, for senders that can set
    neither, `?token=` (it lands in access logs; ours redact it). Bitrix24's application token comes
    in the body, which is only searched for that one key here, never parsed.
    """
    if not (settings.BITRIX_APPLICATION_TOKEN or settings.BITRIX_WEBHOOK_TOKEN):
        raise Unavailable(
            "Bitrix webhook is off: no BITRIX_APPLICATION_TOKEN or BITRIX_WEBHOOK_TOKEN set",
            setting="BITRIX_WEBHOOK_TOKEN",
        )
    offered = [(header_token, settings.BITRIX_WEBHOOK_TOKEN), (bearer, settings.BITRIX_WEBHOOK_TOKEN)]
    if settings.BITRIX_APPLICATION_TOKEN:
        offered.append((application_token_in(content_type, body), settings.BITRIX_APPLICATION_TOKEN))
    offered.append((query_token, settings.BITRIX_WEBHOOK_TOKEN))
    if not any(given and expected and _same(given, expected) for given, expected in offered):
        raise Forbidden("Webhook token missing or wrong")


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def application_token_in(content_type: str, body: bytes) -> str:
    """`auth[application_token]` of a form body (the last one, as the parser reads it), or
    `auth.application_token` of a JSON one; "" when there is none or the body cannot be read."""
    if FORM in content_type:
        found = FORM_TOKEN.findall(body)
        return unquote_plus(found[-1].decode("latin-1")) if found else ""
    if "json" in content_type or not content_type:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return ""
        auth = data.get("auth") if isinstance(data, dict) else None
        token = auth.get("application_token") if isinstance(auth, dict) else None
        return token if isinstance(token, str) else ""
    return ""


def parse(content_type: str, body: bytes) -> IncomingEvent:
    """The event in an authenticated body; a body that is not one is `Rejected` (400)."""
    if FORM in content_type:
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
    incoming = _event_of(data)
    incoming.ts = _ts_of(data.get("ts"))
    if (
        len(incoming.event) > MAX_EVENT
        or len(incoming.entity_type) > MAX_ENTITY_TYPE
        or len(incoming.entity_id) > MAX_ENTITY_ID
    ):
        raise Rejected(TOO_LONG)
    return incoming


def _event_of(data: dict) -> IncomingEvent:
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


def _ts_of(value) -> int | None:
    """Bitrix24's `ts` ("1700000000"); absent or empty is None (the event cannot be ordered)."""
    if value is None or value == "":
        return None
    text = str(value)
    if isinstance(value, bool) or not is_plain_number(text) or len(text) > MAX_TS_DIGITS:
        raise Rejected(BAD_TS)
    return int(text)


def _entity_of(event: str) -> str:
    for entity in ("DEAL", "CONTACT", "LEAD", "DOCUMENTGENERATOR"):
        if event.startswith(f"ONCRM{entity}"):
            return "document" if entity == "DOCUMENTGENERATOR" else entity.lower()
    return ""
