"""A real nginx from Debian's packages, started with the repository's configuration."""

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from didgah.news.tests.factories import make_article
from didgah.prod import nginx_binary, render_nginx_conf

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx(live_server, tmp_path):
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx is missing: `make system-deps` installs Debian's package")
    static_root = tmp_path / "static"
    shutil.copytree(ROOT / "static", static_root)
    port = _free_port()
    app = urlsplit(live_server.url)
    run_dir = tmp_path / "nginx"
    conf = render_nginx_conf(run_dir=run_dir, host="127.0.0.1", port=port, app_host=app.hostname,
                             app_port=app.port, static_root=static_root, media_root=tmp_path / "media",
                             page_cache_seconds=2)
    if os.geteuid() == 0:
        # www-data workers must reach the static copy under pytest's private tmp folder.
        for p in [tmp_path, *tmp_path.parents]:
            if p == Path("/"):
                break
            os.chmod(p, os.stat(p).st_mode | 0o005)
    proc = subprocess.Popen([nginx_binary(), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_nginx_serves_static_and_caches_anonymous_pages(nginx):
    article = make_article(title="خبر از پشت nginx")
    status, headers, body = _get(nginx + "/static/css/site.css", {"Accept-Encoding": "gzip"})
    assert status == 200 and "immutable" in headers["Cache-Control"]
    assert headers.get("Content-Encoding") == "gzip"

    url = nginx + article.get_absolute_url()
    first = _get(url)
    second = _get(url)
    assert first[0] == second[0] == 200
    assert "خبر از پشت nginx" in second[2].decode()
    assert (first[1]["X-Cache"], second[1]["X-Cache"]) == ("MISS", "HIT")

    # A reader with a session never gets someone else's cached page.
    status, headers, _ = _get(url, {"Cookie": "sessionid=abc"})
    assert headers["X-Cache"] == "BYPASS"
