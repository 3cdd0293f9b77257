import os

os.environ.setdefault("TESTING", "1")

import pytest  # noqa: E402


def clear_caches():
    """Empty the in-process caches (pages, sessions, rate-limit windows, view counts),
    never a shared Redis, which a test that uses Redis cleans up itself."""
    from django.conf import settings
    from django.core.cache import caches

    for alias, config in settings.CACHES.items():
        if "locmem" in config["BACKEND"]:
            caches[alias].clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with empty caches (clear_caches)."""
    clear_caches()
    yield
