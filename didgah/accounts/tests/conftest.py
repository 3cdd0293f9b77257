import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache

from didgah.common import ratelimit


def _clear():
    # Only the in-process cache: a test that points the cache at Redis cleans up its
    # own keys and must never flush a database others may share.
    if isinstance(caches["default"], LocMemCache):
        cache.clear()
    clear = getattr(ratelimit, "clear_local", None)
    if clear is not None:
        clear()


@pytest.fixture(autouse=True)
def _fresh_cache_and_fast_hashes(settings):
    # Rate-limit windows live in caches: each test starts clean. Real password
    # hashing would spend most of the run's time in PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _clear()
    yield
    _clear()
