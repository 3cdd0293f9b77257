import pytest


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    # Real password hashing would spend most of the suite's time in PBKDF2. The cache
    # (rate-limit windows, view buffers) is emptied before each test (conftest.py).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
