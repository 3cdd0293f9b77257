import pytest


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    # Real password hashing would spend most of the suite's time in PBKDF2. The cache
    # (rate-limit windows, view buffers) is emptied before each test (conftest.py).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def one_rate_window(monkeypatch):
    """Every rate-limit count of the test falls in one window (common.ratelimit): a
    test running across the end of a minute would otherwise see its counts split over
    two windows, and its limit never reached."""
    import time
    from types import SimpleNamespace

    from didgah.common import ratelimit

    now = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now))
