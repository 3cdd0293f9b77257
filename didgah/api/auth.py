"""Who is calling: a personal token (`Authorization: Bearer …`) or the site session
with its CSRF token. Token requests need no CSRF token: a browser never attaches
the header by itself, so a forged cross-site request cannot carry it."""

from __future__ import annotations

from django.conf import settings
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from . import selectors, services


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        found = selectors.token_for_key(raw=token)
        if found is None:
            return None
        services.token_touch(token=found)
        request.api_token = found
        request.user = found.user
        return found.user


class SessionWithCsrf(APIKeyCookie):
    """The signed-in reader of the site's session; writes must carry the CSRF token
    (X-CSRFToken header), exactly as the site's own forms do."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            # No session: "not signed in" (401), not a CSRF failure.
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed")
        return user


READER_AUTH = [BearerToken(), SessionWithCsrf()]
