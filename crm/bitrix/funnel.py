"""The MaaS deal funnel and the mapping between its stages and order statuses (reference §4)."""

import re

from django.conf import settings
from django.core.cache import cache

from orders.choices import OrderStatus

STAGES = [  # code, name, sort, semantics (P in progress, S success, F failure)
    ("NEW", "New Order", 10, "P"),
    ("EXECUTING", "In Production", 20, "P"),
    ("WON", "Completed", 30, "S"),
    ("LOSE", "Cancelled", 40, "F"),
]
WRITE_STAGE = {
    OrderStatus.PENDING: "NEW",
    OrderStatus.PROCESSING: "EXECUTING",
    OrderStatus.COMPLETED: "WON",
    OrderStatus.CANCELLED: "LOSE",
}
READ_STAGE = {
    "NEW": OrderStatus.PENDING,
    "EXECUTING": OrderStatus.PROCESSING,
    "PREPARATION": OrderStatus.PROCESSING,
    "PREPAYMENT_INVOICE": OrderStatus.PROCESSING,
    "FINAL_INVOICE": OrderStatus.PROCESSING,
    "WON": OrderStatus.COMPLETED,
    "LOSE": OrderStatus.CANCELLED,
    "APOLOGY": OrderStatus.CANCELLED,
}
READ_NAME = {
    "new": OrderStatus.PENDING,
    "новая": OrderStatus.PENDING,
    "new order": OrderStatus.PENDING,
    "в работе": OrderStatus.PROCESSING,
    "in production": OrderStatus.PROCESSING,
    "executing": OrderStatus.PROCESSING,
    "сделка успешна": OrderStatus.COMPLETED,
    "won": OrderStatus.COMPLETED,
    "completed": OrderStatus.COMPLETED,
    "сделка провалена": OrderStatus.CANCELLED,
    "cancelled": OrderStatus.CANCELLED,
}
READ_SEMANTICS = {"P": OrderStatus.PROCESSING, "S": OrderStatus.COMPLETED, "F": OrderStatus.CANCELLED}
CATEGORY_CACHE_KEY = "bitrix:maas-category"
_PREFIX = re.compile(r"^C\d+:")


def maas_category_id(client) -> int:
    """The configured category, else the one named like the funnel, else a new one with our stages."""
    if settings.BITRIX_MAAS_CATEGORY_ID:
        return settings.BITRIX_MAAS_CATEGORY_ID
    cached = cache.get(CATEGORY_CACHE_KEY)
    if cached is not None:
        return cached
    name = settings.BITRIX_MAAS_FUNNEL_NAME
    found = [c for c in client.call("crm.dealcategory.list", {}) if str(c.get("NAME", "")).lower() == name.lower()]
    category_id = int(found[0]["ID"]) if found else int(client.call("crm.dealcategory.add", {"fields": {"NAME": name}}))
    cache.set(CATEGORY_CACHE_KEY, category_id, timeout=24 * 3600)
    return category_id


def stage_id(category_id: int, status: str) -> str:
    code = WRITE_STAGE[status]
    return f"C{category_id}:{code}" if category_id else code


def status_for_stage(stage: str, stages: list[dict] | None = None) -> str | None:
    """An order status for a deal stage id: by code, then by the stage's name, then its semantics."""
    code = _PREFIX.sub("", stage or "")
    if code in READ_STAGE:
        return READ_STAGE[code]
    for known in stages or []:
        if known.get("STATUS_ID") == stage:
            by_name = READ_NAME.get(str(known.get("NAME", "")).strip().lower())
            return by_name or READ_SEMANTICS.get(known.get("SEMANTICS") or "P")
    return None


def category_of(deal: dict) -> int:
    return int(deal.get("CATEGORY_ID") or 0)
