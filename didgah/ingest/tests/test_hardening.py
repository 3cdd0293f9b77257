"""Issue 16, item 8: what hostile or careless servers did to a fetch, each as a class."""

import gzip
import ipaddress
import logging
import threading
import time
import tracemalloc
import zlib

import pytest

from didgah.ingest import services
from didgah.ingest.canon import canonical_url
from didgah.ingest.fetch import FetchError, address_allowed, error_in_persian, fetch, resolve_checked, url_checked
from didgah.ingest.localserver import Route
from didgah.ingest.models import FeedState
from didgah.news.models import Article

from .conftest import item, rss

pytestmark = pytest.mark.django_db


# --- one wall-clock deadline ----------------------------------------------------------

def _trickle_headers(stop: threading.Event):
    """A status line, then one header byte every 0.5 s: every read gets data in time, so
    only a deadline over the whole response can stop it."""
    def handler(h):
        try:
            h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            h.wfile.flush()
            while not stop.wait(0.5):
                h.wfile.write(b"a")
                h.wfile.flush()
        except OSError:
            pass
        h.close_connection = True
    return handler


@pytest.fixture
def stop_trickle():
    stop = threading.Event()
    yield stop
    stop.set()


def test_trickling_headers_hit_the_deadline(server, settings, stop_trickle):
    settings.INGEST_TOTAL_TIMEOUT = 1.5
    settings.INGEST_READ_TIMEOUT = 5.0  # longer than the deadline, and never reached
    server.routes["/slow"] = Route(handler=_trickle_headers(stop_trickle))
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(server.url("/slow"))
    elapsed = time.monotonic() - started
    assert err.value.code == "timeout"
    assert 1.4 < elapsed < 3, elapsed


def test_a_trickling_source_does_not_hold_up_the_others(server, settings, stop_trickle):
    settings.INGEST_TOTAL_TIMEOUT = 1.0
    settings.INGEST_READ_TIMEOUT = 5.0
    server.routes["/slow"] = Route(handler=_trickle_headers(stop_trickle))
    server.routes["/ok"] = Route(body=rss(item(1)))
    slow, _ = services.source_add(feed_url=server.url("/slow"), discover=False, name="کند")
    ok, _ = services.source_add(feed_url=server.url("/ok"), discover=False, name="سالم")
    started = time.monotonic()
    reports = {r.source.pk: r for r in services.ingest_due()}
    assert time.monotonic() - started < 4
    assert reports[slow.pk].outcome == "error" and reports[slow.pk].error.startswith("timeout")
    assert reports[ok.pk].outcome == "ok" and reports[ok.pk].taken == 1
    state = FeedState.objects.get(source=slow)
    assert error_in_persian(state.last_error).startswith("منبع در زمان مجاز پاسخ نداد")


def test_full_text_pages_share_one_budget_per_poll(server, settings, stop_trickle):
    settings.INGEST_TOTAL_TIMEOUT = 1.0
    settings.INGEST_POLL_BUDGET = 1.5
    server.routes["/page"] = Route(handler=_trickle_headers(stop_trickle))
    items = "".join(item(n, link=server.url(f"/page?n={n}")) for n in range(5))
    server.routes["/f"] = Route(body=rss(items))
    source, _ = services.source_add(feed_url=server.url("/f"), discover=False, name="x", full_text=True)
    started = time.monotonic()
    report = services.feed_poll(source=source)
    assert time.monotonic() - started < 4  # not five pages of a second each
    assert report.outcome == "ok" and report.taken == 5  # every entry kept its summary
    assert "متن کامل" in FeedState.objects.get(source=source).last_warning


# --- redirects to other schemes ---------------------------------------------------------

@pytest.mark.parametrize("location", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x",
                                      "mailto:a@b.example", "file:///etc/passwd", "javascript://x/%0aalert(1)",
                                      "ftp://example.com/feed"])
def test_redirect_to_another_scheme_is_a_recorded_error(server, caplog, location):
    server.routes["/r"] = Route(status=302, headers={"Location": location})
    source, _ = services.source_add(feed_url=server.url("/r"), discover=False, name="x")
    with caplog.at_level(logging.WARNING):
        report = services.feed_poll(source=source)
    assert report.outcome == "error" and report.error.startswith("bad_redirect"), report.error
    assert not [r for r in caplog.records if r.exc_info]  # no traceback in the logs
    state = FeedState.objects.get(source=source)
    assert state.failure_count == 1
    assert "ارجاع" in error_in_persian(state.last_error)


# --- compressed bodies ------------------------------------------------------------------

@pytest.fixture(scope="module")
def bomb() -> bytes:
    """200 MB of zeros, gzip-compressed to about 200 KB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1024 * 1024)
    return b"".join([*(compressor.compress(block) for _ in range(200)), compressor.flush()])


def _serve_compressed(body: bytes, encoding: str):
    def handler(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Encoding", encoding)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        try:
            h.wfile.write(body)
        except OSError:
            pass
    return handler


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compression_bomb_stops_at_the_cap_without_inflating(server, settings, bomb, encoding):
    cap = 2 * 1024 * 1024
    settings.INGEST_MAX_BYTES = cap
    body = bomb if encoding == "gzip" else zlib.compress(bytes(200 * 1024 * 1024), 9)
    server.routes["/bomb"] = Route(handler=_serve_compressed(body, encoding))
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as err:
            fetch(server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.value.code == "too_large"
    # The cap plus a step or two of inflation; httpx's own decoder inflated a whole chunk at once.
    assert peak < cap + 4 * 1024 * 1024, peak


def test_compressed_feed_is_read(server):
    body = rss(item(1))
    server.routes["/gz"] = Route(handler=_serve_compressed(gzip.compress(body), "gzip"))
    server.routes["/gz2"] = Route(handler=_serve_compressed(gzip.compress(body[:50]) + gzip.compress(body[50:]), "gzip"))
    server.routes["/raw"] = Route(handler=_serve_compressed(zlib.compress(body)[2:-4], "deflate"))
    for path in ("/gz", "/gz2", "/raw"):
        assert fetch(server.url(path)).content == body, path
    assert server.requests[0][1].get("Accept-Encoding") == "gzip, deflate"


def test_corrupt_or_unknown_encoding_is_a_clear_error(server):
    server.routes["/bad"] = Route(handler=_serve_compressed(b"not gzip at all", "gzip"))
    server.routes["/br"] = Route(handler=_serve_compressed(b"xx", "br"))
    for path in ("/bad", "/br"):
        with pytest.raises(FetchError) as err:
            fetch(server.url(path))
        assert err.value.code == "encoding"


# --- addresses wrapped in IPv6 transition forms ----------------------------------------

def _teredo(client: str, server: str = "65.54.227.120") -> str:
    obfuscated = ~int(ipaddress.IPv4Address(client)) & 0xFFFFFFFF
    return str(ipaddress.IPv6Address((0x20010000 << 96) | (int(ipaddress.IPv4Address(server)) << 64)
                                     | (0xFFFF << 32) | obfuscated))


@pytest.mark.parametrize("host", [
    "2002:7f00:1::1", "2002:a00:1::", "2002:c0a8:101::1", "2002:a9fe:a9fe::",  # 6to4
    "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:1",  # NAT64
    _teredo("10.0.0.1"), _teredo("127.0.0.1"), _teredo("192.168.1.1"),  # Teredo
])
def test_transition_addresses_wrapping_private_ipv4_are_refused(host):
    assert not address_allowed(ipaddress.ip_address(host))
    with pytest.raises(FetchError) as err:
        resolve_checked(host, 80, allow_private=False)
    assert err.value.code == "private_address"


@pytest.mark.parametrize("host", ["2002:5db8:d70e::1", "64:ff9b::5db8:d70e", "::ffff:93.184.215.14",
                                  "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_transition_addresses_wrapping_public_ipv4_pass(host):
    assert address_allowed(ipaddress.ip_address(host))


# --- media addresses --------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "http://192.168.1.1/a.jpg", "http://[::1]/a.jpg", "http://[64:ff9b::a00:1]/a.jpg", "http://127.1/a.jpg",
    "https://user:pw@cdn.example/a.jpg", "https://cdn.example@10.0.0.1/a.jpg", "http://router.lan/a.jpg",
    "http://intranet/a.jpg", "http://localhost/a.jpg", "ftp://cdn.example/a.jpg", "javascript:alert(1)",
    "http://[2002:a00:1::]/v.mp4",
])
def test_media_urls_are_checked_like_fetched_urls(url):
    with pytest.raises(FetchError):
        url_checked(url, allow_private=False)


def test_public_media_url_passes():
    assert url_checked("https://93.184.215.14/a.jpg", allow_private=False)


def test_feed_media_on_private_hosts_are_dropped_with_a_note(settings, monkeypatch):
    from didgah.ingest import fetch as fetch_module
    from didgah.ingest.fetch import FetchResult

    settings.INGEST_ALLOW_PRIVATE = False
    extra = ('<enclosure url="http://192.168.1.1/cam.jpg" type="image/jpeg" length="1"/>'
             '<enclosure url="https://u:p@cdn.example/v.mp4" type="video/mp4" length="1"/>')
    body = rss(item(1, extra=extra) + item(2, extra='<enclosure url="https://93.184.215.14/p.jpg" type="image/jpeg" length="1"/>'))
    monkeypatch.setattr(services, "fetch", lambda url, **kw: FetchResult(url=url, status_code=200, content=body))
    monkeypatch.setattr(fetch_module, "resolve_checked", lambda *a, **kw: pytest.fail("no DNS for IP literals"))
    source, _ = services.source_add(feed_url="https://outlet.example/feed", discover=False, name="x")
    report = services.feed_poll(source=source)
    assert report.taken == 2
    first = Article.objects.get(original_url="https://outlet.example/news/1")
    assert first.image_url == "" and first.video_url == ""
    assert Article.objects.get(original_url="https://outlet.example/news/2").image_url == "https://93.184.215.14/p.jpg"
    warning = FeedState.objects.get(source=source).last_warning
    assert "192.168.1.1" in warning and "تصویر" in warning and "ویدیو" in warning


# --- canonical URLs ---------------------------------------------------------------------

@pytest.mark.parametrize("a,b", [
    ("https://e.example/a?b=2&a=1", "https://e.example/a?a=1&b=2"),
    ("https://e.example/a?id=5&utm_source=x&fbclid=1&gclid=2&PHPSESSID=0123456789abcdef0123", "https://e.example/a?id=5"),
    ("https://e.example/a;jsessionid=0123ABCD?id=5", "https://e.example/a?id=5"),
    ("https://e.example/a?sid=9f8e7d6c5b4a39281706f5e4d3c2b1a0&id=5", "https://e.example/a?id=5"),
    ("https://e.example/a?id=5#comments", "https://e.example/a?id=5"),
    ("https://e.example/x/../a/./?id=5", "https://e.example/a?id=5"),
    ("https://e.example/fa/news/%d8%b3", "https://e.example/fa/news/س"),
    ("https://e.example/a%7Eb", "https://e.example/a~b"),
    ("https://E.example:443//a", "https://e.example/a"),
])
def test_one_article_one_canonical_url(a, b):
    assert canonical_url(a) == canonical_url(b) != ""


@pytest.mark.parametrize("a,b", [
    ("https://e.example/modules.php?name=News&sid=123", "https://e.example/modules.php?name=News&sid=124"),
    ("https://e.example/a?id=5", "https://e.example/a?id=6"),
    ("https://e.example/a?t=1&t=2", "https://e.example/a?t=2&t=1"),
])
def test_different_articles_stay_different(a, b):
    assert canonical_url(a) != canonical_url(b)


def test_articles_stored_under_the_older_canonical_form_are_not_imported_again(monkeypatch):
    from didgah.ingest.fetch import FetchResult

    link = "https://outlet.example/news?b=2&a=1"
    source, _ = services.source_add(feed_url="https://outlet.example/feed", discover=False, name="x")
    Article.objects.create(title="پیشین", slug="old", source=source, original_url=link,
                           status=Article.Status.DRAFT)
    body = rss(item(1, link=link.replace("&", "&amp;")))
    monkeypatch.setattr(services, "fetch", lambda url, **kw: FetchResult(url=url, status_code=200, content=body))
    report = services.feed_poll(source=source)
    assert report.outcome == "ok" and report.taken == 0 and report.known == 1
    assert Article.objects.count() == 1
