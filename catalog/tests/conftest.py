import pytest

from catalog.tables import forget_tables


@pytest.fixture(autouse=True)
def fresh_price_tables():
    """Test rollbacks fire no signals, so the cached snapshot is dropped around every test."""
    forget_tables()
    yield
    forget_tables()
