"""One page cache: the same page for everyone, through Django's cache middleware.

A view whose page renders nothing personal (no user, no CSRF token, no messages) opts
in with @shared_page; what is personal on it reaches the browser afterwards through
one small uncached request (community's `personal` view). Then a visitor and a signed-in
reader get the same bytes, from the cache, for PAGE_CACHE_SECONDS: a new comment, vote
or edit reaches everyone within that time (plus the counters' fold), and the reader who
made it sees it at once through their personal request.

Django's UpdateCacheMiddleware (first in MIDDLEWARE) stores pages and its
FetchFromCacheMiddleware answers hits, placed before the middleware that only a page
being made needs (sessions, CSRF, auth, messages, security headers: a stored page
carries their headers already), so a hit costs the handler and a cache read. Django
advises it last in case a page varies on what those read; a shared page never does, and
nothing that varies is stored (below). The one change: only pages a view marked shared
are stored. Django's
own rule (any page that does not vary on the cookie) would also store an API answer
given for a token, and an account page rendered without reading the session.

In the production profile nginx keeps the pages instead (deploy/nginx.conf.template):
with PAGE_CACHE_STORE off, Django only marks shared pages with Cache-Control: max-age,
which nginx follows, and FetchFromCacheMiddleware is left out of MIDDLEWARE, so the two
caches' lifetimes never add up.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.middleware.cache import UpdateCacheMiddleware
from django.utils.cache import get_max_age, has_vary_header, patch_response_headers

SHARED = "didgah_shared_page"


def mark_shared(response):
    """Mark one answer as the same for everyone (for views that decide per answer)."""
    setattr(response, SHARED, True)
    return response


def shared_page(view):
    """Mark the view's answers as the same for everyone, so the page cache may keep
    them. The view and its template must not read the session, the user, the CSRF
    token or messages (a test checks the article page answers alike for everyone)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return mark_shared(view(request, *args, **kwargs))

    return wrapped


class PageCacheMiddleware(UpdateCacheMiddleware):
    """Django's UpdateCacheMiddleware, storing only pages marked by @shared_page."""

    # The lifetime is read for each answer, not once at start, so that a test's or the
    # production profile's settings apply to a running server.
    @property
    def cache_timeout(self):
        return settings.CACHE_MIDDLEWARE_SECONDS

    @cache_timeout.setter
    def cache_timeout(self, value):
        pass

    def _should_update_cache(self, request, response):
        return getattr(response, SHARED, False) and super()._should_update_cache(request, response)

    def process_response(self, request, response):
        if getattr(settings, "PAGE_CACHE_STORE", True):
            return super().process_response(request, response)
        # nginx keeps the page: only say how long it may, on the same conditions as
        # Django's own (a page that set a cookie or varies on it is never shared), and
        # for as long as the view said, if it did (as Django's own store reads it).
        if (getattr(response, SHARED, False) and response.status_code == 200 and not response.streaming
                and not response.cookies and not has_vary_header(response, "Cookie")):
            seconds = get_max_age(response)
            patch_response_headers(response, self.cache_timeout if seconds is None else seconds)
        return response
