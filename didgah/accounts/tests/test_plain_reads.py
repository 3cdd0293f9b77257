"""The session store and the auth backend read their rows with plain SQL: they must
give exactly what Django's own ORM versions give, and refuse what those refuse."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from didgah.accounts.backends import ReaderBackend
from didgah.accounts.services import profile_ensure
from didgah.accounts.sessions import SessionStore
from didgah.accounts.sessions_cached import SessionStore as CachedSessionStore

pytestmark = pytest.mark.django_db


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
    assert store_class("x'; DROP TABLE django_session; --").load() == {}
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
