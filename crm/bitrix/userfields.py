"""Our `UF_CRM_*` user fields, created on the portal when it lacks them (reference §3.5).

Checked before a drain's first write, at most once a day (cache): one `batch` reads the deal and
contact fields, a second adds the missing ones. Bitrix24 prefixes `FIELD_NAME` with `UF_CRM_`
itself, so we send the name without it.
"""

import logging

from django.conf import settings
from django.core.cache import cache

from .errors import BitrixError

PREFIX = "UF_CRM_"
CACHE_KEY = "bitrix:user-fields-checked"
CHECK_EVERY = 24 * 3600

logger = logging.getLogger(__name__)


def our_fields() -> dict[str, dict[str, tuple[str, str]]]:
    """entity -> {field name: (USER_TYPE_ID, label)}."""
    return {
        "deal": {settings.BITRIX_DEAL_FILE_FIELD: ("disk_file", "3D model")},
        "contact": {
            "UF_CRM_APP_USER_ID": ("string", "Platform user id"),
            "UF_CRM_APP_IS_ADMIN": ("string", "Platform staff (Y/N)"),
        },
    }


def definition(name: str, user_type: str, label: str) -> dict:
    return {
        "FIELD_NAME": name.removeprefix(PREFIX),
        "USER_TYPE_ID": user_type,
        "XML_ID": name,
        "EDIT_FORM_LABEL": label,
        "LIST_COLUMN_LABEL": label,
        "MULTIPLE": "N",
        "MANDATORY": "N",
    }


def missing_fields(client) -> dict[str, tuple[str, str, str]]:
    """`{key: (entity, name, USER_TYPE_ID, label)}` of our fields the portal lacks, in one request."""
    wanted = our_fields()
    existing = client.batch({entity: (f"crm.{entity}.fields", {}) for entity in wanted})
    if existing.errors:
        raise next(iter(existing.errors.values()))
    return {
        f"{entity}:{name}": (entity, name, *spec)
        for entity, fields in wanted.items()
        for name, spec in fields.items()
        if name.startswith(PREFIX) and name not in existing.results.get(entity, {})
    }


def ensure_user_fields(client) -> list[str]:
    """Add whichever of our fields the portal lacks; the names added.

    Never stops a drain: without a field Bitrix24 drops its value but keeps the entity, so a portal
    that refuses (say, a webhook without the right to add fields) is logged and asked again later.
    """
    if cache.get(CACHE_KEY):
        return []
    try:
        missing = missing_fields(client)
        if missing:
            commands = {
                key: (f"crm.{entity}.userfield.add", {"fields": definition(name, user_type, label)})
                for key, (entity, name, user_type, label) in missing.items()
            }
            added = client.batch(commands)
            for key, error in added.errors.items():
                logger.warning("Bitrix24 refused user field %s: %s", key, error)
            if added.errors:
                return [missing[key][1] for key in added.results]
    except BitrixError as error:
        logger.warning("Bitrix24 user fields not checked: %s", error)
        return []
    cache.set(CACHE_KEY, True, timeout=CHECK_EVERY)
    return [name for _entity, name, *_spec in missing.values()]
