"""Whole-page cache for visitors: almost all of a news site's traffic, on a few pages.

A visitor without a session (no session cookie, no Authorization header) gets the page
from the cache for up to PAGE_CACHE_SECONDS, so a new comment, vote or edit is visible
to everyone within that time. The reader who made the change carries a session cookie
and always gets a fresh page, so they see it at once. Only responses that are the same
for every visitor are stored: a 200 that sets no cookie (a page that used the CSRF
token sets one, so forms for visitors are never shared) and is not marked private.

nginx does the same in the production profile (deploy/nginx.conf.template); this
middleware gives the embedded default, which has no nginx, the same behaviour.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

# Paths whose answers depend on who asks, or that must reach their view every time
# (the API's rate limits, the admin, account and community actions).
UNCACHED_PREFIXES = ("/admin/", "/api/", "/accounts/", "/community/")
CACHEABLE_TYPES = ("text/html", "application/xml", "text/xml", "application/rss+xml",
                   "application/atom+xml", "text/plain")
SKIPPED_HEADERS = {"set-cookie", "content-length"}


def _key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}".encode("utf-8", "surrogatepass")
    return "page:" + hashlib.blake2b(raw, digest_size=16).hexdigest()


def is_cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and "HTTP_HX_REQUEST" not in request.META
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def is_cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return False
    return response.get("Content-Type", "").split(";")[0].strip() in CACHEABLE_TYPES


class AnonymousPageCacheMiddleware:
    """Place after WhiteNoise and before SessionMiddleware: a hit costs one cache read
    and none of the session, CSRF, authentication or template work."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = getattr(settings, "PAGE_CACHE_SECONDS", 5)
        self.cache = caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.seconds <= 0 or not is_cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        entry = self.cache.get(key)
        if entry is not None:
            status, headers, content, hit_hooks = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "HIT"
            for hook in hit_hooks:
                hook(request)
            return response
        response = self.get_response(request)
        if is_cacheable_response(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS]
            hooks = tuple(getattr(response, "page_cache_hit_hooks", ()))
            self.cache.set(key, (response.status_code, headers, response.content, hooks), self.seconds)
            response["X-Page-Cache"] = "MISS"
        return response
