import pytest
from django.core.cache import cache

from didgah.common.ratelimit import clear_local as clear_rate_limits


@pytest.fixture(autouse=True)
def _fresh_cache():
    # API rate-limit windows live in the cache: every test starts with none used.
    cache.clear()
    clear_rate_limits()
    yield
    cache.clear()
    clear_rate_limits()
