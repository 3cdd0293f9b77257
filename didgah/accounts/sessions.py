"""Session stores that read a session with one plain query.

Every signed-in request loads its session; Django's stores build that query with the
ORM, which cost more than the rest of a vote's reads together (docs/community.md).
The row, the expiry rule and everything else (saving, cycling keys, clearing) are
Django's own. SESSION_ENGINE picks `db` on the embedded default and `cached_db` when
REDIS_URL names a cache that every worker shares (settings.py): a per-process cache
would keep a signed-out session alive in the other workers."""

from __future__ import annotations

from datetime import timezone as dt_timezone

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class PlainRead:
    def _get_session_from_db(self):
        model = self.model
        key = self.session_key  # validated when set: a malformed cookie reads as None
        if not key:
            self._session_key = None
            return None
        connection = connections[router.db_for_read(model)]
        q = connection.ops.quote_name
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT session_data, expire_date FROM {q(model._meta.db_table)} "  # noqa: S608
                "WHERE session_key = %s AND expire_date > %s",
                [key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cur.fetchone()
        if row is None:
            self._session_key = None
            return None
        expire = model._meta.get_field("expire_date").to_python(row[1])
        if timezone.is_naive(expire):
            expire = expire.replace(tzinfo=dt_timezone.utc)
        return model(session_key=key, session_data=row[0], expire_date=expire)


# The class name is part of the salt that signs the session data (SessionBase.key_salt):
# both stores are called SessionStore, as Django's are, so either reads the other's rows.
class SessionStore(PlainRead, db.SessionStore):
    pass
