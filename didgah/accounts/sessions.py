"""Session stores that read a session with one plain query.

Every signed-in request loads its session; Django's stores build that query with the
ORM, which cost more than the rest of a vote's reads together (docs/community.md).
The row (didgah.common.db.fetch_one), the expiry rule and everything else (saving,
cycling keys, clearing) are Django's own. SESSION_ENGINE picks `db` on the embedded
default and `cached_db` when REDIS_URL names a cache that every worker shares
(settings.py): a per-process cache would keep a signed-out session alive in the other
workers."""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from didgah.common.db import fetch_one


class PlainRead:
    def _get_session_from_db(self):
        key = self.session_key  # validated when set: a malformed cookie reads as None
        session = None
        if key:
            connection = connections[router.db_for_read(self.model)]
            session = fetch_one(self.model, "session_key = %s AND expire_date > %s",
                                [key, connection.ops.adapt_datetimefield_value(timezone.now())])
        if session is None:
            self._session_key = None
        return session


# The class name is part of the salt that signs the session data (SessionBase.key_salt):
# both stores are called SessionStore, as Django's are, so either reads the other's rows.
class SessionStore(PlainRead, db.SessionStore):
    pass
