from django.test import RequestFactory

from didgah.common.ratelimit import client_ip, hit


def test_limit_counts_per_key_and_zero_means_unlimited():
    assert [hit("k1", limit=3, window_seconds=60) for _ in range(5)] == [True, True, True, False, False]
    assert hit("k2", limit=3, window_seconds=60)
    assert all(hit("k3", limit=0, window_seconds=60) for _ in range(100))


def test_client_ip_never_believes_a_header_the_client_sent():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_REAL_IP="198.51.100.7",
                                   HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert client_ip(request) == "203.0.113.5"


def test_one_limit_holds_across_threads():
    """The embedded default serves from one process of threads; under 16 of them, 160
    attempts at once on one limit of 60, exactly 60 allowed (the cache counts atomically)."""
    from didgah.common.testing import run_threads

    allowed = []
    errors = run_threads(16, lambda i: allowed.append(sum(hit("shared-limit", limit=60, window_seconds=3600)
                                                          for _ in range(10))))
    assert errors == [] and sum(allowed) == 60, allowed
