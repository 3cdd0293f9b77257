"""Whole-page cache for visitors: almost all of a news site's traffic, on a few pages.

A visitor without a session (no session cookie, no Authorization header) gets the page
from the cache for up to PAGE_CACHE_SECONDS, so a new comment, vote or edit is visible
to everyone within that time. The reader who made the change carries a session cookie
and always gets a fresh page, so they see it at once. Only responses that are the same
for every visitor are stored: a 200 that sets no cookie (a page that used the CSRF
token sets one, so forms for visitors are never shared) and is not marked private.

Readers with a session get pages cached too, but never shared: their entries are keyed
by their own session and CSRF cookies and by a version cookie (PAGE_VERSION_COOKIE)
that the answer to any POST of theirs replaces, so a reader sees their own vote or
comment at once and everyone else's within PAGE_CACHE_READERS_SECONDS. The version
travels with the browser, not in the cache: with the in-process cache of the embedded
default each worker has its own cache, and a version kept there was retired only in
the worker that served the POST (the next page, from another worker, could still be
the one from before the vote). Their page keeps its per-reader parts (their name,
vote state, forms with their CSRF token) because it is theirs alone.

nginx does the same for visitors in the production profile (deploy/nginx.conf.template, where
didgah/prod.py turns this cache off so the two lifetimes do not add up); this module
gives the embedded default, which has no nginx, the same behaviour.

A hit must cost as little as possible, so an entry holds everything the answer needs,
computed once when the page is stored: the final headers (security headers, CSP), the
body, its gzip-compressed copy and its ETag. Hits are answered in two places:

- `fast_path(app)` wraps the WSGI application (didgah/wsgi.py): a hit is answered from
  the WSGI environ before Django builds a request or runs any middleware;
- `AnonymousPageCacheMiddleware`, first in MIDDLEWARE, stores pages on a miss and
  answers hits for callers that do not come through the WSGI application (the test
  client).

Both compute the key and the answer with the same functions below, from the WSGI
environ (request.META), so they always agree.
"""

from __future__ import annotations

import gzip
import hashlib
import secrets
import threading
from http import HTTPStatus

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie

from didgah.common.http import body_etag

# Paths whose answers depend on who asks, or that must reach their view every time
# (the API's rate limits, the admin, account and community actions).
UNCACHED_PREFIXES = ("/admin/", "/api/", "/accounts/", "/community/")
CACHEABLE_TYPES = ("text/html", "application/xml", "text/xml", "application/rss+xml",
                   "application/atom+xml", "text/plain")
# Recomputed for each answer from the entry.
PER_ANSWER_HEADERS = {"set-cookie", "content-length", "content-encoding", "etag", "x-page-cache"}
# What a 304 keeps (RFC 9110 15.4.5; the same list as Django's ConditionalGetMiddleware).
NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "date", "etag", "expires", "last-modified", "vary"}
# Django's GZipMiddleware leaves bodies this small alone: compressing them gains nothing.
GZIP_MIN_BYTES = 200
# Level 6 is zlib's default and Django's: most of level 9's gain at a third of its time.
GZIP_LEVEL = 6
ENTRY_TAG = "page-v3"
# The reader's page version: any value will do, since it only selects among the
# reader's own entries (their session and CSRF cookies are in the key too).
PAGE_VERSION_COOKIE = "pagever"


class _Conf:
    """The settings a hit reads, read once (each access to django.conf.settings costs
    about a microsecond, a dozen of them a noticeable share of a hit); tests that
    change a setting reset it through the setting_changed signal."""

    def __init__(self):
        self.seconds = getattr(settings, "PAGE_CACHE_SECONDS", 5)
        self.reader_seconds = getattr(settings, "PAGE_CACHE_READERS_SECONDS", self.seconds)
        self.csrf_cookie = settings.CSRF_COOKIE_NAME
        self.alias = getattr(settings, "PAGE_CACHE_ALIAS", "default")
        self.session_cookie = settings.SESSION_COOKIE_NAME
        self.ssl_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        # Static and media files are WhiteNoise's (which compresses and tags them itself).
        self.skipped_prefixes = UNCACHED_PREFIXES + tuple(
            p for p in (getattr(settings, "STATIC_URL", None), getattr(settings, "MEDIA_URL", None))
            if p and p.startswith("/"))


_conf: _Conf | None = None
_local = threading.local()


def _config() -> _Conf:
    global _conf
    if _conf is None:
        _conf = _Conf()
    return _conf


@receiver(setting_changed)
def _reset_config(**kwargs) -> None:
    global _conf
    _conf = None
    _local.__dict__.clear()


def _has_cookie(cookie_header: str, name: str) -> bool:
    """Whether the Cookie header names `name`; errs towards yes (a yes only costs a miss)."""
    return f"{name}=" in cookie_header


def _scheme(environ) -> str:
    header = _config().ssl_header
    if header and environ.get(header[0]) == header[1]:
        return "https"
    return environ.get("wsgi.url_scheme", "http")


def _reader_cookies(environ) -> tuple[str, str, str] | None:
    """(session cookie, CSRF cookie, page version cookie) of a reader's request; None
    for a visitor."""
    conf = _config()
    header = environ.get("HTTP_COOKIE", "")
    if not _has_cookie(header, conf.session_cookie):
        return None
    cookies = parse_cookie(header)
    session = cookies.get(conf.session_cookie)
    if not session:
        return None
    return session, cookies.get(conf.csrf_cookie, ""), cookies.get(PAGE_VERSION_COOKIE, "")


def reader_version_bump(environ, response: HttpResponse) -> None:
    """Call with the answer to a reader's state-changing request: it gives the browser a
    new page version, so that their cached pages are never answered to it again."""
    if _reader_cookies(environ) is not None:
        # As long-lived as the session cookie: a version the browser dropped earlier
        # would fall back to "" and could meet a page cached under "" before a change.
        response.set_cookie(PAGE_VERSION_COOKIE, secrets.token_hex(8), max_age=settings.SESSION_COOKIE_AGE,
                            domain=settings.SESSION_COOKIE_DOMAIN, path=settings.SESSION_COOKIE_PATH,
                            secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")


def cache_key(environ, path: str) -> str:
    """The entry for one scheme, host, path and query, and for a reader also their
    session, CSRF cookie and page version. `path` is the decoded path as Django sees it
    (request.path_info; get_path_info(environ) before Django has run: Django replaces
    the environ's raw PATH_INFO with the decoded one)."""
    parts = [_scheme(environ), environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""), path,
             environ.get("QUERY_STRING", "")]
    reader = _reader_cookies(environ)
    if reader is not None:
        parts += ["reader", *reader]
    raw = "|".join(parts)
    return "page:" + hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _lifetime(environ) -> int:
    conf = _config()
    return conf.reader_seconds if _has_cookie(environ.get("HTTP_COOKIE", ""), conf.session_cookie) else conf.seconds


def is_cacheable_environ(environ) -> bool:
    conf = _config()
    return (
        environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in environ
        and "HTTP_HX_REQUEST" not in environ
        and not environ.get("PATH_INFO", "").startswith(conf.skipped_prefixes)
        and _lifetime(environ) > 0
    )


def is_cacheable_request(request: HttpRequest) -> bool:
    return is_cacheable_environ(request.META)


def _only_renews_csrf(response: HttpResponse, environ) -> bool:
    """Whether the response's only cookie re-sends the reader's own CSRF cookie unchanged
    (Django does that on every page with a form, to renew its expiry)."""
    reader = _reader_cookies(environ)
    if reader is None:
        return False
    names = set(response.cookies.keys())
    csrf = _config().csrf_cookie
    return names == {csrf} and response.cookies[csrf].value == reader[1]


def is_cacheable_response(response: HttpResponse, environ=None) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies and not (environ is not None and _only_renews_csrf(response, environ)):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return False
    if response.get("Content-Encoding", "gzip") != "gzip":
        return False
    return response.get("Content-Type", "").split(";")[0].strip() in CACHEABLE_TYPES


def make_entry(response: HttpResponse, user_id: int | None = None) -> tuple:
    """What a hit needs, from the response the site gave the first visitor (compressed or
    not, depending on what that visitor accepted): (tag, status, headers, body, gzip
    body or None, strong ETag, hooks run on each hit, the reader's user id or None)."""
    content = response.content
    if response.get("Content-Encoding") == "gzip":
        compressed, body = content, gzip.decompress(content)
    else:
        body = content
        compressed = gzip.compress(body, GZIP_LEVEL, mtime=0) if len(body) >= GZIP_MIN_BYTES else None
        if compressed is not None and len(compressed) >= len(body):
            compressed = None
    etag = response.get("ETag", "").removeprefix("W/") or body_etag(body)
    headers = [(k, v) for k, v in response.items() if k.lower() not in PER_ANSWER_HEADERS]
    if compressed is not None and not any(k.lower() == "vary" and "accept-encoding" in v.lower() for k, v in headers):
        vary = [i for i, (k, _v) in enumerate(headers) if k.lower() == "vary"]
        if vary:
            k, v = headers[vary[0]]
            headers[vary[0]] = (k, f"{v}, Accept-Encoding")
        else:
            headers.append(("Vary", "Accept-Encoding"))
    hooks = tuple(getattr(response, "page_cache_hit_hooks", ()))
    return (ENTRY_TAG, response.status_code, headers, body, compressed, etag, hooks, user_id)


def _etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison, as RFC 9110 asks for If-None-Match."""
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


def answer(entry: tuple, environ) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, headers, body) for this client from a stored entry: the compressed copy
    when it accepts gzip, a 304 when its If-None-Match names the page."""
    _tag, status, headers, body, compressed, etag, _hooks, _user_id = entry
    use_gzip = compressed is not None and "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
    tag = f"W/{etag}" if use_gzip else etag
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match and _etag_matches(if_none_match, etag):
        kept = [(k, v) for k, v in headers if k.lower() in NOT_MODIFIED_HEADERS]
        return 304, [*kept, ("ETag", tag), ("X-Page-Cache", "HIT")], b""
    payload = compressed if use_gzip else body
    out = [*headers, ("ETag", tag), ("Content-Length", str(len(payload))), ("X-Page-Cache", "HIT")]
    if use_gzip:
        out.append(("Content-Encoding", "gzip"))
    return status, out, b"" if environ.get("REQUEST_METHOD") == "HEAD" else payload


def _page_cache():
    # caches[alias] is one object per thread already; keeping it skips the lookup.
    cache = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = caches[_config().alias]
    return cache


def _lookup(environ, path: str) -> tuple | None:
    if not is_cacheable_environ(environ):
        return None
    entry = _page_cache().get(cache_key(environ, path))
    if entry is None or not isinstance(entry, tuple) or entry[0] != ENTRY_TAG:
        return None  # absent, or stored by an older version of this module
    return entry


class _EnvironHeaders:
    def __init__(self, environ):
        self._environ = environ

    def get(self, name: str, default=None):
        name = name.upper().replace("-", "_")
        if name not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            name = "HTTP_" + name
        return self._environ.get(name, default)


class _HookUser:
    is_authenticated = True

    def __init__(self, pk: int):
        self.pk = pk


class HookRequest:
    """What a hit hook gets on the WSGI fast path: META, headers.get() and, for a
    reader's page, a user with their id (the one the page was rendered for). Building a
    whole WSGIRequest would parse every header for the one the view counter reads."""

    def __init__(self, environ, user_id: int | None = None):
        self.META = environ
        self.headers = _EnvironHeaders(environ)
        self.user = _HookUser(user_id) if user_id is not None else None


def fast_path(app):
    """Wrap a WSGI application so that page-cache hits never reach Django's handler."""
    from django.core.handlers.wsgi import get_path_info

    def application(environ, start_response):
        entry = _lookup(environ, get_path_info(environ))
        if entry is None:
            return app(environ, start_response)
        status, headers, payload = answer(entry, environ)
        hooks = entry[6]
        if hooks and status == 200:
            request = HookRequest(environ, entry[7])
            # A hook may use the database (the view counter's periodic flush) outside
            # Django's request cycle; the next request this thread serves through Django
            # closes the connection if it is stale or broken (request_started).
            for hook in hooks:
                hook(request)
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [payload]

    return application


class AnonymousPageCacheMiddleware:
    """First in MIDDLEWARE: stores pages as the finished responses (security headers,
    CSP), answers hits without running any other middleware, and retires a reader's
    cached pages when they change something."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        environ = request.META
        if (environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
                or environ.get("PATH_INFO", "").startswith(UNCACHED_PREFIXES)):
            # A POST, or an account page (an e-mail verification link is a GET), may
            # change what this reader's pages show.
            response = self.get_response(request)
            reader_version_bump(environ, response)
            return response
        if not is_cacheable_request(request):
            return self.get_response(request)
        # The key is taken from the request's cookies: a page whose rendering began
        # before the reader's change is stored under the version that change retired.
        key = cache_key(environ, request.path_info)
        entry = _page_cache().get(key)
        if entry is not None and isinstance(entry, tuple) and entry[0] == ENTRY_TAG:
            status, headers, payload = answer(entry, environ)
            response = HttpResponse(payload, status=status)
            for name, value in headers:
                response[name] = value
            if status == 200:
                for hook in entry[6]:
                    hook(request)
            return response
        response = self.get_response(request)
        if is_cacheable_response(response, environ):
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else None
            _page_cache().set(key, make_entry(response, user_id), _lifetime(environ))
            response["X-Page-Cache"] = "MISS"
        return response
