import hashlib

import pytest
from django.contrib.auth import get_user_model

from didgah.api.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return get_user_model().objects.create_user("reader1", "r1@example.com", "pass-Word-123")


def test_token_page_needs_login(client):
    r = client.get("/api/tokens/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_create_shows_secret_once_and_stores_only_its_hash(client, reader):
    client.force_login(reader)
    r = client.post("/api/tokens/", {"name": "برنامهٔ همراه"})
    assert r.status_code == 200
    secret = r.context["secret"]
    assert secret.startswith("dgh_") and secret in r.content.decode()
    token = ApiToken.objects.get(user=reader)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.key_hash}
    assert secret not in client.get("/api/tokens/").content.decode()


def test_revoke(client, reader):
    client.force_login(reader)
    client.post("/api/tokens/", {"name": "الف"})
    token = ApiToken.objects.get(user=reader)
    r = client.post(f"/api/tokens/{token.pk}/revoke/")
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_someone_elses_token(client, reader):
    other = get_user_model().objects.create_user("other", "o@example.com", "pass-Word-123")
    client.force_login(other)
    client.post("/api/tokens/", {"name": "دیگری"})
    token = ApiToken.objects.get(user=other)
    client.force_login(reader)
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404


def test_empty_name_is_refused(client, reader):
    client.force_login(reader)
    r = client.post("/api/tokens/", {"name": "  "})
    assert r.status_code == 400
    assert not ApiToken.objects.exists()


def test_token_page_post_needs_csrf(reader):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(reader)
    assert c.post("/api/tokens/", {"name": "x"}).status_code == 403
