import pytest
from django.core.cache import cache


@pytest.fixture
def bitrix(settings, fake_bitrix):
    """Bitrix24 switched on, pointing at the local fake portal, with no real pauses."""
    settings.BITRIX_WEBHOOK_URL = fake_bitrix.webhook_url
    settings.BITRIX_RATE_PER_SECOND = 1000
    settings.BITRIX_RATE_LIMIT_BACKOFF = [0, 0]
    cache.clear()
    yield fake_bitrix
    cache.clear()


@pytest.fixture
def webhook_tokens(settings):
    settings.BITRIX_APPLICATION_TOKEN = "app-token-from-bitrix"
    settings.BITRIX_WEBHOOK_TOKEN = "shared-token"
    return settings
