"""Django's ModelBackend, with the signed-in reader loaded without a query of its own.

AuthenticationMiddleware asks the backend for the user on every signed-in request;
ModelBackend builds that query with the ORM, a large share of a vote's cost. Here the
row is the one the session store read together with the session (accounts/sessions.py),
handed over by ReaderAuthenticationMiddleware (accounts/middleware.py) for the length of
django.contrib.auth.get_user; otherwise it is read by one plain query
(didgah.common.db.fetch_one). Either way it is the same row, and every rule after it
is Django's (is_active through user_can_authenticate, the session hash check in
django.contrib.auth.get_user)."""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from didgah.common.db import fetch_one

# The session store of the request whose user django.contrib.auth.get_user is finding,
# set only around that call, so a row read for one request is never another's.
current_session: ContextVar = ContextVar("current_session", default=None)


def user_pk(value):
    """A user id as stored in a session's data, as the user table holds it; None if
    there is none or it is malformed (a malformed id in a session names no user)."""
    if value is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(value)
    except Exception:  # noqa: BLE001 - whatever the field refuses
        return None


class ReaderBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        pk = user_pk(user_id)
        if pk is None:
            return None
        user = getattr(current_session.get(), "reader", None)
        if user is None or user.pk != pk:
            user = fetch_one(model, f"{model._meta.pk.column} = %s", [pk])
        return user if user is not None and self.user_can_authenticate(user) else None
