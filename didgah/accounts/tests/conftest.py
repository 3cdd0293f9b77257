import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache_and_fast_hashes(settings):
    # Rate-limit windows and view "seen" keys live in the cache: each test starts clean.
    # Real password hashing would spend most of the suite's time in PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()
