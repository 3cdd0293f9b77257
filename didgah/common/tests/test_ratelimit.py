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


@pytest.mark.parametrize("trusted, remote, real_ip, expected", [
    ((), "203.0.113.5", "198.51.100.7", "203.0.113.5"),          # header from anyone: ignored
    (("127.0.0.1",), "127.0.0.1", "198.51.100.7", "198.51.100.7"),  # from our nginx: believed
    (("127.0.0.1",), "203.0.113.5", "198.51.100.7", "203.0.113.5"),
    (("127.0.0.1",), "127.0.0.1", "", "127.0.0.1"),
])
def test_client_ip_believes_only_trusted_proxies(settings, trusted, remote, real_ip, expected):
    settings.TRUSTED_PROXIES = list(trusted)
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_REAL_IP=real_ip)
    assert client_ip(request) == expected
