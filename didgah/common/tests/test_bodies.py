"""Bodies, methods and refused hosts (issue 16, item 7), through the test client."""

import io
import logging
from urllib.parse import quote_from_bytes

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from didgah.common.bodies import urlencoded_is_utf8
from didgah.news.tests.factories import make_article, make_category, make_source

pytestmark = pytest.mark.django_db

PERSIAN = range(0x0600, 0x0700)
HUNDRED_MB = 100 * 1024 * 1024


def _persian(text: str) -> bool:
    return any(ord(ch) in PERSIAN for ch in text)


def test_declared_100_mb_multipart_upload_is_413_before_it_is_read(client):
    # The test client's payload holds a few bytes: reading past them fails the test,
    # so a 413 here means nothing was read.
    response = client.generic(
        "POST", "/accounts/register/", b"--x\r\n", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(HUNDRED_MB),
    )
    assert response.status_code == 413
    assert _persian(response.content.decode()) and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/api/v1/articles/1/comments", "/community/article/1/comment/", "/"])
def test_declared_oversized_bodies_are_413_on_every_path(client, path):
    response = client.generic("POST", path, b"{}", content_type="application/json",
                              CONTENT_LENGTH=str(10 * 1024 * 1024))
    assert response.status_code == 413


def test_api_refusal_is_the_apis_json_error(client):
    response = client.generic("POST", "/api/v1/articles/1/vote", b"{}", content_type="application/json",
                              CONTENT_LENGTH=str(10 * 1024 * 1024))
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "too_large" and _persian(body["message"])


def test_the_admin_keeps_djangos_own_limits(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    response = client.post("/admin/login/", {"username": "x" * 3000, "password": "y"})
    assert response.status_code != 413


def test_a_body_within_the_limit_goes_through(client):
    response = client.post("/accounts/login/", {"username": "کاربر", "password": "رمز"})
    assert response.status_code in (200, 302)


def _form(**fields: bytes) -> bytes:
    return b"&".join(k.encode() + b"=" + quote_from_bytes(v).encode() for k, v in fields.items())


INVALID = [b"\xff\xfe", "نام".encode()[:-1], b"\xed\xa0\x80", b"abc\xc3"]


@pytest.mark.parametrize("raw", INVALID)
def test_urlencoded_form_that_is_not_utf8_is_400_and_stores_nothing(client, raw):
    users = get_user_model().objects.count()
    body = _form(username=b"reader" + raw, email=b"r@example.com", password1=b"pass-Word-123",
                 password2=b"pass-Word-123")
    response = client.generic("POST", "/accounts/register/", body,
                              content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert _persian(response.content.decode())
    assert get_user_model().objects.count() == users


def test_raw_non_utf8_bytes_in_a_urlencoded_body_are_400(client):
    response = client.generic("POST", "/accounts/login/", b"username=\xff&password=x",
                              content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


@pytest.mark.parametrize("raw", INVALID)
def test_multipart_form_that_is_not_utf8_is_400(client, raw):
    boundary = "b0undary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n".encode()
            + b"reader" + raw + f"\r\n--{boundary}--\r\n".encode())
    response = client.generic("POST", "/accounts/login/", body,
                              content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    assert _persian(response.content.decode())


def test_persian_forms_pass_in_both_encodings(client):
    assert client.post("/accounts/login/", {"username": "مریم\u200cاحمدی", "password": "x"}).status_code == 200
    response = client.generic("POST", "/accounts/login/", _form(username="مریم".encode(), password=b"x"),
                              content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200


def test_urlencoded_check_reads_escapes_and_raw_bytes():
    assert urlencoded_is_utf8(b"a=%D9%85&b=+x%26")
    assert not urlencoded_is_utf8(b"a=%D9")
    assert not urlencoded_is_utf8(b"a=%D9&b=%85")  # a letter cut in two by a separator
    assert not urlencoded_is_utf8(b"a=\xd9")


@pytest.fixture
def pages():
    article = make_article(title="خبر")
    return ["/", article.get_absolute_url(), f"/news/{article.pk}/", f"/category/{make_category(slug='c').slug}/",
            f"/source/{make_source(slug='s').slug}/", "/search/?q=خبر", "/feeds/rss/", "/feeds/atom/",
            "/feeds/category/c/rss/", "/feeds/source/s/atom/", f"/feeds/article/{article.pk}/comments/rss/",
            "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-news.xml", "/robots.txt", "/favicon.ico"]


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_read_only_pages_refuse_writes_with_405(client, pages, method):
    for url in pages:
        response = getattr(client, method)(url)
        assert response.status_code == 405, (method, url, response.status_code)
        assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}


def test_read_only_pages_answer_get_and_head(client, pages):
    for url in pages:
        assert client.get(url).status_code in (200, 301, 302), url
        assert client.head(url).status_code in (200, 301, 302), url


def test_refused_host_is_logged_on_one_line():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("django.security.DisallowedHost")
    logger.addHandler(handler)
    try:
        response = Client().get("/", HTTP_HOST="attacker.example")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 400
    logged = stream.getvalue()
    assert "attacker.example" in logged and "Traceback" not in logged
    assert logged.count("\n") == 1, logged
