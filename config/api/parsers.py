"""Reading request bodies: what no database of ours can store is refused as it is read (400).

PostgreSQL cannot hold U+0000 in text or jsonb. DRF's string fields refuse it one by one, but a
JSON field, a dict field or a raw webhook payload would carry it down to the database and fail
there, so every parsed body is checked once, here.
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

NUL = "\x00"
NUL_REFUSED = "The body contains a NUL (\\u0000) character, which is not accepted anywhere"


def contains_nul(data) -> bool:
    """Whether any string or key anywhere in parsed JSON holds U+0000 (a loop: depth is unbounded)."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if NUL in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if contains_nul(data):
            raise ParseError(NUL_REFUSED)
        return data
