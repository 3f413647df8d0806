"""Database ids as they arrive in URLs, forms and bodies: bounded by what a bigint holds, so an
absurd id is a 404 or a field error, refused before any query."""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    """`<id:pk>`: a database id; longer digit strings cannot be ids and answer 404, not 500."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")


def is_plain_number(value) -> bool:
    """Whether `value` is written in the digits 0-9 only: `str.isdigit` also accepts "²" and other
    Unicode digits that `int()` refuses (issue 9: `?parent_node_id=²` was a 500)."""
    text = str(value)
    return text.isascii() and text.isdigit()
