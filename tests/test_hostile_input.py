"""Hostile input at every form and API endpoint (issue 16, "And as a class").

Hypothesis throws random Unicode, C0 controls, bidi overrides, 1 MB and empty values,
bytes that are not UTF-8 (in urlencoded and multipart bodies), JSON with lone
surrogates, and ids that are too long, negative or not numbers, at the site through
Django's test client. For every answer:

- never a 5xx;
- on a refusal (a 4xx, or a page showing a form error) nothing is stored: the rows of
  the models a reader can write (accounts, profiles, comments, votes, reports, tokens,
  queued mail) are exactly as before;
- every refusal says what is wrong in Persian: the page has Persian letters and each
  of its form errors does, and no Django message is left in English; a JSON error's
  `message` (and each `detail[].msg`) is Persian.

The runs are deterministic (derandomize) and bounded (max_examples per endpoint), so
the whole file stays within about a minute on SQLite. Bugs the properties found have a
plain regression test at the end of this file.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, example, given, settings, strategies as st

from didgah.accounts.models import OutgoingMail, Profile
from didgah.api.models import ApiToken
from didgah.api.services import token_create
from didgah.community.models import ArticleVote, Comment, CommentVote, Report
from didgah.community.tests.factories import PASSWORD, make_comment, make_reader
from didgah.news.tests.factories import make_article, make_category, make_source

pytestmark = pytest.mark.django_db

User = get_user_model()



def bounded(max_examples: int):
    """Deterministic (derandomize: the same examples on every run, no example database)
    and bounded, so the file runs in about a minute on SQLite. The fixtures are the
    test's (one world per endpoint, each example's request measured against it)."""
    return settings(
        max_examples=max_examples, deadline=None, derandomize=True, database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.data_too_large, HealthCheck.large_base_example],
    )

# --- hostile values --------------------------------------------------------------------

C0_CONTROLS = "".join(chr(i) for i in range(32))
MEGABYTE = "x" * 1_000_000
SPECIAL_TEXT = [
    "", " ", "\x00", "a\x00b", "نام\x00", C0_CONTROLS, "\x7f\x85\x9f", "متن\x07\x08\x1b[31m",
    "\u202eنام\u202c", "\u202egnp.exe", "\u200e\u200f\u2066\u2067\u2068\u2069", "\ufeff", "\u3164\u3164",
    "\u200c\u200c\u200c", "ـــــ", "e\u0301\u0301\u0301", "٠١٢٣", "۱۲۳", "\U0001f4a5" * 50, "\uffff\ufffe",
    "<script>alert(1)</script>", "{{ 7|add:7 }}{% debug %}", "' OR 1=1 --", "../../etc/passwd",
    "\r\nSet-Cookie: x=y", "/x\r\nSet-Cookie: y=z", "/\\evil.example", "//evil.example", "%00%ff", "null", "-1", "9" * 30, "کتاب" * 12_000, MEGABYTE,
]
PERSIAN_ALPHABET = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكۀأؤئءًٌٍَُِّ \u200c"
hostile_text = st.one_of(
    st.sampled_from(SPECIAL_TEXT),
    st.text(max_size=120),
    st.text(alphabet=PERSIAN_ALPHABET, max_size=80),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40),
)

SPECIAL_IDS = ["0", "-1", "-9223372036854775809", "1" * 19, "9" * 40, "9223372036854775807",
               "9223372036854775808", "abc", "1e3", "1.5", "0x10", "١٢", "۱۲", "", " 1", "1 ", "\x00", "%00",
               "\u202e1", "null", "[]"]
hostile_id = st.one_of(st.sampled_from(SPECIAL_IDS), st.integers(min_value=-(2**70), max_value=2**70).map(str),
                       hostile_text)

# Bytes that are not UTF-8: a lone continuation byte, an overlong form, a truncated
# Persian letter, an encoded lone surrogate (U+D800), a code point past U+10FFFF.
INVALID_UTF8 = [b"\xff", b"\xfe\xff", b"\x80", b"\xc0\xaf", "نام".encode()[:-1], b"\xed\xa0\x80",
                b"\xf4\x90\x80\x80", b"abc\xc3", b"\xe2\x80"]
invalid_bytes = st.one_of(
    st.sampled_from(INVALID_UTF8),
    st.tuples(st.binary(max_size=40), st.sampled_from(INVALID_UTF8), st.binary(max_size=40)).map(b"".join),
)

# --- what a refusal must look like -------------------------------------------------------

PERSIAN_LETTER = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
FORM_ERROR = re.compile(r'<p class="form-error"[^>]*>(.*?)</p>', re.S)
ERROR_LIST = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)
LIST_ITEM = re.compile(r"<li>(.*?)</li>", re.S)
# Django's own messages, left untranslated, on a refusal.
ENGLISH = ("This field is required", "Ensure this value", "Enter a valid", "Null characters are not allowed",
           "Select a valid choice", "Bad Request (400)", "403 Forbidden", "<h1>Not Found</h1>",
           "Server Error", "CSRF verification failed", "Request aborted")


def _persian(text) -> bool:
    return bool(PERSIAN_LETTER.search(str(text or "")))


def _form_errors(html: str) -> list[str]:
    errors = FORM_ERROR.findall(html)
    for block in ERROR_LIST.findall(html):
        errors.extend(LIST_ITEM.findall(block))
    return errors


def snapshot():
    """Every row a reader's request can write, as values."""
    return (
        tuple(User.objects.order_by("pk").values_list("pk", "username", "email", "password", "is_active")),
        tuple(Profile.objects.order_by("pk").values_list("pk", "display_name", "city", "country")),
        tuple(Comment.objects.order_by("pk").values_list("pk", "body", "status", "is_deleted", "parent_id")),
        tuple(ArticleVote.objects.order_by("pk").values_list("pk", "value")),
        tuple(CommentVote.objects.order_by("pk").values_list("pk", "value")),
        tuple(Report.objects.order_by("pk").values_list("pk", "reason", "note")),
        tuple(ApiToken.objects.order_by("pk").values_list("pk", "name", "revoked_at")),
        OutgoingMail.objects.count(),
    )


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def check(response, before, *, what: str = ""):
    """The three properties, for one answer; `before` is snapshot() before the request."""
    status = response.status_code
    assert status < 500, f"{what}: {status}"
    if response.streaming:
        return
    body = response.content
    if _is_json(response):
        if status >= 400:
            data = json.loads(body)
            assert _persian(data.get("message")), f"{what}: {status} {data}"
            for item in data.get("detail") or []:
                assert _persian(item.get("msg")), f"{what}: {status} {item}"
            assert snapshot() == before, f"{what}: stored on a {status}"
        return
    text = body.decode("utf-8", "replace")
    errors = _form_errors(text) if "text/html" in response.get("Content-Type", "") else []
    if status >= 400 or errors:
        english = [phrase for phrase in ENGLISH if phrase in text]
        assert not english, f"{what}: {status} says {english}"
        if status >= 400 and status != 405:
            # 405 has no body to read (Allow says what is allowed); everything else does.
            assert _persian(text), f"{what}: {status} {text[:300]!r}"
        for error in errors:
            assert _persian(error), f"{what}: {status} form error {error!r}"
        assert snapshot() == before, f"{what}: stored on a refusal ({status})"


# --- the site to throw things at -----------------------------------------------------------


class World:
    """An article, two verified readers, comments of each (one hidden), and a token."""

    def __init__(self):
        self.source = make_source(slug="hostile-source")
        self.category = make_category(slug="hostile-category")
        self.article = make_article(source=self.source)
        self.reader = make_reader(username="hostile_reader")
        self.other = make_reader(username="hostile_other")
        self.own = make_comment(article=self.article, author=self.reader, body="دیدگاه خود خواننده")
        self.others = make_comment(article=self.article, author=self.other, body="دیدگاه خوانندهٔ دیگر")
        self.hidden = make_comment(article=self.article, author=self.other, body="دیدگاه پنهان")
        Comment.objects.filter(pk=self.others.pk).update(status=Comment.Status.APPROVED)
        Comment.objects.filter(pk=self.own.pk).update(status=Comment.Status.APPROVED)
        Comment.objects.filter(pk=self.hidden.pk).update(status=Comment.Status.REJECTED)
        self.token, self.secret = token_create(user=self.reader, name="آزمون")

        self._session = None

    def client(self, signed_in: bool = True, *, fresh_session: bool = False) -> Client:
        """A client of its own for each example, signed in as `reader` with one session
        (a new one when the endpoint may end it: logout); the cache (rate-limit windows)
        is emptied, so each example reaches the view's own rules."""
        cache.clear()
        client = Client()
        if signed_in:
            if self._session is None or fresh_session:
                client.force_login(self.reader)
                self._session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
            else:
                client.cookies[django_settings.SESSION_COOKIE_NAME] = self._session
        return client


@pytest.fixture
def world():
    return World()


# Forms posted by a browser: (name, path, fields, signed in). Paths take the world.
FORMS = [
    ("register", lambda w: "/accounts/register/",
     ("username", "email", "password1", "password2", "display_name", "city", "country", "next"), False),
    ("login", lambda w: "/accounts/login/", ("username", "password", "next"), False),
    ("logout", lambda w: "/accounts/logout/", ("next",), True),
    ("profile", lambda w: "/accounts/profile/", ("display_name", "city", "country"), True),
    ("delete", lambda w: "/accounts/delete/", ("password",), True),
    ("verify-again", lambda w: "/accounts/verify-again/", ("next",), True),
    ("password-reset", lambda w: "/accounts/password-reset/", ("email",), False),
    ("password-reset-confirm", lambda w: "/accounts/reset/MQ/set-password/", ("new_password1", "new_password2"),
     False),
    ("comment", lambda w: f"/community/article/{w.article.pk}/comment/", ("body", "parent"), True),
    ("article-vote", lambda w: f"/community/article/{w.article.pk}/vote/", ("value",), True),
    ("comment-edit", lambda w: f"/community/comment/{w.own.pk}/edit/", ("body",), True),
    ("comment-delete", lambda w: f"/community/comment/{w.own.pk}/delete/", ("confirm",), True),
    ("comment-vote", lambda w: f"/community/comment/{w.others.pk}/vote/", ("value",), True),
    ("comment-report", lambda w: f"/community/comment/{w.others.pk}/report/", ("reason", "note"), True),
    ("api-token", lambda w: "/api/tokens/", ("name",), True),
    ("api-token-revoke", lambda w: f"/api/tokens/{w.token.pk}/revoke/", ("next",), True),
]
FORM_IDS = [f[0] for f in FORMS]


def _fields(names):
    return st.fixed_dictionaries({}, optional={name: hostile_text for name in names})


@pytest.mark.parametrize("name,path,fields,signed_in", FORMS, ids=FORM_IDS)
def test_forms_refuse_hostile_text_in_persian_and_store_nothing(world, name, path, fields, signed_in):
    @bounded(20)
    @given(data=_fields(fields), htmx=st.booleans(), query=st.one_of(st.none(), hostile_text))
    @example(data={f: "" for f in fields}, htmx=False, query=None)
    @example(data={f: "\x00" for f in fields}, htmx=False, query="abc")
    @example(data={f: "\u202eنام\u202c" for f in fields}, htmx=True, query="//evil.example")
    @example(data={f: MEGABYTE for f in fields}, htmx=False, query=None)
    def run(data, htmx, query):
        client = world.client(signed_in, fresh_session=name == "logout")
        url = path(world) + (f"?{urlencode({'next': query})}" if query is not None else "")
        before = snapshot()
        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.post(url, data, **extra)
        check(response, before, what=f"{name} {sorted(data)}")

    run()


def _urlencoded(fields: dict[str, bytes], escape: bool) -> bytes:
    if escape:
        return b"&".join(quote(k).encode() + b"=" + quote_from_bytes(v).encode() for k, v in fields.items())
    return b"&".join(k.encode() + b"=" + v for k, v in fields.items())


def _multipart(fields: dict[str, bytes], boundary: str = "hostile-boundary") -> bytes:
    parts = [b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; name=\"" + k.encode()
             + b"\"\r\n\r\n" + v + b"\r\n" for k, v in fields.items()]
    return b"".join(parts) + b"--" + boundary.encode() + b"--\r\n"


@pytest.mark.parametrize("name,path,fields,signed_in", FORMS, ids=FORM_IDS)
def test_form_bodies_that_are_not_utf8_are_400_in_persian_and_store_nothing(world, name, path, fields,
                                                                              signed_in):
    @bounded(6)
    @given(raw=invalid_bytes, field=st.sampled_from(fields), encoding=st.sampled_from(
        ["urlencoded", "urlencoded-raw", "multipart"]))
    def run(raw, field, encoding):
        client = world.client(signed_in, fresh_session=name == "logout")
        values = {f: "آزمون".encode() for f in fields}
        values[field] = raw
        before = snapshot()
        if encoding == "multipart":
            body, content_type = _multipart(values), "multipart/form-data; boundary=hostile-boundary"
        else:
            body, content_type = _urlencoded(values, encoding == "urlencoded"), "application/x-www-form-urlencoded"
        response = client.generic("POST", path(world), body, content_type=content_type)
        check(response, before, what=f"{name} {encoding} {raw!r}")
        assert response.status_code == 400, f"{name} {encoding} {raw!r}: {response.status_code}"

    run()


# Every route with an id in its path: (name, path template, method).
ID_ROUTES = [
    ("article", "/news/{}/", "GET"), ("article-slug", "/news/{}/slug/", "GET"),
    ("comments", "/community/article/{}/comments/", "GET"),
    ("comment-form", "/community/article/{}/comment/", "GET"), ("comment", "/community/article/{}/comment/", "POST"),
    ("article-vote", "/community/article/{}/vote/", "POST"), ("reply", "/community/comment/{}/reply/", "GET"),
    ("edit", "/community/comment/{}/edit/", "POST"), ("delete", "/community/comment/{}/delete/", "POST"),
    ("comment-vote", "/community/comment/{}/vote/", "POST"), ("report", "/community/comment/{}/report/", "POST"),
    ("token-revoke", "/api/tokens/{}/revoke/", "POST"), ("comments-rss", "/feeds/article/{}/comments/rss/", "GET"),
    ("comments-atom", "/feeds/article/{}/comments/atom/", "GET"),
    ("api-article", "/api/v1/articles/{}", "GET"), ("api-comments", "/api/v1/articles/{}/comments", "GET"),
    ("api-comment", "/api/v1/articles/{}/comments", "POST"), ("api-vote", "/api/v1/articles/{}/vote", "POST"),
    ("verify", "/accounts/verify/{}/", "GET"), ("reset", "/accounts/reset/{}/{}/", "GET"),
]


@pytest.mark.parametrize("name,template,method", ID_ROUTES, ids=[r[0] for r in ID_ROUTES])
def test_ids_in_paths_too_long_negative_or_not_numbers(world, name, template, method):
    @bounded(8)
    @given(pk=hostile_id, signed_in=st.booleans())
    @example(pk="1" * 19, signed_in=True)
    @example(pk="-1", signed_in=True)
    @example(pk="abc", signed_in=True)
    def run(pk, signed_in):
        client = world.client(signed_in)
        path = template.format(*([quote(pk, safe="")] * template.count("{}")))
        before = snapshot()
        if method == "GET":
            response = client.get(path)
        elif path.startswith("/api/v1/"):
            response = client.post(path, {"body": "سلام", "value": 1}, content_type="application/json",
                                   HTTP_AUTHORIZATION=f"Bearer {world.secret}")
        else:
            response = client.post(path, {"body": "سلام", "value": "1", "reason": "spam"})
        check(response, before, what=f"{name} {pk!r}")

    run()


# Pages and API reads with query strings: (name, path, parameters).
QUERY_PAGES = [
    ("home", lambda w: "/", ("page", "order")),
    ("search", lambda w: "/search/", ("q", "source", "category", "from", "to", "page")),
    ("category", lambda w: f"/category/{w.category.slug}/", ("page",)),
    ("source", lambda w: f"/source/{w.source.slug}/", ("page",)),
    ("article", lambda w: w.article.get_absolute_url(), ("cpage", "corder", "page")),
    ("comments", lambda w: f"/community/article/{w.article.pk}/comments/", ("cpage", "corder")),
    ("personal", lambda w: "/community/me/", ("article",)),
    ("comment-form", lambda w: f"/community/article/{w.article.pk}/comment/", ("parent",)),
    ("vote-confirm", lambda w: f"/community/article/{w.article.pk}/vote/", ("value",)),
    ("reply", lambda w: f"/community/comment/{w.others.pk}/reply/", ("next",)),
    ("register-page", lambda w: "/accounts/register/", ("next",)),
    ("login-page", lambda w: "/accounts/login/", ("next",)),
    ("feeds", lambda w: "/feeds/rss/", ("page",)),
    ("api-articles", lambda w: "/api/v1/articles", ("category", "source", "since", "until", "page", "page_size")),
    ("api-sources", lambda w: "/api/v1/sources", ("page", "page_size")),
    ("api-categories", lambda w: "/api/v1/categories", ("page", "page_size")),
    ("api-rankings", lambda w: "/api/v1/rankings/hot", ("days", "page", "page_size")),
    ("api-search", lambda w: "/api/v1/search", ("q", "category", "source", "since", "until", "page", "page_size")),
    ("api-comments", lambda w: f"/api/v1/articles/{w.article.pk}/comments", ("order", "page", "page_size")),
]


@pytest.mark.parametrize("name,path,params", QUERY_PAGES, ids=[p[0] for p in QUERY_PAGES])
def test_query_strings_never_break_a_page(world, name, path, params):
    @bounded(10)
    @given(query=st.fixed_dictionaries({}, optional={p: st.one_of(hostile_text, hostile_id) for p in params}),
           signed_in=st.booleans(), raw_tail=st.one_of(st.none(), invalid_bytes))
    @example(query={p: "" for p in params}, signed_in=False, raw_tail=None)
    @example(query={p: "9" * 30 for p in params}, signed_in=True, raw_tail=None)
    @example(query={p: MEGABYTE[:8000] for p in params}, signed_in=False, raw_tail=b"\xff")
    def run(query, signed_in, raw_tail):
        client = world.client(signed_in)
        qs = urlencode(query)
        if raw_tail is not None:
            qs += ("&" if qs else "") + "x=" + quote_from_bytes(raw_tail)
        before = snapshot()
        response = client.get(f"{path(world)}?{qs}")
        check(response, before, what=f"{name} ?{qs[:200]}")

    run()


SLUG_ROUTES = ["/category/{}/", "/source/{}/", "/feeds/category/{}/rss/", "/feeds/source/{}/atom/",
               "/sitemap-{}.xml", "/news/1/{}/", "/api/v1/rankings/{}", "/api/{}"]


@pytest.mark.parametrize("template", SLUG_ROUTES)
def test_slugs_in_paths(world, template):
    @bounded(6)
    @given(slug=st.one_of(hostile_text.filter(bool), invalid_bytes.map(quote_from_bytes)))
    def run(slug):
        client = world.client(False)
        segment = slug if "%" in slug and not slug.startswith("%00") else quote(slug[:4000], safe="")
        before = snapshot()
        response = client.get(template.format(segment))
        check(response, before, what=f"{template} {slug[:80]!r}")

    run()


# --- the JSON API's writes -----------------------------------------------------------------

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**80), max_value=2**80),
                         st.floats(allow_nan=False, allow_infinity=False), hostile_text)
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=10)

RAW_JSON = [
    b'{"body": "\\ud800"}', b'{"body": "a\\udfffb"}', b'{"body": "\\ud800\\ud800", "parent_id": 1}',
    b'{"body": "\\u0000"}', b'{"body": "\\u202e\xd9\x86\xd8\xa7\xd9\x85"}', b'{"value": "\\ud800"}',
    b'{"\\ud800": 1}', b'{"body": "\xff\xfe"}', b'\xff\xfe{}', b"", b"null", b"[]", b'"x"', b"{", b'{"body": }',
    b'{"body": NaN}', b'{"value": Infinity}', b'{"value": 1e999}', b'{"value": 10000000000000000000000}',
    b'{"parent_id": 99999999999999999999, "body": "x"}', b'{"parent_id": -1, "body": "x"}',
    b'{"body": "x", "body": "y"}', b"[" * 50_000 + b"]" * 50_000, b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
    b'{"body": "' + b"x" * 1_000_000 + b'"}', b'{"body": ""}', b'{"value": true}', b'{"value": "1"}',
    b"\x00", b"body=x&value=1",
]


@pytest.mark.parametrize("endpoint", ["comments", "vote"])
@pytest.mark.parametrize("auth", ["token", "session"])
def test_api_writes_refuse_hostile_json_in_persian_and_store_nothing(world, endpoint, auth):
    @bounded(20)
    @given(payload=st.one_of(
        st.sampled_from(RAW_JSON),
        st.fixed_dictionaries({}, optional={"body": json_values, "parent_id": json_values, "value": json_values})
        .map(lambda d: json.dumps(d).encode()),
        json_values.map(lambda v: json.dumps(v).encode()),
    ), content_type=st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain",
                                     "application/x-www-form-urlencoded"]))
    @example(payload=b'{"body": "\\ud800"}', content_type="application/json")
    def run(payload, content_type):
        client = world.client(auth == "session")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world.secret}"} if auth == "token" else {}
        before = snapshot()
        response = client.generic("POST", f"/api/v1/articles/{world.article.pk}/{endpoint}", payload,
                                  content_type=content_type, **headers)
        check(response, before, what=f"{endpoint} {payload[:100]!r}")

    run()


def test_api_refuses_hostile_authorization_headers(world):
    @bounded(15)
    @given(header=st.one_of(
        st.sampled_from(["", "Bearer", "Bearer ", "Bearer \x00", "Bearer " + "x" * 100_000, "Basic YTpi",
                         "Bearer dgh_" + "\u202e" * 10, "Bearer  " + world.secret, world.secret]),
        hostile_text.map(lambda t: "Bearer " + t)))
    def run(header):
        client = world.client(False)
        before = snapshot()
        try:
            header.encode("latin-1")
        except UnicodeEncodeError:
            # A WSGI header is ISO-8859-1: what a client sends is these bytes as text.
            header = header.encode("utf-8").decode("latin-1")
        response = client.post(f"/api/v1/articles/{world.article.pk}/vote", {"value": 1},
                               content_type="application/json", HTTP_AUTHORIZATION=header)
        check(response, before, what=f"auth {header[:60]!r}")

    run()


# --- malformed requests and forged forms ---------------------------------------------------

WRITE_PATHS = [(name, path, signed_in) for name, path, _fields, signed_in in FORMS] + [
    ("api-comment", lambda w: f"/api/v1/articles/{w.article.pk}/comments", True),
    ("api-vote", lambda w: f"/api/v1/articles/{w.article.pk}/vote", True),
]


def _many_fields(n: int) -> bytes:
    return "&".join(f"f{i}=ا" for i in range(n)).encode()


# (content type, body, Content-Length or None for the body's, whether the body
# middleware refuses it before any view).
malformed_requests = st.one_of(
    # More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS (1000): refused when a view reads
    # the form (a view that reads no field, like revoking a token, never parses it).
    st.integers(min_value=1001, max_value=2500).map(
        lambda n: ("application/x-www-form-urlencoded", _many_fields(n), None, False)),
    # Multipart with no boundary, a boundary that is not ASCII or is too long.
    st.sampled_from([
        ("multipart/form-data", b"--x\r\n", None, True),
        ("multipart/form-data; boundary=\xff", b"--\xff\r\n", None, True),
        ("multipart/form-data; boundary=" + "b" * 300, b"--b", None, True),
    ]),
    # A Content-Length that is no length, or too long a one.
    st.sampled_from(["abc", "-1", "1e3", "0x10", " ", "\u0661\u0662", "99999999999999999999999"]).map(
        lambda length: ("application/x-www-form-urlencoded", b"a=b", length, True)),
)


@pytest.mark.parametrize("name,path,signed_in", WRITE_PATHS, ids=[w[0] for w in WRITE_PATHS])
def test_malformed_requests_are_refused_in_persian(world, name, path, signed_in):
    """Django's own 400s (too many fields, a broken multipart body) and a Content-Length
    that is no number were an English page, even under /api/."""

    @bounded(6)
    @given(malformed=malformed_requests)
    def run(malformed):
        content_type, body, length, refused_first = malformed
        client = world.client(signed_in, fresh_session=name == "logout")
        extra = {"CONTENT_LENGTH": length} if length is not None else {}
        if name.startswith("api-"):
            extra["HTTP_AUTHORIZATION"] = f"Bearer {world.secret}"
        before = snapshot()
        response = client.generic("POST", path(world), body, content_type=content_type, **extra)
        check(response, before, what=f"{name} {content_type[:40]} {length!r}")
        if refused_first or response.status_code >= 400:
            assert 400 <= response.status_code < 500, f"{name}: {response.status_code}"
            assert _is_json(response) == name.startswith("api-"), name

    run()


@pytest.mark.parametrize("name,path,fields,signed_in", FORMS, ids=FORM_IDS)
def test_forged_or_missing_csrf_tokens_are_refused_in_persian(world, name, path, fields, signed_in):
    @bounded(4)
    @given(token=st.one_of(st.none(), hostile_text.filter(lambda t: len(t) < 10_000)),
           cookie=st.one_of(st.none(), st.sampled_from(["x", "\u202e".encode().decode("latin-1"), "a" * 64, "0" * 32])))
    def run(token, cookie):
        client = world.client(signed_in, fresh_session=name == "logout")
        client.handler.enforce_csrf_checks = True
        if cookie is not None:
            client.cookies[django_settings.CSRF_COOKIE_NAME] = cookie
        data = {f: "آزمون" for f in fields}
        if token is not None:
            data["csrfmiddlewaretoken"] = token
        before = snapshot()
        response = client.post(path(world), data)
        check(response, before, what=f"{name} csrf {token!r}")
        assert response.status_code == 403

    run()


# --- regressions the properties found --------------------------------------------------------


def test_register_with_a_next_that_is_not_a_path_lands_on_the_profile(world):
    """Issue 16, item 7: `?next=abc` gave a 500 after the account was made."""
    for i, target in enumerate(["abc", "news", "javascript:alert(1)", "//evil.example/", "https://evil.example/"]):
        client = world.client(False)
        response = client.post(f"/accounts/register/?{urlencode({'next': target})}", {
            "username": f"newreader{i}", "email": f"newreader{i}@example.org", "password1": PASSWORD,
            "password2": PASSWORD, "display_name": ["مریم", "سارا", "نرگس", "لیلا", "رضا"][i], "city": "", "country": "",
        })
        assert response.status_code == 302, target
        assert response["Location"] == "/accounts/profile/", target
        assert User.objects.filter(username=f"newreader{i}").exists()


def test_register_keeps_a_next_that_is_a_path_on_this_site(world):
    client = world.client(False)
    response = client.post(f"/accounts/register/?next={quote(world.article.get_absolute_url())}", {
        "username": "pathreader", "email": "pathreader@example.org", "password1": PASSWORD, "password2": PASSWORD,
        "display_name": "خواننده مسیر", "city": "", "country": "",
    })
    assert response.status_code == 302
    assert response["Location"] == world.article.get_absolute_url()


def test_too_many_fields_is_a_persian_400_and_json_under_the_api(client):
    body = _many_fields(1500)
    page = client.generic("POST", "/accounts/login/", body, content_type="application/x-www-form-urlencoded")
    assert page.status_code == 400 and _persian(page.content.decode())
    assert "Bad Request" not in page.content.decode()
    query = client.get("/search/?" + body.decode())
    assert query.status_code == 400 and _persian(query.content.decode())
    api = client.generic("POST", "/api/v1/articles/1/vote", b"--x", content_type="multipart/form-data")
    assert api.status_code == 400 and api.json()["code"] == "bad_request" and _persian(api.json()["message"])


@pytest.mark.parametrize("length", ["abc", "-1", "1e3"])
def test_a_content_length_that_is_no_number_is_400_not_500(client, length):
    response = client.generic("POST", "/accounts/login/", b"username=a&password=b",
                              content_type="application/x-www-form-urlencoded", CONTENT_LENGTH=length)
    assert response.status_code == 400 and _persian(response.content.decode())


def test_a_form_without_its_csrf_token_is_refused_in_persian(world):
    client = world.client(True)
    client.handler.enforce_csrf_checks = True
    comments = Comment.objects.count()
    response = client.post(f"/community/article/{world.article.pk}/comment/", {"body": "سلام بر همه"})
    assert response.status_code == 403
    html = response.content.decode()
    assert _persian(html) and 'lang="fa"' in html and "Forbidden" not in html
    assert Comment.objects.count() == comments


def test_a_short_password_is_refused_in_persian(world):
    """Django 5.2's MinimumLengthValidator message has a new msgid its Persian catalog
    lacks (locale/fa/LC_MESSAGES/django.po supplies it)."""
    client = world.client(False)
    response = client.post("/accounts/register/", {
        "username": "shortpass", "email": "shortpass@example.org", "password1": "Ab1-x", "password2": "Ab1-x",
        "display_name": "کوتاه", "city": "", "country": ""})
    assert response.status_code == 200
    errors = _form_errors(response.content.decode())
    assert errors and all(_persian(e) for e in errors), errors
    assert "too short" not in response.content.decode()
    assert not User.objects.filter(username="shortpass").exists()
