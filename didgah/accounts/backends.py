"""Django's ModelBackend, with the signed-in reader loaded by one plain query.

AuthenticationMiddleware asks the backend for the user on every signed-in request;
ModelBackend builds that query with the ORM, a large share of a vote's cost. The row
is the same (didgah.common.db.fetch_one), and so is every rule after it (is_active
through user_can_authenticate, the session hash check in django.contrib.auth.get_user)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from didgah.common.db import fetch_one


class ReaderBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except Exception:  # noqa: BLE001 - a malformed id in a session is no user
            return None
        user = fetch_one(model, f"{model._meta.pk.column} = %s", [pk])
        return user if user is not None and self.user_can_authenticate(user) else None
