"""Django's AuthenticationMiddleware, handing the session store to the auth backend.

request.user is still found lazily by django.contrib.auth.get_user, with all its checks;
for the length of that call the request's session store is current
(backends.current_session), so ReaderBackend.get_user can take the user row the store
read together with the session instead of reading it again."""

from __future__ import annotations

from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.utils.functional import SimpleLazyObject

from .backends import current_session


def _get_user(request):
    if not hasattr(request, "_cached_user"):
        token = current_session.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            current_session.reset(token)
    return request._cached_user


class ReaderAuthenticationMiddleware(AuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _get_user(request))
