"""A real nginx from Debian's packages, started with the repository's configuration."""

import gzip
import json
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

    # Clients that accept gzip share one compressed copy, whatever else they list.
    assert _get(url, {"Accept-Encoding": "gzip"})[1]["X-Cache"] == "MISS"
    status, headers, zipped = _get(url, {"Accept-Encoding": "br, gzip, deflate"})
    assert headers["X-Cache"] == "HIT" and headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(zipped) == second[2]

    # A reader with a session never gets someone else's cached page.
    status, headers, _ = _get(url, {"Cookie": "sessionid=abc"})
    assert headers["X-Cache"] == "BYPASS"


def _wait_for_lines(path: Path, n: int, timeout: float = 5.0) -> list[str]:
    """nginx writes its view log buffer at least every second (flush=1s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = path.read_text().splitlines() if path.exists() else []
        if len(lines) >= n:
            return lines
        time.sleep(0.1)
    return path.read_text().splitlines() if path.exists() else []


def test_views_served_from_nginx_cache_are_counted_once(nginx, tmp_path):
    from django.core.management import call_command

    from didgah.community.viewcount import clear_local_buffers

    clear_local_buffers()
    article = make_article(title="خبر پربیننده")
    url = nginx + article.get_absolute_url()

    def browser(name, **extra):
        return {"User-Agent": f"Mozilla/5.0 (X11; Linux) {name}", **extra}

    assert _get(url, browser("A"))[1]["X-Cache"] == "MISS"  # reaches Django, which counts A
    assert _get(url, browser("B"))[1]["X-Cache"] == "HIT"  # nginx logs B
    assert _get(url, browser("B"))[1]["X-Cache"] == "HIT"  # B again within the hour: logged, not counted
    assert _get(url + "?cpage=1", browser("E"))[1]["X-Cache"] == "MISS"  # another address: Django counts E
    assert _get(url, {"User-Agent": "curl/8.5"})[1]["X-Cache"] == "HIT"  # a bot: logged, not counted
    # A session cookie bypasses the cache: Django counts C itself, nginx logs nothing.
    assert _get(url, browser("C", Cookie="sessionid=abc"))[1]["X-Cache"] == "BYPASS"
    # Other pages served from the cache are not logged.
    _get(nginx + "/", browser("D"))
    assert _get(nginx + "/", browser("D"))[1]["X-Cache"] == "HIT"
    # The short address redirects (not logged); F follows it to the cached page (logged).
    _get(nginx + f"/news/{article.pk}/", browser("F"))
    # Once the entry expires, the next reader gets the stale copy while a background
    # request refreshes it: that request reaches Django with G's headers, so Django counts G.
    time.sleep(3.1)  # nginx counts whole seconds: a 2 s entry lives 2-3 s
    assert _get(url, browser("G"))[1]["X-Cache"] in ("STALE", "EXPIRED")
    # Wait for that refresh (the entry is fresh again); B's hits are logged, not counted again.
    for _ in range(50):
        if _get(url, browser("B"))[1]["X-Cache"] == "HIT":
            break
        time.sleep(0.1)

    log = tmp_path / "nginx" / "views.log"
    lines = _wait_for_lines(log, 5)
    agents = {json.loads(line)["ua"].rsplit(" ", 1)[-1] for line in lines}
    assert agents == {"B", "curl/8.5", "F"}
    assert all(json.loads(line)["uri"].startswith(f"/news/{article.pk}/") for line in lines)

    call_command("edge_views", "--once", log=log)
    article.refresh_from_db()
    assert article.view_count == 6  # A, E, C and G counted by Django, B and F from nginx's log
    # Reading the log again counts nothing twice: the offset was kept.
    call_command("edge_views", "--once", log=log)
    article.refresh_from_db()
    assert article.view_count == 6
    clear_local_buffers()
