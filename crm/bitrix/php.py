"""PHP-style bracket keys, as Bitrix24 speaks them: `fields[PHONE][0][VALUE]=...`.

Bitrix24 reads batch sub-requests in this form and sends its native outbound events in it.
"""

import re
from urllib.parse import quote

_KEY_PART = re.compile(r"\[([^\]]*)\]")


def encode(params: dict) -> str:
    """`{"fields": {"TITLE": "x"}}` -> `fields%5BTITLE%5D=x`, URL-encoded, nested to any depth."""
    pairs: list[tuple[str, str]] = []

    def walk(prefix: str, value):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}[{key}]" if prefix else str(key), item)
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                walk(f"{prefix}[{index}]", item)
        elif value is not None:
            text = ("Y" if value else "N") if isinstance(value, bool) else str(value)
            pairs.append((prefix, text))

    walk("", params)
    return "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in pairs)


def decode(pairs) -> dict:
    """Flat `(key, value)` pairs such as Django's `request.POST.items()` -> nested values.

    A level whose keys are exactly 0..n-1 becomes a list, as PHP's arrays read back in JSON.
    """
    result: dict = {}
    for flat_key, value in pairs:
        head, _, rest = flat_key.partition("[")
        parts = [head, *_KEY_PART.findall("[" + rest)] if rest else [head]
        node = result
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[parts[-1]] = value
    return _listify(result)


def _listify(node):
    if not isinstance(node, dict):
        return node
    items = {key: _listify(value) for key, value in node.items()}
    if items and list(items) == [str(index) for index in range(len(items))]:
        return list(items.values())
    return items
