"""Old addresses answered with a 301 to where their content lives now.

Only a request that would otherwise end in a 404 reads the redirect table, so every
ordinary page costs nothing more. The one exception is WordPress's `/?p=123`: the home
page answers it with 200, so a request for `/` that carries `p`, `page_id` or `feed` is looked up
too (before the home page is built)."""

from __future__ import annotations

from django.http import HttpResponsePermanentRedirect
from django.utils.encoding import iri_to_uri

from . import selectors

_POST_PARAMETERS = ("p", "page_id", "feed")


class RedirectFallbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and any(k in request.GET for k in _POST_PARAMETERS):
            response = self._redirect(request)
            if response is not None:
                return response
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        return self._redirect(request) or response

    def _redirect(self, request):
        query = request.META.get("QUERY_STRING", "")
        found = selectors.redirect_target(old_path=request.path + ("?" + query if query else ""))
        if found is None:
            return None
        return HttpResponsePermanentRedirect(iri_to_uri(found[1]))
