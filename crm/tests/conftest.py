import pytest
from django.core.cache import cache

from crm.bitrix import userfields
from crm.bitrix.portal import portal


@pytest.fixture
def bitrix(settings, fake_bitrix):
    """Bitrix24 switched on, pointing at the local fake portal, with no real pauses; the portal
    already has our user fields, as it has after the first drain (test_userfields starts before)."""
    settings.BITRIX_WEBHOOK_URL = fake_bitrix.webhook_url
    settings.BITRIX_RATE_PER_SECOND = 1000
    settings.BITRIX_RATE_LIMIT_BACKOFF = [0, 0]
    cache.clear()
    userfields.ensure_user_fields(portal())
    fake_bitrix.calls.clear()
    fake_bitrix.requests = 0
    yield fake_bitrix
    cache.clear()


@pytest.fixture
def webhook_tokens(settings):
    settings.BITRIX_APPLICATION_TOKEN = "app-token-from-bitrix"
    settings.BITRIX_WEBHOOK_TOKEN = "shared-token"
    return settings
