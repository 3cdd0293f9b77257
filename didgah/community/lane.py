"""The vote lane: an article vote without JavaScript, answered in front of Django's
handler when nothing about it is unusual (on both databases; on PostgreSQL the quick
vote also joins the group commit).

A vote is the site's busiest write (everyone on one story votes at once), and most
of its cost was Django's request cycle around a few lines of work: resolving the
URL, fourteen middleware layers, the view and its decorators. Here the same
components do the same checks, called directly: Django's WSGIRequest, its request
signals (stale database connections are closed), its SecurityMiddleware,
SessionMiddleware, CommonMiddleware, CsrfViewMiddleware, our reader authentication
(Django's auth.get_user with all its checks) and XFrameOptionsMiddleware, each with
its own hooks in MIDDLEWARE's order; then services.article_vote_quick and the view's
redirect, the reader's cached pages retired as after any POST.

The lane answers only the common case: a POST to the vote URL without HX-Request, a
small form body, every middleware letting it through, a signed-in reader, and a quick
vote done. In every other case (a CSRF refusal, a visitor, a banned reader, a draft,
a rate limit, an unexpected error before the vote) it has written nothing and hands
the request, body and all, to Django, which answers it exactly as it would have;
the view then knows the lane tried (LANE_TRIED), so the vote is not attempted twice
nor counted twice against the rate limit.

Every entry of settings.MIDDLEWARE must be either applied here or named in IDLE with
the reason it has nothing to do for this request; with one it does not know, the lane
stays closed and every vote goes through Django (and a test fails).
"""

from __future__ import annotations

import contextvars
import io
import logging
import re

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import signals
from django.core.handlers.exception import response_for_exception
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest, get_script_name
from django.http import HttpResponse
from django.urls import set_script_prefix
from django.utils.module_loading import import_string

from didgah.common.pagecache import reader_version_bump

logger = logging.getLogger(__name__)

# The vote URL (community/urls.py, `id` converter: at most 18 digits); a test checks
# that reverse() agrees.
VOTE_PATH = re.compile(r"/community/article/([0-9]{1,18})/vote/\Z")

# The vote form's body is about 60 bytes; anything larger is not the form, and goes to
# Django before the lane reads a byte of it.
MAX_BODY = 1024

# Set in the environ when the lane tried and handed the request to Django: whether its
# quick vote counted against the reader's rate limit (services.QuickVote).
LANE_TRIED = "didgah.vote_lane.limit_counted"

APPLIED = (
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)

IDLE = {
    "didgah.common.pagecache.AnonymousPageCacheMiddleware":
        "caches pages for GET; after a POST it retires the reader's cached pages, which the lane does too",
    "whitenoise.middleware.WhiteNoiseMiddleware": "serves static files only",
    "django.middleware.gzip.GZipMiddleware": "the lane's answer has no body",
    "didgah.common.http.ConditionalGetMiddleware": "acts on GET and HEAD only",
    "django.contrib.messages.middleware.MessageMiddleware": "the lane answers only votes that leave no message",
    "didgah.common.http.CSPMiddleware": "skips redirects, and the lane's answer is one",
    "didgah.community.middleware.ArticleViewMiddleware": "counts article page views",
    "axes.middleware.AxesMiddleware": "acts on sign-in attempts",
}


# While the lane runs the middleware's view hooks: a refusal logged then (CSRF's
# "Forbidden (…)" line) is dropped, since the lane hands the request to Django, which
# refuses it again and logs it then, once.
_CHECKING = contextvars.ContextVar("didgah_vote_lane_checking", default=False)


class _LaneRefusals(logging.Filter):
    def filter(self, record):
        return not _CHECKING.get()


logging.getLogger("django.security.csrf").addFilter(_LaneRefusals())


def _unused_get_response(request):  # pragma: no cover - the lane calls the hooks itself
    raise AssertionError("the vote lane calls middleware hooks, never get_response")


def lane_middleware() -> list | None:
    """Instances of the APPLIED middleware in MIDDLEWARE's order, or None when
    MIDDLEWARE holds one the lane does not know (or lacks one it applies)."""
    unknown = [m for m in settings.MIDDLEWARE if m not in APPLIED and m not in IDLE]
    missing = [m for m in APPLIED if m not in settings.MIDDLEWARE]
    # An idle one that gained a process_view could refuse a request the lane would let through.
    viewing = [m for m in settings.MIDDLEWARE if m in IDLE and hasattr(import_string(m), "process_view")]
    if unknown or missing or viewing:
        logger.warning("the vote lane is closed: MIDDLEWARE has %s it does not know, lacks %s, and %s idle ones "
                       "look at the view", unknown, missing, viewing)
        return None
    return [import_string(m)(_unused_get_response) for m in settings.MIDDLEWARE if m in APPLIED]


def vote_lane(app):
    """Wrap Django's WSGI application (and what wraps it) with the vote lane."""
    middleware = lane_middleware()
    if middleware is None:
        return app
    from . import views

    def application(environ, start_response):
        match = _match(environ)
        if match is None:
            return app(environ, start_response)
        set_script_prefix(get_script_name(environ))
        signals.request_started.send(sender=WSGIHandler, environ=environ)
        pristine = environ.copy()  # the middleware hooks add to request.META (the environ)
        request = WSGIRequest(environ)
        response = _answer(request, int(match[1]), middleware, views)
        if response is None:
            return _hand_over(app, pristine, request, start_response, middleware)
        return _answer_now(response, start_response)

    return application


def _hand_over(app, environ, request, start_response, middleware):
    """Django answers the request from the start: the environ as it came (`environ`),
    with the body the lane may have read.
    Authentication may have changed the session on the way (Django cycles its key when
    it was signed with a SECRET_KEY_FALLBACKS key, empties it when the password
    changed): it is saved as SessionMiddleware saves it, and Django gets the new cookie
    and its answer carries it, so the reader is not signed out by the hand-over."""
    try:
        environ = {**environ, "wsgi.input": io.BytesIO(request.body)}
    except Exception as exc:  # noqa: BLE001 - an unreadable body: nothing was written
        return _answer_now(response_for_exception(request, exc), start_response)
    if LANE_TRIED in request.META:
        environ[LANE_TRIED] = request.META[LANE_TRIED]
    session = getattr(request, "session", None)
    if session is None or not session.modified:
        return app(environ, start_response)
    carrier = HttpResponse()
    for mw in middleware:
        if isinstance(mw, SessionMiddleware):
            carrier = mw.process_response(request, carrier)
    name = settings.SESSION_COOKIE_NAME
    cookie = carrier.cookies.get(name)
    others = [c for c in re.split(r";\s*", environ.get("HTTP_COOKIE", "")) if c and not c.startswith(f"{name}=")]
    if cookie is not None and cookie.value:
        others.append(f"{name}={cookie.value}")
    environ["HTTP_COOKIE"] = "; ".join(others)
    # First, so that a session cookie Django's own answer sets comes later and wins.
    carried = [("Set-Cookie", c.output(header="")) for c in carrier.cookies.values()]

    def start(status, headers, exc_info=None):
        return start_response(status, [*carried, *headers], exc_info)

    return app(environ, start)


def _answer_now(response, start_response):
    try:
        start_response(f"{response.status_code} {response.reason_phrase}",
                       [*response.items(), *(("Set-Cookie", c.output(header="")) for c in response.cookies.values())])
        return [response.content]
    finally:
        signals.request_finished.send(sender=WSGIHandler)


def _match(environ):
    if environ.get("REQUEST_METHOD") != "POST" or "HTTP_HX_REQUEST" in environ:
        return None
    if not environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        return None
    try:
        if not 0 <= int(environ.get("CONTENT_LENGTH") or 0) <= MAX_BODY:
            return None
    except ValueError:
        return None
    return VOTE_PATH.match(environ.get("PATH_INFO", ""))


def _answer(request, pk: int, middleware, views):
    """The answer after a quick vote, or None: nothing was written, Django answers."""
    from . import services

    try:
        for mw in middleware:
            hook = getattr(mw, "process_request", None)
            if hook is not None and hook(request) is not None:
                return None  # e.g. a redirect to HTTPS: Django makes it
        token = _CHECKING.set(True)
        try:
            for mw in middleware:
                hook = getattr(mw, "process_view", None)
                if hook is not None and hook(request, views.article_vote, (), {"pk": pk}) is not None:
                    return None  # CSRF refused: Django's 403 page, and its log line
        finally:
            _CHECKING.reset(token)
        if not request.user.is_authenticated:
            return None
        value = views.vote_value(request)
    except Exception:  # noqa: BLE001 - nothing written yet; Django meets it again and answers
        logger.debug("vote lane: handed to Django", exc_info=True)
        return None
    try:
        quick = services.article_vote_quick(article_id=pk, user=request.user, value=value)
    except Exception as exc:  # noqa: BLE001 - written or not, it is not known: as Django would (500)
        response = response_for_exception(request, exc)
    else:
        if not quick.done:
            request.META[LANE_TRIED] = quick.limit_counted
            return None
        response = views.voted_redirect(pk, quick.slug)
    try:
        for mw in reversed(middleware):
            hook = getattr(mw, "process_response", None)
            if hook is not None:
                response = hook(request, response)
        reader_version_bump(request.META, response)
    except Exception as exc:  # noqa: BLE001 - the vote is written: answer as Django would
        response = response_for_exception(request, exc)
    return response
