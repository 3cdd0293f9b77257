"""The API takes only what its schema allows, counts a token's reads as the token's, and
refuses oversized bodies with its own JSON error (issue 16, items 7, 11 and 12)."""

import json

import pytest
from django.contrib.auth import get_user_model

from didgah.api import services
from didgah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db

PERSIAN = range(0x0600, 0x0700)


def _persian(text: str) -> bool:
    return any(ord(ch) in PERSIAN for ch in text)


@pytest.fixture
def reader():
    return get_user_model().objects.create_user("reader1", "r1@example.com", "pass-Word-123")


@pytest.fixture
def token(reader):
    return services.token_create(user=reader, name="آزمون")[1]


def _bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _assert_422(response, field: str):
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid_input" and _persian(body["message"])
    detail = [d for d in body["detail"] if d["loc"][-1] == field]
    assert detail and all(_persian(d["msg"]) for d in detail), body["detail"]


@pytest.mark.parametrize("value", ["0", "1700000000", "2025-03-02T10:00", "20250302", "2025-3-2", "2025-02-30"])
@pytest.mark.parametrize("param", ["since", "until"])
def test_days_are_only_yyyy_mm_dd(client, param, value):
    _assert_422(client.get(f"/api/v1/articles?{param}={value}"), param)


def test_a_real_day_is_still_read(client):
    assert client.get("/api/v1/articles?since=2025-03-02&until=2025-03-02").status_code == 200
    assert client.get("/api/v1/search?q=x&until=2025-03-02").status_code == 200


@pytest.mark.parametrize("value", [True, False, 1.0, "1", None, [1]])
def test_a_vote_is_only_1_minus_1_or_0(client, reader, token, value):
    article = make_article()
    response = client.post(f"/api/v1/articles/{article.pk}/vote", {"value": value},
                           content_type="application/json", **_bearer(token))
    _assert_422(response, "value")


@pytest.mark.parametrize("payload,field", [
    ({"body": 5}, "body"),
    ({"body": "متن", "parent_id": "3"}, "parent_id"),
    ({"body": "متن", "parent_id": True}, "parent_id"),
    ({"body": "متن", "parent_id": 1.0}, "parent_id"),
    ({"body": "متن", "extra": 1}, "extra"),
    ({"body": ""}, "body"),
    ({}, "body"),
])
def test_a_comment_body_is_read_strictly(client, reader, token, payload, field):
    article = make_article()
    response = client.post(f"/api/v1/articles/{article.pk}/comments", payload,
                           content_type="application/json", **_bearer(token))
    _assert_422(response, field)


def test_the_published_schema_still_names_the_allowed_values(client):
    schema = client.get("/api/v1/openapi.json").json()
    vote = schema["components"]["schemas"]["VoteIn"]["properties"]["value"]
    assert sorted(vote["enum"]) == [-1, 0, 1]
    since = next(p for p in schema["paths"]["/api/v1/articles"]["get"]["parameters"] if p["name"] == "since")
    assert "date" in json.dumps(since["schema"])


def test_reads_with_a_valid_token_get_the_tokens_limit(client, settings, token):
    settings.API_READS_PER_MINUTE_ANON = 2
    settings.API_READS_PER_MINUTE_READER = 4
    statuses = [client.get("/api/v1/categories", **_bearer(token)).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # The token's window is its own: the address still has its two.
    assert [client.get("/api/v1/categories").status_code for _ in range(3)] == [200, 200, 429]


def test_reads_with_a_wrong_token_count_against_the_address(client, settings):
    settings.API_READS_PER_MINUTE_ANON = 2
    settings.API_READS_PER_MINUTE_READER = 4
    statuses = [client.get("/api/v1/categories", **_bearer("dgh_wrong")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_10_mb_json_body_is_413_in_json(client, reader, token):
    article = make_article()
    body = json.dumps({"body": "ا" * (10 * 1024 * 1024 // 2)})
    response = client.post(f"/api/v1/articles/{article.pk}/comments", body,
                           content_type="application/json", **_bearer(token))
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and _persian(response.json()["message"])


def test_a_body_past_djangos_own_limit_is_413_in_json(client, settings, reader, token):
    # Past DATA_UPLOAD_MAX_MEMORY_SIZE but under the middleware's declared-length limit
    # (as a body without a Content-Length is): Django raises as the API reads it.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    article = make_article()
    response = client.post(f"/api/v1/articles/{article.pk}/comments", {"body": "ا" * 2000},
                           content_type="application/json", **_bearer(token))
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and _persian(response.json()["message"])
