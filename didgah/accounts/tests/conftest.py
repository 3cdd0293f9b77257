import pytest


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    # Real password hashing would spend most of the run's time in PBKDF2. Rate-limit
    # windows live in the caches, which every test starts without (conftest.py).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
