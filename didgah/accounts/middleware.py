"""Django's AuthenticationMiddleware, handing the session store to the auth backend.

request.user is still found lazily by django.contrib.auth.get_user, with all its checks;
for the length of that call the request's session store is current
(backends.current_session), so ReaderBackend.get_user can take the user row the store
read together with the session instead of reading it again."""

from __future__ import annotations

from django.contrib.auth.middleware import AuthenticationMiddleware, get_user
from django.utils.functional import SimpleLazyObject

from .backends import current_session


def _get_user(request):
    token = current_session.set(request.session)
    try:
        return get_user(request)  # Django's: auth.get_user, once per request
    finally:
        current_session.reset(token)


class ReaderAuthenticationMiddleware(AuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _get_user(request))
