import subprocess
import sys

import pytest
from django.conf import settings
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


COUNT_IN_A_PROCESS = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")
django.setup()
from didgah.common.ratelimit import hit
print(sum(hit("shared-limit", limit=60, window_seconds=3600) for _ in range(40)))
"""


@pytest.mark.skipif("diskcache" not in settings.CACHES["default"]["BACKEND"], reason="the embedded default's cache")
def test_one_limit_holds_across_four_processes():
    """Four worker processes count into the one cache: 160 attempts, exactly 60 allowed."""
    procs = [subprocess.Popen([sys.executable, "-c", COUNT_IN_A_PROCESS], stdout=subprocess.PIPE, text=True)
             for _ in range(4)]
    allowed = [int(p.communicate(timeout=120)[0].strip()) for p in procs]
    assert sum(allowed) == 60, allowed
