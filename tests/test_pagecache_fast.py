"""The visitors' page cache answered at the WSGI layer (didgah/wsgi.py): a hit carries
the same headers as the stored page, a gzip copy for clients that accept it, 304s for
matching ETags, and still counts the article view."""

import gzip
import io
from urllib.parse import unquote_to_bytes
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from didgah.community.viewcount import clear_local_buffers, views_flush
from didgah.news.models import Article
from didgah.news.tests.factories import make_article
from didgah.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    # Called as a server calls it, the WSGI application would close the test's database
    # connection at the end of each request; Django's test client avoids it the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.PAGE_CACHE_SECONDS = 5
    settings.PAGE_CACHE_READERS_SECONDS = 5
    cache.clear()
    clear_local_buffers()
    yield
    cache.clear()
    clear_local_buffers()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(path, **headers):
    # As a server does: the path percent-decoded, its bytes as latin-1 (PEP 3333).
    environ = {"PATH_INFO": unquote_to_bytes(path.split("?")[0]).decode("latin-1"), "QUERY_STRING": path.partition("?")[2],
               "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO(b"")}
    environ.update({f"HTTP_{k.upper()}": v for k, v in headers.items()})
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"] = int(status.split()[0])
        seen["headers"] = dict(response_headers)

    result = application(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return seen["status"], seen["headers"], body


def test_hits_are_whole_pages_with_gzip_etag_and_security_headers(page_cache):
    article = make_article(body="<p>" + "متن بلند خبر. " * 300 + "</p>")
    url = article.get_absolute_url()
    status, miss, plain = call(url, user_agent="Mozilla/5.0 A")
    assert status == 200 and miss["X-Page-Cache"] == "MISS"
    started = []
    request_started.connect(lambda **kw: started.append(1), weak=False, dispatch_uid="fast-path-test")
    try:
        status, hit, body = call(url, user_agent="Mozilla/5.0 B")
    finally:
        request_started.disconnect(dispatch_uid="fast-path-test")
    assert status == 200 and hit["X-Page-Cache"] == "HIT" and body == plain
    assert started == []  # answered before Django's handler
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
        assert hit[header] == miss[header]
    assert int(hit["Content-Length"]) == len(body)

    status, zipped, compressed = call(url, accept_encoding="gzip, deflate, br", user_agent="Mozilla/5.0 C")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(compressed) == plain and len(compressed) < len(plain) / 3
    assert zipped["ETag"] == "W/" + hit["ETag"]

    status, headers, body = call(url, accept_encoding="gzip", if_none_match=zipped["ETag"])
    assert status == 304 and body == b"" and headers["ETag"] == zipped["ETag"]
    assert call(url, if_none_match='"other"')[0] == 200

    # Three visitors saw the page (A filled the cache, B and C were hits); the 304 was
    # a fourth visitor's revalidation and is no new view.
    views_flush()
    assert Article.objects.get(pk=article.pk).view_count == 3


def test_sessions_posts_and_static_files_never_come_from_the_cache(page_cache):
    article = make_article()
    url = article.get_absolute_url()
    call(url)
    assert call(url)[1]["X-Page-Cache"] == "HIT"
    assert "X-Page-Cache" not in call(url, cookie="sessionid=abc")[1]
    assert "X-Page-Cache" not in call(url, authorization="Token x")[1]
    assert "X-Page-Cache" not in call(url, hx_request="true")[1]
    assert call(url + "?cpage=2")[1]["X-Page-Cache"] == "MISS"  # its own entry


def test_a_gzip_first_visitor_fills_both_copies(page_cache):
    article = make_article(body="<p>" + "متن. " * 400 + "</p>")
    url = article.get_absolute_url()
    status, first, compressed = call(url, accept_encoding="gzip")
    assert first["X-Page-Cache"] == "MISS" and first["Content-Encoding"] == "gzip"
    status, hit, plain = call(url)
    assert hit["X-Page-Cache"] == "HIT" and "Content-Encoding" not in hit
    assert gzip.decompress(compressed) == plain
