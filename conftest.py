import os

os.environ.setdefault("TESTING", "1")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache (pages, sessions, rate-limit windows, view
    counts): the test run's own directory (settings.CACHES), never a shared Redis,
    which a test that uses Redis cleans up itself."""
    from django.conf import settings
    from django.core.cache import cache

    if "diskcache" in settings.CACHES["default"]["BACKEND"] or "locmem" in settings.CACHES["default"]["BACKEND"]:
        cache.clear()
    yield
