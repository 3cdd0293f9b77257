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
def nginx(live_server, tmp_path, settings):
    # As the production profile runs the app: pages marked as shared, kept by nginx (long
    # enough that a slow machine never sees one expire within a test).
    settings.CACHE_MIDDLEWARE_SECONDS = settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_STORE = False
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx is missing: `make system-deps` installs Debian's package")
    static_root = tmp_path / "static"
    shutil.copytree(ROOT / "static", static_root)
    port = _free_port()
    app = urlsplit(live_server.url)
    run_dir = tmp_path / "nginx"
    conf = render_nginx_conf(run_dir=run_dir, host="127.0.0.1", port=port, app_host=app.hostname,
                             app_port=app.port, static_root=static_root, media_root=tmp_path / "media")
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


def _until_kept(url, headers=None):
    """The answer once nginx answers `url` from its cache. nginx may finish storing an
    answer a moment after its client has it all (the client's next request can reach
    another worker first), so the next request is retried briefly; an answer nginx
    never keeps (a cookie, "private") fails here with its headers."""
    for _ in range(50):
        answer = _get(url, headers)
        if answer[1].get("X-Cache") == "HIT":
            return answer
        time.sleep(0.1)
    raise AssertionError(f"never answered from nginx's cache: {answer[1]}")


def test_nginx_serves_static_and_one_cached_page_to_everyone(nginx):
    from didgah.community.tests.factories import make_reader

    article = make_article(title="خبر از پشت nginx")
    status, headers, body = _get(nginx + "/static/css/site.css", {"Accept-Encoding": "gzip"})
    assert status == 200 and "immutable" in headers["Cache-Control"]
    assert headers.get("Content-Encoding") == "gzip"

    url = nginx + article.get_absolute_url()
    first = _get(url)
    second = _until_kept(url)
    assert first[0] == second[0] == 200
    assert "خبر از پشت nginx" in second[2].decode()
    assert first[1]["X-Cache"] == "MISS"
    assert "max-age=60" in first[1]["Cache-Control"]

    # Clients that accept gzip share one compressed copy, whatever else they list.
    assert _get(url, {"Accept-Encoding": "gzip"})[1]["X-Cache"] == "MISS"
    _until_kept(url, {"Accept-Encoding": "gzip"})
    status, headers, zipped = _get(url, {"Accept-Encoding": "br, gzip, deflate"})
    assert headers["X-Cache"] == "HIT" and headers.get("Content-Encoding") == "gzip", headers
    assert gzip.decompress(zipped) == second[2]

    # A signed-in reader gets the same page (nothing personal is in it) ...
    from django.test import Client

    reader = make_reader()
    client = Client()
    client.force_login(reader)
    session = client.cookies["sessionid"].value
    status, headers, page = _get(url, {"Cookie": f"sessionid={session}"})
    assert headers["X-Cache"] == "HIT" and page == second[2]
    # ... and their own part from a request nginx never keeps.
    for _ in range(2):
        status, headers, own = _get(nginx + f"/community/me/?article={article.pk}", {"Cookie": f"sessionid={session}"})
        assert headers["X-Cache"] != "HIT" and json.loads(own)["signed_in"] is True
    # Pages that read the session are never kept: the sign-in form sets the CSRF cookie.
    assert _get(nginx + "/accounts/login/")[1]["X-Cache"] != "HIT"
    assert _get(nginx + "/accounts/login/")[1]["X-Cache"] != "HIT"


def test_views_are_counted_by_the_personal_request_through_nginx(nginx):
    """nginx answers the page from its cache; the page's own request reaches Django,
    which counts one view per visitor, never a bot's."""
    from didgah.community.viewcount import views_pending

    article = make_article()
    url = nginx + article.get_absolute_url()

    def browser(name):
        return {"User-Agent": f"Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Didgah-{name}"}

    for name in ("A", "B", "B"):
        _get(url, browser(name))
        _get(nginx + f"/community/me/?article={article.pk}", browser(name))
    _get(nginx + f"/community/me/?article={article.pk}", {"User-Agent": "curl/8.5"})
    assert views_pending() == {article.pk: 2}


def test_private_answers_skip_the_cache(nginx):
    # Never shared, so never looked up: each goes straight to the app.
    article = make_article(title="خبری برای درخواست شخصی")
    status, headers, _body = _get(nginx + f"/community/me/?article={article.pk}")
    assert status == 200 and headers.get("X-Cache") == "BYPASS"
    assert _get(nginx + "/accounts/login/")[1].get("X-Cache") == "BYPASS"
    assert _get(nginx + article.get_absolute_url())[1].get("X-Cache") in {"MISS", "HIT", "EXPIRED"}
