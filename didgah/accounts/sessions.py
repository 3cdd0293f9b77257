"""Session stores that read a session, and the reader signed in with it, in one query.

Every signed-in request loads its session and then its user; Django's stores build the
first query with the ORM and the auth backend makes a second. Here the session row
(accounts.models.ReaderSession, Django's row plus the reader's id) is read with its
user row joined (didgah.common.db.fetch_pair), and the user waits on the store as
`reader` for ReaderBackend.get_user (accounts/backends.py), so Django's checks
(expiry here; is_active and the session hash in django.contrib.auth.get_user) run on
what the one query read. Saving, cycling keys and clearing are Django's own.
SESSION_ENGINE picks `db` on the embedded default and `cached_db` when REDIS_URL names
a cache that every worker shares (settings.py): a per-process cache would keep a
signed-out session alive in the other workers."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from didgah.common.db import fetch_pair

from .backends import user_pk


class PlainRead:
    # The user row read with the session, when the session was read from the database
    # (not from a cache): for ReaderBackend.get_user, which checks it is the session's.
    reader = None

    @classmethod
    def get_model_class(cls):
        from .models import ReaderSession

        return ReaderSession

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        obj.user_id = user_pk(data.get(SESSION_KEY))
        return obj

    def _get_session_from_db(self):
        key = self.session_key  # validated when set: a malformed cookie reads as None
        session = reader = None
        if key:
            user_model = get_user_model()
            connection = connections[router.db_for_read(self.model)]
            pk = connection.ops.quote_name(user_model._meta.pk.column)
            session, reader = fetch_pair(self.model, user_model, f"o.{pk} = m.user_id",
                                         "m.session_key = %s AND m.expire_date > %s",
                                         [key, connection.ops.adapt_datetimefield_value(timezone.now())])
        if session is None:
            self._session_key = None
        self.reader = reader
        return session


# The class name is part of the salt that signs the session data (SessionBase.key_salt):
# both stores are called SessionStore, as Django's are, so either reads the other's rows.
class SessionStore(PlainRead, db.SessionStore):
    pass
