import pytest
from django.test import RequestFactory

from didgah.common.ratelimit import clear_local, client_ip, hit


@pytest.fixture(autouse=True)
def _fresh():
    clear_local()
    yield
    clear_local()


def test_limit_counts_per_key_and_zero_means_unlimited():
    assert [hit("k1", limit=3, window_seconds=60) for _ in range(5)] == [True, True, True, False, False]
    assert hit("k2", limit=3, window_seconds=60)
    assert all(hit("k3", limit=0, window_seconds=60) for _ in range(100))


def test_client_ip_never_believes_a_header_the_client_sent():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_REAL_IP="198.51.100.7",
                                   HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert client_ip(request) == "203.0.113.5"
