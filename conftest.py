import pytest

from accounts.tests.factories import AdminFactory, UserFactory

# Fixtures shared by every app: a real Celery worker, a real browser, outside services played locally.
pytest_plugins = [
    "config.testing.celery",
    "config.testing.browser",
    "config.testing.fake_bitrix",
    "config.testing.fake_etsy",
    "config.testing.fake_telegram",
    "config.testing.fake_suppliers",
    "config.testing.fake_ai",
    "config.testing.webhook_receiver",
]


# Pages speak Russian by default (config/locale.py); the suite reads them in English unless a test
# asks for Russian (Accept-Language "ru" or the language cookie), so its assertions stay readable.
TEST_LANGUAGE = "en"


@pytest.fixture
def client():
    from django.test import Client

    return Client(headers={"Accept-Language": TEST_LANGUAGE})


@pytest.fixture
def admin_client(db, admin_user):
    from django.test import Client

    client = Client(headers={"Accept-Language": TEST_LANGUAGE})
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Forms, messages and PDFs built outside a request read in English too."""
    from django.utils import translation

    with translation.override(TEST_LANGUAGE):
        yield


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return AdminFactory()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_shared_counters(settings):
    """Rate-limit and lockout counters start empty in each test, on the file store and on Redis alike."""
    from django.core.cache import caches

    config = settings.CACHES[settings.SHARED_CACHE]
    store = caches[settings.SHARED_CACHE]
    if not config["BACKEND"].endswith("RedisCache"):
        store.clear()
        return
    # Only this store's keys: the Redis database also holds the Celery broker's queues.
    redis = store._cache.get_client(write=True)
    keys = list(redis.scan_iter(match=f"{config['KEY_PREFIX']}:*", count=1000))
    if keys:
        redis.delete(*keys)
