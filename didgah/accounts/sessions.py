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

import copy

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from didgah.common.db import fetch_pair, fetch_pairs
from didgah.common.groupcommit import GroupCommit

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
            connection = connections[router.db_for_read(self.model)]
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                session, reader = _GROUPED.submit((self.model, key), key=self.model)
            else:
                session, reader = _read(self.model, [key])[0]
        if session is None:
            self._session_key = None
        self.reader = reader
        return session


def _read(model, keys: list[str]) -> list[tuple]:
    """(session, reader) or (None, None) for each key, in one query: live sessions only.
    Each key gets objects of its own, even when two requests send the same cookie.
    Several keys: PostgreSQL only (= ANY), as the grouped read that sends them."""
    user_model = get_user_model()
    connection = connections[router.db_for_read(model)]
    pk = connection.ops.quote_name(user_model._meta.pk.column)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    if len(keys) == 1:
        return [fetch_pair(model, user_model, f"o.{pk} = m.user_id", "m.session_key = %s AND m.expire_date > %s",
                           [keys[0], now])]
    found = {session.session_key: (session, reader) for session, reader in fetch_pairs(
        model, user_model, f"o.{pk} = m.user_id", "m.session_key = ANY(%s) AND m.expire_date > %s",
        [list(set(keys)), now])}
    pairs, given = [], set()
    for key in keys:
        pair = found.get(key, (None, None))
        if key in given and pair[0] is not None:
            pair = (copy.copy(pair[0]), copy.copy(pair[1]))
        given.add(key)
        pairs.append(pair)
    return pairs


def _read_grouped(items: list[tuple]) -> list[tuple]:
    return _read(items[0][0], [key for _, key in items])


# PostgreSQL, outside a transaction: the session reads of a worker's threads that come
# while one is in flight are read together, in one query (common/groupcommit.py): with
# many readers at once (votes on a popular story), one round trip for several requests.
_GROUPED = GroupCommit(_read_grouped)


# The class name is part of the salt that signs the session data (SessionBase.key_salt):
# both stores are called SessionStore, as Django's are, so either reads the other's rows.
class SessionStore(PlainRead, db.SessionStore):
    pass
