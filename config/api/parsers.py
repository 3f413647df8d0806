"""Reading request bodies: bounded in size and depth, and what no database of ours can store is
refused as it is read.

- Size: at most the view's `body_limit()` bytes are read (1 MB unless a route takes uploads), so
  a body without a `Content-Length` is bounded too (413).
- Depth: JSON nested deeper than `MAX_JSON_DEPTH` is refused (400); Python's parser, serializers and
  encoders recurse, and a thousand levels would be a RecursionError (a 500) somewhere.
- U+0000: PostgreSQL cannot hold it in text or jsonb. DRF's string fields refuse it one by one, but
  a JSON field, a dict field or a raw webhook payload would carry it down to the database and fail
  there, so every parsed body is checked once, here.
"""

from django.conf import settings
from rest_framework import parsers, renderers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from .errors import PayloadTooLarge

NUL = "\x00"
NUL_REFUSED = "The body contains a NUL (\\u0000) character, which is not accepted anywhere"
MAX_JSON_DEPTH = 32
TOO_DEEP = f"The body is nested more than {MAX_JSON_DEPTH} levels deep"


def refusal_of(data) -> str | None:
    """Why parsed JSON is refused (U+0000 in a string or key, too deep), or None: a loop, not recursion."""
    pending = [(data, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if NUL in item:
                return NUL_REFUSED
        elif isinstance(item, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                return TOO_DEEP
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return None


def read_bounded(stream, limit: int) -> bytes:
    """At most `limit` bytes of the body; one more means it is too large, whatever Content-Length said."""
    content = stream.read(limit + 1) if stream is not None else b""
    if len(content) > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit} bytes")
    return content


def body_limit(parser_context) -> int:
    view = (parser_context or {}).get("view")
    return view.body_limit() if hasattr(view, "body_limit") else settings.MAX_BODY_BYTES


class JSONParser(parsers.BaseParser):
    """JSON read from the request stream up to the view's limit.

    Not a subclass of DRF's JSONParser on purpose: DRF reads a JSONParser's body whole through
    `request.body` first, capped by the site-wide DATA_UPLOAD_MAX_MEMORY_SIZE, which is small;
    upload routes need their own, larger limit, enforced here while reading.
    """

    media_type = "application/json"
    renderer_class = renderers.JSONRenderer

    def parse(self, stream, media_type=None, parser_context=None):
        content = read_bounded(stream, body_limit(parser_context))
        encoding = parsers.get_encoding(parser_context or {})
        try:
            data = json.loads(content.decode(encoding), parse_constant=json.strict_constant)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        except ValueError as exc:  # invalid JSON, NaN/Infinity, or bytes that are not in the charset
            raise ParseError(f"JSON parse error - {exc}") from None
        refusal = refusal_of(data)
        if refusal:
            raise ParseError(refusal)
        return data
