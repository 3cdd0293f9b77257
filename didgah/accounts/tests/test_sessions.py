"""Django's own session engine and ModelBackend: what readers relied on from the
home-made ones still holds."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from didgah.community.tests.factories import make_reader


def test_stock_engine_and_backend():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "django.contrib.auth.backends.ModelBackend" in settings.AUTHENTICATION_BACKENDS
    assert "django.contrib.auth.middleware.AuthenticationMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_a_new_password_ends_the_other_sessions():
    reader = make_reader()
    elsewhere = Client()
    elsewhere.force_login(reader)
    assert elsewhere.get("/accounts/profile/").status_code == 200
    reader.set_password("another-long-password-1405")
    reader.save()
    response = elsewhere.get("/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_readers_signed_in_before_the_upgrade_stay_signed_in():
    """Migration 0004 copies the rows of accounts' session table back into Django's and
    renames the backend each signed-in session names."""
    reader = make_reader()
    executor = MigrationExecutor(connection)
    before = [("accounts", "0003_copy_django_sessions")]
    executor.migrate(before)
    old = SessionStore()
    key = "k" * 32
    data = old.encode({SESSION_KEY: str(reader.pk), BACKEND_SESSION_KEY: "didgah.accounts.backends.ReaderBackend",
                       HASH_SESSION_KEY: reader.get_session_auth_hash()})
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_readersession (session_key, session_data, expire_date, user_id) "
            "VALUES (%s, %s, %s, %s)",
            [key, data, connection.ops.adapt_datetimefield_value(old.get_expiry_date()), reader.pk])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    assert client.get("/accounts/profile/").status_code == 200
    assert SessionStore(key)[BACKEND_SESSION_KEY] == "django.contrib.auth.backends.ModelBackend"
