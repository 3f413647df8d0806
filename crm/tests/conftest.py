import pytest


@pytest.fixture
def webhook_tokens(settings):
    settings.BITRIX_APPLICATION_TOKEN = "app-token-from-bitrix"
    settings.BITRIX_WEBHOOK_TOKEN = "shared-token"
    return settings
