"""The session store and the auth backend read their rows with plain SQL (the session
and its reader in one query): they must give exactly what Django's own ORM versions
give, and refuse what those refuse."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from didgah.accounts.backends import ReaderBackend
from didgah.accounts.middleware import ReaderAuthenticationMiddleware
from didgah.accounts.models import ReaderSession as Session
from didgah.accounts.services import profile_ensure
from didgah.accounts.sessions import SessionStore
from didgah.accounts.sessions_cached import SessionStore as CachedSessionStore

pytestmark = pytest.mark.django_db


# Django's own database store (ORM reads) on the same table. Its class name is part of
# the salt that signs session data, so it is called SessionStore, as ours is.
DjangoStore = type("SessionStore", (db.SessionStore,), {"get_model_class": classmethod(lambda cls: Session)})


@pytest.fixture
def reader():
    user = get_user_model().objects.create_user("plainreader", "p@example.com", "a-long-password-1404")
    user.last_login = timezone.now() - timedelta(days=1)
    user.save()
    profile_ensure(user=user)
    return user


@pytest.mark.parametrize("store_class", [SessionStore, CachedSessionStore])
def test_session_reads_what_django_wrote(store_class):
    django_store = DjangoStore()
    django_store["greeting"] = "سلام"
    django_store.create()
    store = store_class(django_store.session_key)
    assert store["greeting"] == "سلام"
    assert abs(store.get_expiry_age() - django_store.get_expiry_age()) <= 2


@pytest.mark.parametrize("store_class", [SessionStore, CachedSessionStore])
@pytest.mark.filterwarnings("ignore::django.core.cache.CacheKeyWarning")  # the hostile key, on purpose
def test_expired_missing_and_malformed_sessions_are_empty(store_class):
    django_store = DjangoStore()
    django_store["x"] = 1
    django_store.create()
    Session.objects.filter(session_key=django_store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1))
    expired = store_class(django_store.session_key)
    assert expired.load() == {} and expired.session_key is None
    assert store_class("no-such-session-key-000000000000").load() == {}
    assert store_class("x'; DROP TABLE accounts_readersession; --").load() == {}
    assert Session.objects.filter(session_key=django_store.session_key).exists()


def test_backend_user_equals_the_orm_user(reader):
    plain = ReaderBackend().get_user(reader.pk)
    orm = get_user_model().objects.get(pk=reader.pk)
    for field in get_user_model()._meta.concrete_fields:
        assert getattr(plain, field.attname) == getattr(orm, field.attname), field.name
    assert timezone.is_aware(plain.last_login) and timezone.is_aware(plain.date_joined)
    assert plain.get_session_auth_hash() == orm.get_session_auth_hash()


def test_backend_refuses_inactive_missing_and_malformed(reader):
    assert ReaderBackend().get_user(reader.pk + 1000) is None
    assert ReaderBackend().get_user("not-a-number") is None
    reader.is_active = False
    reader.save()
    assert ReaderBackend().get_user(reader.pk) is None


def test_password_change_ends_other_sessions(reader):
    client = Client()
    client.force_login(reader, backend="didgah.accounts.backends.ReaderBackend")
    assert client.get("/accounts/profile/").status_code == 200
    assert client.session[SESSION_KEY] == str(reader.pk)
    reader.set_password("another-long-password-1405")
    reader.save()
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _signed_in_request(user):
    client = Client()
    client.force_login(user, backend="didgah.accounts.backends.ReaderBackend")
    request = HttpRequest()
    request.session = SessionStore(client.cookies["sessionid"].value)
    ReaderAuthenticationMiddleware(lambda r: None).process_request(request)
    return client, request


def test_session_row_names_its_reader_and_one_query_reads_both(reader):
    client, request = _signed_in_request(reader)
    assert Session.objects.get(session_key=client.cookies["sessionid"].value).user_id == reader.pk
    with CaptureQueriesContext(connection) as queries:
        user = request.user
        assert user.is_authenticated and user.pk == reader.pk
    assert len(queries) == 1, [q["sql"] for q in queries]
    orm = get_user_model().objects.get(pk=reader.pk)
    for field in get_user_model()._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(orm, field.attname), field.name
    visitor = SessionStore()
    visitor["x"] = 1
    visitor.create()
    assert Session.objects.get(session_key=visitor.session_key).user_id is None


def test_the_column_never_overrides_the_session_data(reader):
    """A session row whose column names another user still signs in the reader its
    (signed) data names, and only if that reader's password hash still matches."""
    other = get_user_model().objects.create_user("otherreader", "o@example.com", "a-long-password-1405")
    client, request = _signed_in_request(reader)
    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(user_id=other.pk)
    assert request.user.pk == reader.pk
    client, request = _signed_in_request(reader)
    reader.set_password("changed-long-password-1406")
    reader.save()
    assert not request.user.is_authenticated


def test_a_readers_sessions_go_with_the_reader(reader):
    client, _request = _signed_in_request(reader)
    assert Session.objects.filter(user_id=reader.pk).count() == 1
    reader.delete()
    assert not Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()


def test_sessions_from_djangos_table_survive_the_move(reader):
    """Migration accounts 0003 copies django_session: a reader signed in before the
    upgrade is still signed in after it (their user read by the backend's own query)."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.contrib.sessions.backends.db import SessionStore as OldStore

    old = OldStore()
    old[SESSION_KEY] = str(reader.pk)
    old["_auth_user_backend"] = "didgah.accounts.backends.ReaderBackend"
    old["_auth_user_hash"] = reader.get_session_auth_hash()
    old.create()
    migration = importlib.import_module("didgah.accounts.migrations.0003_copy_django_sessions")
    migration.copy(apps, SimpleNamespace(connection=connection))  # it uses only the editor's connection
    copied = Session.objects.get(session_key=old.session_key)
    assert copied.user_id is None and copied.session_data == old.model.objects.get(
        session_key=old.session_key).session_data
    request = HttpRequest()
    request.session = SessionStore(old.session_key)
    ReaderAuthenticationMiddleware(lambda r: None).process_request(request)
    assert request.user.is_authenticated and request.user.pk == reader.pk


def _store_for(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store.create()
    return store.session_key


@pytest.mark.postgres_only
def test_many_sessions_in_one_read_each_request_its_own_objects(reader):
    """sessions._read, the grouped read (PostgreSQL's): one query for several cookies, answers in the
    cookies' order, expired and unknown ones empty, and a cookie sent twice (one reader's
    two requests) read into separate objects, so one request's changes never reach the
    other."""
    from didgah.accounts import sessions

    if connection.vendor != "postgresql":
        pytest.skip("the grouped read is PostgreSQL's")
    other = get_user_model().objects.create_user("plainother", "o@example.com", "a-long-password-1404")
    mine, theirs = _store_for(reader), _store_for(other)
    expired = _store_for(other)
    Session.objects.filter(session_key=expired).update(expire_date=timezone.now() - timedelta(seconds=1))
    with CaptureQueriesContext(connection) as queries:
        got = sessions._read(Session, [mine, "x" * 32, theirs, expired, mine])
    assert len(queries) == 1
    assert [s.session_key if s else None for s, _ in got] == [mine, None, theirs, None, mine]
    assert [r.pk if r else None for _, r in got] == [reader.pk, None, other.pk, None, reader.pk]
    assert got[0][0] is not got[4][0] and got[0][1] is not got[4][1]
    got[0][1].first_name = "changed"
    assert got[4][1].first_name != "changed"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_readers_signing_in_at_once_are_read_in_shared_queries_each_as_themselves():
    """Outside a transaction on PostgreSQL the session reads of a worker's threads are
    grouped (common/groupcommit.py); every thread still gets its own session and reader."""
    from didgah.accounts import sessions
    from didgah.common.testing import run_threads

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    users = [get_user_model().objects.create_user(f"grouped{i}", f"g{i}@example.com", "a-long-password-1404")
             for i in range(40)]
    keys = [_store_for(u) for u in users]
    before = (sessions._GROUPED.batches, sessions._GROUPED.items)
    seen = {}

    def work(i):
        for _ in range(5):
            store = SessionStore(keys[i])
            assert store.get(SESSION_KEY) == str(users[i].pk)
            assert store.reader is not None and store.reader.pk == users[i].pk
        seen[i] = store.reader.pk

    errors = run_threads(40, work)
    assert errors == []
    assert seen == {i: users[i].pk for i in range(40)}
    batches, items = sessions._GROUPED.batches - before[0], sessions._GROUPED.items - before[1]
    assert items == 200 and batches < items  # some were read together
