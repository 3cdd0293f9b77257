"""What the embedded default's cache costs a request: Django's in-process cache against a
cache every process can share on one machine (diskcache's Django cache, SQLite files),
for a vote, the personal request and a cached article page, through Django's test client
in one process (CPU and wall time per request; a reference for one another in the same
run). This decided settings.CACHES and didgah/serve.py's one process for SQLite.

    .venv/bin/python bench/cache_backends.py     (needs `pip install diskcache` for the second)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "cache_backends.txt"
N = 200


def one(backend: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "didgah.settings"
    import django
    from django.conf import settings

    django.setup()
    if backend == "diskcache":
        settings.CACHES = {"default": {"BACKEND": "diskcache.DjangoCache",
                                       "LOCATION": os.path.join(os.environ["DATA_DIR"], "cache")}}
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    caches._settings = caches.settings = settings.CACHES
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from didgah.community.tests.factories import make_reader
    from didgah.news.tests.factories import make_article

    settings.VOTE_RATE_PER_MINUTE = 10**6
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    article = make_article()
    clients = []
    for _ in range(N):
        client = Client()
        client.force_login(make_reader())
        clients.append(client)
    cases = [
        ("vote (htmx)", lambda c: c.post(f"/community/article/{article.pk}/vote/", {"value": "1"},
                                         HTTP_HX_REQUEST="true")),
        ("personal request", lambda c: c.get(f"/community/me/?article={article.pk}",
                                             HTTP_USER_AGENT="Mozilla/5.0 Chrome")),
        ("article page, cached", lambda c: c.get(article.get_absolute_url())),
    ]
    for label, request in cases:
        request(clients[0])
        wall, cpu = time.perf_counter(), time.process_time()
        for client in clients:
            assert request(client).status_code == 200, label
        print(f"{backend:10} {label:22} {(time.perf_counter() - wall) / N * 1000:7.2f} ms wall "
              f"{(time.process_time() - cpu) / N * 1000:7.2f} ms CPU a request", flush=True)


def main() -> None:
    lines = [f"cache backends (bench/cache_backends.py), {time.strftime('%Y-%m-%d %H:%M')}, "
             f"{N} readers, one process, load average {os.getloadavg()[0]:.1f}"]
    for backend in ("locmem", "diskcache"):
        with tempfile.TemporaryDirectory() as data:
            env = {**os.environ, "DATA_DIR": data, "PAGE_CACHE_SECONDS": "5", "TESTING": "0", "DEBUG": "1"}
            out = subprocess.run([sys.executable, __file__, "--one", backend], env=env, capture_output=True,
                                 text=True, cwd=ROOT)
            got = [line for line in out.stdout.splitlines() if line.startswith(backend)]
            lines += got or [f"{backend}: failed: {out.stderr.strip().splitlines()[-1:]}"]
            print("\n".join(got or lines[-1:]), flush=True)
    RESULTS.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        one(sys.argv[2])
    else:
        main()
