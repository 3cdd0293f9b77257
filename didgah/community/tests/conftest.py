import pytest


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
