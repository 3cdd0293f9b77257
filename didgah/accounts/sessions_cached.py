"""SESSION_ENGINE with REDIS_URL: Django's cached_db store, reading the database with
one plain query on a cache miss (didgah/accounts/sessions.py)."""

from django.contrib.sessions.backends import cached_db

from .sessions import PlainRead


class SessionStore(PlainRead, cached_db.SessionStore):
    pass
