"""The configured Bitrix24 portal, or `BitrixDisabled` when the integration is off."""

from django.conf import settings

from .client import BitrixClient
from .errors import BitrixDisabled
from .ratelimit import RateLimiter


def is_enabled() -> bool:
    return bool(settings.BITRIX_WEBHOOK_URL)


def portal() -> BitrixClient:
    if not is_enabled():
        raise BitrixDisabled("Bitrix24 is off: BITRIX_WEBHOOK_URL is not set")
    return BitrixClient(
        settings.BITRIX_WEBHOOK_URL,
        verify_tls=settings.BITRIX_VERIFY_TLS,
        rate_limiter=RateLimiter(per_second=settings.BITRIX_RATE_PER_SECOND),
        rate_limit_backoff=settings.BITRIX_RATE_LIMIT_BACKOFF,
    )
