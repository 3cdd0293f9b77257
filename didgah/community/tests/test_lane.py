"""The vote lane (community/lane.py) through the WSGI application, as granian calls it:
what it answers itself, what it hands to Django, and that both end as Django alone
would end them, on both databases (only the grouping of votes is PostgreSQL's)."""

from __future__ import annotations

import contextlib
import io
import logging
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from didgah.accounts.models import Profile
from didgah.common.pagecache import PAGE_VERSION_COOKIE, fast_path
from didgah.common.testing import run_threads
from didgah.community import lane, services
from didgah.community.models import ArticleVote
from didgah.news.models import Article
from didgah.news.tests.factories import make_article

from .factories import make_reader

CSRF = "c" * 32  # an unmasked secret: Django accepts it as cookie and as form token


class Spy:
    """The application behind the lane: counts what reached Django."""

    def __init__(self):
        self.app = fast_path(get_wsgi_application())
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        self.environ = environ
        return self.app(environ, start_response)


@contextmanager
def _connections_kept():
    # As Django's test client does: the request signals would close the test's
    # connection (and its transaction) between requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _session_of(reader) -> str:
    client = Client()
    client.force_login(reader)
    return client.cookies["sessionid"].value


def _post(app, path, *, session=None, data=None, body=None, content_type="application/x-www-form-urlencoded",
          csrf_cookie=CSRF, host="testserver", extra=None, keep_connections=True):
    body = body if body is not None else urlencode(data if data is not None else
                                                   {"value": "1", "csrfmiddlewaretoken": CSRF}).encode()
    cookies = [f"csrftoken={csrf_cookie}"] if csrf_cookie else []
    if session:
        cookies.append(f"sessionid={session}")
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": host,
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body)), "REMOTE_ADDR": "127.0.0.1",
        "HTTP_COOKIE": "; ".join(cookies), **(extra or {}),
    }
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = int(status.split()[0]), headers

    with _connections_kept() if keep_connections else contextlib.nullcontext():
        chunks = app(environ, start_response)
        content = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
    headers = {}
    for name, value in seen["headers"]:
        headers.setdefault(name.lower(), []).append(value)
    return seen["status"], headers, content


def _counters_match(article):
    article.refresh_from_db()
    ups = ArticleVote.objects.filter(article=article, value=1).count()
    downs = ArticleVote.objects.filter(article=article, value=-1).count()
    assert (article.votes_up, article.votes_down, article.score) == (ups, downs, ups - downs)


def _vote_url(article) -> str:
    return f"/community/article/{article.pk}/vote/"


def test_every_middleware_is_applied_by_the_lane_or_named_idle_with_a_reason():
    assert lane.lane_middleware() is not None
    assert not set(lane.APPLIED) & set(lane.IDLE)
    assert all(reason for reason in lane.IDLE.values())


def test_the_lane_stays_closed_with_a_middleware_it_does_not_know(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.middleware.locale.LocaleMiddleware"]
    assert lane.lane_middleware() is None
    inner = Spy()
    assert lane.vote_lane(inner) is inner


def test_the_lane_path_is_the_vote_url():
    for pk in (1, 42, 10**17, 10**18 - 1):
        assert lane.VOTE_PATH.match(reverse("community:article_vote", args=[pk]))
    assert not lane.VOTE_PATH.match(f"/community/article/{10**18}/vote/")
    assert not lane.VOTE_PATH.match("/community/article/7/vote/x")


@pytest.mark.django_db
def test_a_signed_in_vote_is_answered_by_the_lane():
    inner = Spy()
    app = lane.vote_lane(inner)
    article = make_article()
    reader = make_reader()
    session = _session_of(reader)
    status, headers, content = _post(app, _vote_url(article), session=session)
    assert status == 302
    assert headers["location"] == [f"{article.get_absolute_url()}#article-vote"]
    assert any(c.strip().startswith(f"{PAGE_VERSION_COOKIE}=") for c in headers["set-cookie"])
    assert headers["x-frame-options"] == ["DENY"] and headers["x-content-type-options"] == ["nosniff"]
    assert content == b""
    assert inner.calls == 0
    assert ArticleVote.objects.get(article=article, user=reader).value == 1
    # The same vote again withdraws it (toggle), through the lane too.
    status, headers, _ = _post(app, _vote_url(article), session=session)
    assert status == 302 and not ArticleVote.objects.filter(article=article, user=reader).exists()
    _counters_match(article)


def _change_none(reader, article):
    pass


def _ban(reader, article):
    Profile.objects.filter(user=reader).update(banned=True, status_reason="هرزنامه")


def _draft(reader, article):
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT, published_at=None)


# (case, request changes, state changes, status, vote stored, where the answer goes)
HANDED_OVER = [
    ("no CSRF token", {"data": {"value": "1"}}, _change_none, 403, False, None),
    ("wrong CSRF token", {"data": {"value": "1", "csrfmiddlewaretoken": "d" * 32}}, _change_none, 403, False, None),
    ("no CSRF cookie", {"csrf_cookie": None}, _change_none, 403, False, None),
    ("visitor", {"session": None}, _change_none, 302, False, "/accounts/login/"),
    ("forged session", {"session": "x" * 32}, _change_none, 302, False, "/accounts/login/"),
    ("draft", {}, _draft, 404, False, None),
    ("banned reader", {}, _ban, 302, False, "#article-vote"),
    ("not a vote value", {"data": {"value": "abc", "csrfmiddlewaretoken": CSRF}}, _change_none, 302, False,
     "#article-vote"),
    ("htmx", {"extra": {"HTTP_HX_REQUEST": "true"}}, _change_none, 200, True, None),
    ("a large body", {"data": {"value": "1", "csrfmiddlewaretoken": CSRF, "pad": "x" * 3000}}, _change_none, 302,
     True, "#article-vote"),
    ("multipart", {"body": (b'--B\r\nContent-Disposition: form-data; name="value"\r\n\r\n1\r\n--B\r\n'
                            b'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n' + CSRF.encode()
                            + b"\r\n--B--\r\n"), "content_type": "multipart/form-data; boundary=B"},
     _change_none, 302, True, "#article-vote"),
    ("a host not allowed", {"host": "evil.example"}, _change_none, 400, False, None),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case,request_kw,change,status,stored,location", HANDED_OVER,
                         ids=[c[0] for c in HANDED_OVER])
def test_what_the_lane_hands_to_django_ends_as_django_ends_it(case, request_kw, change, status, stored, location):
    inner = Spy()
    app = lane.vote_lane(inner)
    article = make_article()
    reader = make_reader()
    change(reader, article)
    kw = {"session": _session_of(reader), **request_kw}
    got_status, headers, _ = _post(app, _vote_url(article), **kw)
    assert got_status == status
    assert inner.calls == 1  # Django answered
    assert ArticleVote.objects.filter(article=article, user=reader).exists() == stored
    if location:
        assert location in headers["location"][0]
    _counters_match(article)


@pytest.mark.django_db
def test_a_csrf_refusal_is_logged_once(capfd):
    app = lane.vote_lane(Spy())  # Django's set-up (re)configures logging: read what reaches stderr
    article = make_article()
    reader = make_reader()
    capfd.readouterr()
    got_status, _, _ = _post(app, _vote_url(article), session=_session_of(reader), data={"value": "1"})
    assert got_status == 403
    assert capfd.readouterr().err.count("Forbidden (CSRF token missing.)") == 1


@pytest.mark.django_db
def test_a_vote_the_lane_tried_counts_once_against_the_rate_limit(settings):
    settings.VOTE_RATE_PER_MINUTE = 1
    app = lane.vote_lane(Spy())
    first, draft, second = make_article(), make_article(), make_article()
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT, published_at=None)
    reader = make_reader()
    session = _session_of(reader)
    _post(app, _vote_url(first), session=session)
    assert ArticleVote.objects.filter(user=reader, article=first).exists()
    _post(app, _vote_url(second), session=session)
    assert not ArticleVote.objects.filter(user=reader, article=second).exists()

    settings.VOTE_RATE_PER_MINUTE = 2
    from didgah.common.ratelimit import clear_local

    clear_local()
    # A draft: on PostgreSQL the lane's quick vote counts and the function refuses it,
    # and Django's full path must not count it again; on SQLite the quick vote's read
    # refuses it before counting, and the full path finds no article (404) and does not
    # count either. One vote left in the minute, and it passes.
    _post(app, _vote_url(draft), session=session)
    _post(app, _vote_url(second), session=session)
    assert ArticleVote.objects.filter(user=reader, article=second).exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_fifty_readers_voting_at_once_through_the_lane_are_grouped_and_lose_nothing(settings):
    """Outside a test transaction the lane's quick votes take the group commit: the
    votes of readers who arrive together are written in shared calls, and the
    article's counters still equal its vote rows."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    settings.VOTE_RATE_PER_MINUTE = 10_000
    inner = Spy()
    app = lane.vote_lane(inner)
    article = make_article()
    readers = [make_reader(username=f"lane{i}") for i in range(50)]
    sessions = [_session_of(r) for r in readers]
    before = (services._VOTES.batches, services._VOTES.items)
    statuses = []

    def work(i):
        for n in range(4):  # up, withdraw (toggle), down, then up (odd) or withdraw (even)
            value = ("1", "1", "-1", "1" if i % 2 else "-1")[n]
            status, _, _ = _post(app, _vote_url(article), session=sessions[i], keep_connections=False,
                                 data={"value": value, "csrfmiddlewaretoken": CSRF})
            statuses.append(status)

    errors = run_threads(50, work)
    assert errors == [] and statuses == [302] * 200
    assert inner.calls == 0
    batches, items = services._VOTES.batches - before[0], services._VOTES.items - before[1]
    assert items == 200 and batches < items
    votes = dict(ArticleVote.objects.filter(article=article).values_list("user_id", "value"))
    assert votes == {r.pk: 1 for i, r in enumerate(readers) if i % 2}
    _counters_match(article)


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_one_batch_of_votes_on_several_articles_decides_each_as_alone():
    """didgah_article_votes_checked() (migration 0006) on a mixed batch: each vote's
    outcome is the one-vote function's, a reader's two votes in one batch apply in
    order, and each article's counters and hot match its rows."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from didgah.community import rules

    a, b = make_article(), make_article()
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    Article.objects.filter(pk=b.pk).update(comment_count=5)
    r1, r2, banned, unverified = make_reader(), make_reader(), make_reader(), make_reader(verified=False)
    Profile.objects.filter(user=banned).update(banned=True)
    no_profile = get_user_model().objects.create_user("np", "np@example.org", "a-long-password-1404")
    Q = services._QuickItem
    items = [Q(b.pk, r1.pk, 1, False, True), Q(a.pk, r1.pk, -1, False, True), Q(a.pk, r2.pk, 1, False, True),
             Q(draft.pk, r1.pk, 1, False, True), Q(a.pk, banned.pk, 1, False, True),
             Q(a.pk, unverified.pk, 1, False, True), Q(a.pk, unverified.pk, 1, True, False),
             Q(a.pk, no_profile.pk, 1, True, True), Q(10**12, r1.pk, 1, False, True),
             Q(a.pk, r2.pk, 1, False, True), Q(b.pk, r2.pk, -1, False, False), Q(b.pk, r2.pk, -1, False, False)]
    got = services._votes_write(items)
    assert got == [(0, 1, b.slug), (0, -1, a.slug), (0, 1, a.slug), (1, 0, draft.slug), (2, 0, a.slug),
                   (2, 0, a.slug), (0, 1, a.slug), (2, 0, a.slug), (1, 0, None), (0, 0, a.slug),
                   (0, -1, b.slug), (0, -1, b.slug)]
    votes = set(ArticleVote.objects.values_list("article_id", "user_id", "value"))
    assert votes == {(b.pk, r1.pk, 1), (a.pk, r1.pk, -1), (a.pk, unverified.pk, 1), (b.pk, r2.pk, -1)}
    _counters_match(draft)
    for article in (a, b):
        _counters_match(article)
        assert article.hot == rules.hot_score(score=article.score, comment_count=article.comment_count,
                                              published_at=article.published_at)


@pytest.mark.django_db
def test_a_session_cycled_by_authentication_survives_the_hand_over(settings):
    """Signed with a key now in SECRET_KEY_FALLBACKS, the session is given a new key by
    Django's get_user inside the lane; handed to Django (a draft), the reader must stay
    signed in with the new cookie, as with Django alone."""
    old_key = "k" * 50
    settings.SECRET_KEY = old_key
    article = make_article()
    draft = make_article()
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT, published_at=None)
    reader = make_reader()
    session = _session_of(reader)
    settings.SECRET_KEY = "n" * 50
    settings.SECRET_KEY_FALLBACKS = [old_key]
    inner = Spy()
    app = lane.vote_lane(inner)
    status, headers, _ = _post(app, _vote_url(draft), session=session)
    assert status == 404
    new = [c.strip().split(";")[0].split("=", 1)[1] for c in headers.get("set-cookie", [])
           if c.strip().startswith("sessionid=")]
    assert new and new[-1] and new[-1] != session  # cycled in the lane, carried through Django
    session = new[-1]
    status, headers, _ = _post(app, _vote_url(article), session=session)
    assert status == 302 and "/accounts/login" not in headers["location"][0]
    assert ArticleVote.objects.filter(article=article, user=reader, value=1).exists()


@pytest.mark.django_db
def test_production_security_settings_act_on_the_lane_as_on_django(settings):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.CSRF_TRUSTED_ORIGINS = []
    inner = Spy()
    app = lane.vote_lane(inner)
    article = make_article()
    reader = make_reader()
    session = _session_of(reader)
    https = {"wsgi.url_scheme": "https", "SERVER_PORT": "443", "HTTP_ORIGIN": "https://testserver"}
    status, headers, _ = _post(app, _vote_url(article), session=session, extra=https)
    assert status == 302 and headers["strict-transport-security"] == ["max-age=3600"]
    assert inner.calls == 0
    # A form posted from another site over HTTPS: Django's CSRF origin check refuses it.
    status, _, _ = _post(app, _vote_url(article), session=session, extra={**https, "HTTP_ORIGIN": "https://evil.example"})
    assert status == 403
    # Plain HTTP with SECURE_SSL_REDIRECT: Django's redirect to HTTPS, nothing voted.
    settings.SECURE_SSL_REDIRECT = True  # read when the middleware is built: a new stack
    inner = Spy()
    status, headers, _ = _post(lane.vote_lane(inner), _vote_url(article), session=session)
    assert status == 301 and headers["location"][0].startswith("https://testserver/")
    assert inner.calls == 1
    assert ArticleVote.objects.get(article=article, user=reader).value == 1


@pytest.mark.django_db
def test_the_redirect_keeps_the_script_prefix():
    from django.urls import set_script_prefix

    app = lane.vote_lane(Spy())
    article = make_article()
    session = _session_of(make_reader())
    expected = f"/site{article.get_absolute_url()}#article-vote"
    try:
        status, headers, _ = _post(app, _vote_url(article), session=session, extra={"SCRIPT_NAME": "/site"})
        assert status == 302 and headers["location"] == [expected]
    finally:
        set_script_prefix("/")


@pytest.mark.django_db
def test_an_error_in_the_vote_is_a_500_page_and_writes_nothing(monkeypatch):
    def broken(user):
        raise RuntimeError("the rate-limit store went away")

    monkeypatch.setattr(services, "_vote_rate_ok", broken)
    app = lane.vote_lane(Spy())
    article = make_article()
    reader = make_reader()
    status, _, content = _post(app, _vote_url(article), session=_session_of(reader))
    assert status == 500
    assert not ArticleVote.objects.filter(article=article).exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_batch_the_server_rolled_back_takes_the_full_path_and_anything_else_fails(monkeypatch, settings):
    """A deadlock (40P01) certainly wrote nothing: the vote is written by the full path.
    A lost connection may have come after the commit: the request fails (500) rather
    than risk a second, toggling write."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    import psycopg
    from django.db import DatabaseError, OperationalError

    settings.VOTE_RATE_PER_MINUTE = 10_000
    real = services._votes_write

    def failing(cause):
        def write(items):
            monkeypatch.setattr(services, "_votes_write", real)  # once
            try:
                raise cause
            except psycopg.Error as exc:
                raise (OperationalError if isinstance(exc, psycopg.OperationalError) else DatabaseError)(str(exc)) from exc
        return write

    inner = Spy()
    app = lane.vote_lane(inner)
    article = make_article()
    first, second = make_reader(username="rb1"), make_reader(username="rb2")
    monkeypatch.setattr(services, "_votes_write", failing(psycopg.errors.DeadlockDetected("deadlock detected")))
    status, _, _ = _post(app, _vote_url(article), session=_session_of(first), keep_connections=False)
    assert status == 302 and inner.calls == 1
    assert ArticleVote.objects.get(article=article, user=first).value == 1
    monkeypatch.setattr(services, "_votes_write", failing(psycopg.OperationalError("server closed the connection")))
    status, _, _ = _post(app, _vote_url(article), session=_session_of(second), keep_connections=False)
    assert status == 500 and inner.calls == 1
    assert not ArticleVote.objects.filter(article=article, user=second).exists()
    _counters_match(article)
