"""Every way a fetch can go wrong ends as a clear error on the source, never a crash."""

import re
import time

import pytest

from didgah.ingest import fetch as fetch_module
from didgah.ingest import services
from didgah.ingest.fetch import FetchError, fetch, resolve_checked
from didgah.ingest.localserver import Route
from didgah.ingest.models import FeedState, FetchLog
from didgah.news.models import Article

from .conftest import item, rss

pytestmark = pytest.mark.django_db


def _poll(server, path, route: Route):
    server.routes[path] = route
    source, _ = services.source_add(feed_url=server.url(path), discover=False, name="منبع")
    report = services.feed_poll(source=source)
    state = FeedState.objects.get(source=source)
    return report, state


def _assert_error(report, state, code):
    assert report.outcome == "error"
    assert report.error.startswith(code), report.error
    assert state.last_error.startswith(code) and state.failure_count == 1
    assert FetchLog.objects.get(source=state.source).outcome == "error"


def test_malformed_xml(server):
    report, state = _poll(server, "/f", Route(body=b"\x00\x01 this is not xml <<<>>>", content_type="application/xml"))
    _assert_error(report, state, "malformed")


def test_recoverable_broken_xml_is_read_with_a_warning(server):
    body = (b'<rss version="2.0"><channel><item><title>a &nbsp; b</title><link>https://x.example/1</link></item>'
            b'<item><title>unterminated')
    report, state = _poll(server, "/f", Route(body=body))
    assert report.outcome == "ok" and report.taken == 1
    _assert_persian(state.last_warning)
    # Where the parser gave up, as an editor reads it: «سطر ۲، ستون ۴۳».
    assert re.search("سطر [۰-۹]+، ستون [۰-۹]+", state.last_warning), state.last_warning
    assert FetchLog.objects.get(source=state.source).warning == state.last_warning


def _assert_persian(warning: str, *names: str):
    """A warning an editor reads: Persian words, Persian digits; Latin only in the
    names of outside things given in `names` (encodings)."""
    assert warning
    for name in names:
        warning = re.sub(re.escape(name), "", warning, flags=re.IGNORECASE)
    assert not re.search(r"[A-Za-z0-9]", warning), warning


def test_wrong_declared_encoding_windows_1256_declared_utf8(server):
    xml = rss(item(1, title="سلام دنيا", body="متن خبر به زبان فارسي"), title="خبرگزاري نمونه").decode("utf-8")
    report, state = _poll(server, "/f", Route(body=xml.encode("cp1256"), content_type="application/xml"))
    assert report.outcome == "ok", report.error
    assert Article.objects.get().title == "سلام دنیا"
    assert "Windows-1256" in state.last_warning
    _assert_persian(state.last_warning, "Windows-1256", "UTF-8")


def test_wrong_declared_encoding_utf8_declared_windows_1256(server):
    xml = rss(item(1, title="سلام دنیا")).decode("utf-8").replace('encoding="utf-8"', 'encoding="windows-1256"')
    report, state = _poll(server, "/f", Route(body=xml.encode("utf-8"), content_type="text/xml; charset=windows-1256"))
    assert report.outcome == "ok", report.error
    assert Article.objects.get().title == "سلام دنیا"
    assert "UTF-8" in state.last_warning and "windows-1256" in state.last_warning
    _assert_persian(state.last_warning, "windows-1256", "UTF-8")


def test_windows_1256_bytes_with_no_encoding_named(server):
    xml = rss(item(1, title="سلام دنيا"), title="خبرگزاري نمونه").decode("utf-8").replace(
        '<?xml version="1.0" encoding="utf-8"?>\n', "")
    report, state = _poll(server, "/f", Route(body=xml.encode("cp1256"), content_type="application/xml"))
    assert report.outcome == "ok", report.error
    assert Article.objects.get().title == "سلام دنیا"
    _assert_persian(state.last_warning, "Windows-1256", "UTF-8")


def test_feed_served_with_a_wrong_content_type_is_read_with_a_persian_warning(server):
    report, state = _poll(server, "/f", Route(body=rss(item(1)), content_type="text/html; charset=utf-8"))
    assert report.outcome == "ok" and report.taken == 1
    _assert_persian(state.last_warning)


def _huge(declare_length: bool, sent: list):
    def handler(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        if declare_length:
            h.send_header("Content-Length", str(50 * 1024 * 1024))
        else:
            h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"<rss>" + b" " * 65536
        try:
            for _ in range(50 * 16):  # 50 MB in 64 KB chunks
                h.wfile.write(chunk)
                sent[0] += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        h.close_connection = True
    return handler


@pytest.mark.parametrize("declare_length", [True, False])
def test_50_mb_response_is_cut_off_at_the_cap(server, settings, declare_length):
    settings.INGEST_MAX_BYTES = 1024 * 1024
    sent = [0]
    started = time.monotonic()
    report, state = _poll(server, "/big", Route(handler=_huge(declare_length, sent)))
    _assert_error(report, state, "too_large")
    assert time.monotonic() - started < 10
    time.sleep(0.2)
    assert sent[0] < 20 * 1024 * 1024  # the client stopped reading long before 50 MB


def test_redirect_loop(server):
    server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    report, state = _poll(server, "/b", Route(status=301, headers={"Location": server.url("/a")}))
    _assert_error(report, state, "redirect_loop")


def test_redirect_is_followed(server):
    server.routes["/new"] = Route(body=rss(item(1)))
    report, _ = _poll(server, "/old", Route(status=301, headers={"Location": "/new"}))
    assert report.outcome == "ok" and report.taken == 1


def test_slow_server_times_out(server, settings):
    settings.INGEST_READ_TIMEOUT = 0.5

    def slow(h):
        time.sleep(3)

    report, state = _poll(server, "/slow", Route(handler=slow))
    _assert_error(report, state, "timeout")


def test_trickling_server_hits_the_total_deadline(server, settings):
    settings.INGEST_TOTAL_TIMEOUT = 1.0

    def trickle(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Connection", "close")
        h.end_headers()
        try:
            for _ in range(40):
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    report, state = _poll(server, "/trickle", Route(handler=trickle))
    _assert_error(report, state, "timeout")


def test_html_page_served_as_a_feed(server):
    page = "<!doctype html><html><head><title>خانه</title></head><body><h1>سلام</h1></body></html>".encode()
    report, state = _poll(server, "/page", Route(body=page, content_type="text/html; charset=utf-8"))
    _assert_error(report, state, "not_a_feed")


def test_http_error_status(server):
    report, state = _poll(server, "/gone", Route(status=500, body=b"oops"))
    _assert_error(report, state, "http")
    assert report.status_code == 500


def test_backoff_grows_and_success_resets(server):
    server.routes["/f"] = Route(status=503)
    source, _ = services.source_add(feed_url=server.url("/f"), discover=False, name="x")
    services.feed_poll(source=source)
    first = FeedState.objects.get(source=source)
    services.feed_poll(source=source)
    second = FeedState.objects.get(source=source)
    gap1 = (first.next_poll_at - first.last_polled_at).total_seconds()
    gap2 = (second.next_poll_at - second.last_polled_at).total_seconds()
    assert second.failure_count == 2 and gap2 > gap1 >= first.interval
    server.routes["/f"] = Route(body=rss(item(1)))
    services.feed_poll(source=source)
    third = FeedState.objects.get(source=source)
    assert third.failure_count == 0 and third.last_success_at
    assert (third.next_poll_at - third.last_polled_at).total_seconds() == third.interval


# --- private addresses ----------------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "10.1.2.3", "192.168.0.1", "172.16.5.4",
                                  "169.254.169.254", "::1", "fe80::1", "0.0.0.0", "100.64.0.1", "::ffff:127.0.0.1"])
def test_private_addresses_are_refused(host, monkeypatch):
    with pytest.raises(FetchError) as err:
        resolve_checked(host, 80, allow_private=False)
    assert err.value.code == "private_address"


def test_public_address_is_allowed():
    assert resolve_checked("93.184.215.14", 80, allow_private=False) == "93.184.215.14"


def test_feed_on_loopback_is_refused_without_the_setting(settings):
    from didgah.ingest.localserver import LocalServer

    settings.INGEST_ALLOW_PRIVATE = False
    with LocalServer({"/f": Route(body=rss(item(1)))}) as s:
        source, _ = services.source_add(feed_url=s.url("/f"), discover=False, name="x")
        report = services.feed_poll(source=source)
        assert report.outcome == "error" and report.error.startswith("private_address")
        assert s.requests == []  # refused before any connection
    assert not Article.objects.exists()


def test_every_redirect_hop_is_checked(server, monkeypatch):
    """The first hop (127.0.0.1) is let through; the redirect to `localhost` is checked
    again on its own and refused, before any request reaches it."""
    checked = []
    real = fetch_module.resolve_checked

    def first_hop_only(host, port, *, allow_private, **kwargs):
        checked.append(host)
        return real(host, port, allow_private=(host == "127.0.0.1"), **kwargs)

    monkeypatch.setattr(fetch_module, "resolve_checked", first_hop_only)
    server.routes["/start"] = Route(status=302, headers={"Location": f"http://localhost:{server.port}/feed"})
    server.routes["/feed"] = Route(body=rss(item(1)))
    with pytest.raises(FetchError) as err:
        fetch(server.url("/start"))
    assert err.value.code == "private_address"
    assert checked == ["127.0.0.1", "localhost"]
    assert [p for p, _ in server.requests] == ["/start"]


def test_non_http_schemes_are_refused(allow_private):
    for url in ["file:///etc/passwd", "ftp://example.com/feed", "gopher://x/", "not a url"]:
        with pytest.raises(FetchError) as err:
            fetch(url)
        assert err.value.code == "bad_url"
