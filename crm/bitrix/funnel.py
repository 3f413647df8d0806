"""The MaaS deal funnel and the mapping between its stages and order statuses (reference §4)."""

import re

from django.conf import settings
from django.core.cache import cache

from orders.choices import OrderStatus

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
CATEGORY_CACHE_KEY = "bitrix:maas-category"
_PREFIX = re.compile(r"^C\d+:")


def maas_category_id(client) -> int:
    """The configured category, else the one named like the funnel, else a new one of that name."""
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


def status_for_stage(stage: str) -> str | None:
    """An order status for a deal stage id by its code; None (status unchanged) for other codes."""
    return READ_STAGE.get(_PREFIX.sub("", stage or ""))


def category_of(deal: dict) -> int:
    return int(deal.get("CATEGORY_ID") or 0)
