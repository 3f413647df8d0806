import pytest

from accounts.tests.factories import AdminFactory, UserFactory

# Fixtures shared by every app: a real Celery worker, a real browser, outside services played locally.
pytest_plugins = ["config.testing.celery", "config.testing.browser", "config.testing.fake_bitrix"]


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
