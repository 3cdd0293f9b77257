"""Whole-page cache for visitors: almost all of a news site's traffic, on a few pages.

A visitor without a session (no session cookie, no Authorization header) gets the page
from the cache for up to PAGE_CACHE_SECONDS, so a new comment, vote or edit is visible
to everyone within that time. The reader who made the change carries a session cookie
and always gets a fresh page, so they see it at once. Only responses that are the same
for every visitor are stored: a 200 that sets no cookie (a page that used the CSRF
token sets one, so forms for visitors are never shared) and is not marked private.

nginx does the same in the production profile (deploy/nginx.conf.template, where
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
import threading
from http import HTTPStatus

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

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
ENTRY_TAG = "page-v2"


class _Conf:
    """The settings a hit reads, read once (each access to django.conf.settings costs
    about a microsecond, a dozen of them a noticeable share of a hit); tests that
    change a setting reset it through the setting_changed signal."""

    def __init__(self):
        self.seconds = getattr(settings, "PAGE_CACHE_SECONDS", 5)
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


def cache_key(environ, path: str) -> str:
    """The entry for one scheme, host, path and query. `path` is the decoded path as
    Django sees it (request.path_info; get_path_info(environ) before Django has run:
    Django replaces the environ's raw PATH_INFO with the decoded one)."""
    raw = "|".join((_scheme(environ), environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""), path,
                    environ.get("QUERY_STRING", "")))
    return "page:" + hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def is_cacheable_environ(environ) -> bool:
    conf = _config()
    return (
        environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        and not _has_cookie(environ.get("HTTP_COOKIE", ""), conf.session_cookie)
        and "HTTP_AUTHORIZATION" not in environ
        and "HTTP_HX_REQUEST" not in environ
        and not environ.get("PATH_INFO", "").startswith(conf.skipped_prefixes)
    )


def is_cacheable_request(request: HttpRequest) -> bool:
    return is_cacheable_environ(request.META)


def is_cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return False
    if response.get("Content-Encoding", "gzip") != "gzip":
        return False
    return response.get("Content-Type", "").split(";")[0].strip() in CACHEABLE_TYPES


def make_entry(response: HttpResponse) -> tuple:
    """What a hit needs, from the response the site gave the first visitor (compressed or
    not, depending on what that visitor accepted): (tag, status, headers, body, gzip
    body or None, strong ETag, hooks run on each hit)."""
    content = response.content
    if response.get("Content-Encoding") == "gzip":
        compressed, body = content, gzip.decompress(content)
    else:
        body = content
        compressed = gzip.compress(body, GZIP_LEVEL, mtime=0) if len(body) >= GZIP_MIN_BYTES else None
        if compressed is not None and len(compressed) >= len(body):
            compressed = None
    etag = response.get("ETag", "").removeprefix("W/") or f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
    headers = [(k, v) for k, v in response.items() if k.lower() not in PER_ANSWER_HEADERS]
    if compressed is not None and not any(k.lower() == "vary" and "accept-encoding" in v.lower() for k, v in headers):
        vary = [i for i, (k, _v) in enumerate(headers) if k.lower() == "vary"]
        if vary:
            k, v = headers[vary[0]]
            headers[vary[0]] = (k, f"{v}, Accept-Encoding")
        else:
            headers.append(("Vary", "Accept-Encoding"))
    hooks = tuple(getattr(response, "page_cache_hit_hooks", ()))
    return (ENTRY_TAG, response.status_code, headers, body, compressed, etag, hooks)


def _etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison, as RFC 9110 asks for If-None-Match."""
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


def answer(entry: tuple, environ) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, headers, body) for this client from a stored entry: the compressed copy
    when it accepts gzip, a 304 when its If-None-Match names the page."""
    _tag, status, headers, body, compressed, etag, _hooks = entry
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
    if _config().seconds <= 0 or not is_cacheable_environ(environ):
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


class HookRequest:
    """What a hit hook gets on the WSGI fast path: META and headers.get() of a visitor's
    request (no user: a cache hit never has a session). Building a whole WSGIRequest
    would parse every header for the one the view counter reads."""

    user = None

    def __init__(self, environ):
        self.META = environ
        self.headers = _EnvironHeaders(environ)


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
            request = HookRequest(environ)
            # A hook may use the database (the view counter's periodic flush) outside
            # Django's request cycle; the next request this thread serves through Django
            # closes the connection if it is stale or broken (request_started).
            for hook in hooks:
                hook(request)
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [payload]

    return application


class AnonymousPageCacheMiddleware:
    """First in MIDDLEWARE: stores visitors' pages as the finished responses (security
    headers, CSP) and answers hits without running any other middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = _config().seconds
        if seconds <= 0 or not is_cacheable_request(request):
            return self.get_response(request)
        entry = _lookup(request.META, request.path_info)
        if entry is not None:
            status, headers, payload = answer(entry, request.META)
            response = HttpResponse(payload, status=status)
            for name, value in headers:
                response[name] = value
            if status == 200:
                for hook in entry[6]:
                    hook(request)
            return response
        response = self.get_response(request)
        if is_cacheable_response(response):
            _page_cache().set(cache_key(request.META, request.path_info), make_entry(response), seconds)
            response["X-Page-Cache"] = "MISS"
        return response
