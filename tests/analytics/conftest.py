import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_figures():
    """Figures are kept for a few minutes; each test starts from an empty cache."""
    cache.clear()
    yield
    cache.clear()
