"""What the published API docs say about each API and operation, written for the people who integrate.

One module per API (`mfg.py`, `configurator.py`, `shop.py`, ...) holds `INTRO` (how to sign in, page
and read errors, shown at the top of the docs) and `OPERATIONS`: a `Doc` for every operation of that
API, keyed by the schema's operationId (`mfg_orders_retrieve`). The schema (config/api/schema.py)
takes summaries, descriptions and examples from these tables only, never from view docstrings, which
are notes for us. Adding an API's docs is adding its module here; config/tests/test_schema_docs.py
then holds every operation of that API to it.
"""

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Doc:
    """One operation as an integrator reads it. Examples are JSON bodies exactly as sent and answered
    (a list answer in its API's page shape); None when the operation has no JSON body."""

    summary: str
    description: str
    request_example: Any = None
    response_example: Any = None


def documented_apis() -> list[str]:
    """The APIs that have a docs module, by dialect name."""
    return sorted(module.name for module in pkgutil.iter_modules(__path__))


@cache
def _module(api: str):
    return importlib.import_module(f"{__name__}.{api}") if api in documented_apis() else None


def operations(api: str) -> dict[str, Doc]:
    """The `OPERATIONS` table of one API; empty for an API without a docs module yet."""
    module = _module(api)
    return module.OPERATIONS if module else {}


def introduce_apis(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: the docs open with a section on each documented API, in
    the order of the schema's tags, under the tag's own description."""
    sections = [
        f"**{tag.get('description') or tag['name']}**\n\n{_module(tag['name']).INTRO}"
        for tag in result.get("tags", [])
        if _module(tag["name"])
    ]
    result["info"]["description"] = "\n\n".join([result["info"].get("description", ""), *sections]).strip()
    return result
