import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from didgah.api import services
from didgah.community.models import Comment
from didgah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _community(settings):
    settings.COMMUNITY_REQUIRE_VERIFIED_EMAIL = False
    settings.COMMENT_MODERATION = "post"


@pytest.fixture
def reader():
    return get_user_model().objects.create_user("reader1", "r1@example.com", "pass-Word-123")


@pytest.fixture
def token(reader):
    _, raw = services.token_create(user=reader, name="آزمون")
    return raw


def _bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_post_comment_with_token_needs_no_csrf(reader, token):
    article = make_article()
    c = Client(enforce_csrf_checks=True)
    r = c.post(f"/api/v1/articles/{article.pk}/comments", {"body": "دیدگاهی با نیم‌فاصله"},
               content_type="application/json", **_bearer(token))
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["body"] == "دیدگاهی با نیم‌فاصله" and data["status"] == "approved"
    assert Comment.objects.get().author == reader
    listed = c.get(f"/api/v1/articles/{article.pk}/comments").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == data["id"]


def test_reply_is_listed_after_its_parent(reader, token):
    article = make_article()
    c = Client()
    parent = c.post(f"/api/v1/articles/{article.pk}/comments", {"body": "نخست"},
                    content_type="application/json", **_bearer(token)).json()
    reply = c.post(f"/api/v1/articles/{article.pk}/comments", {"body": "پاسخ", "parent_id": parent["id"]},
                   content_type="application/json", **_bearer(token)).json()
    items = c.get(f"/api/v1/articles/{article.pk}/comments").json()["items"]
    assert [(i["id"], i["parent_id"]) for i in items] == [(parent["id"], None), (reply["id"], parent["id"])]


def test_vote_with_token(reader, token):
    article = make_article()
    c = Client()
    url = f"/api/v1/articles/{article.pk}/vote"
    from didgah.community.services import counters_fold

    r = c.post(url, {"value": 1}, content_type="application/json", **_bearer(token))
    # The counters are the article's as last folded from the votes (a second or two).
    assert r.status_code == 200 and r.json() == {"value": 1, "votes_up": 0, "votes_down": 0, "score": 0}
    counters_fold()
    # Repeating does not toggle; 0 withdraws.
    assert c.post(url, {"value": 1}, content_type="application/json", **_bearer(token)).json() == {
        "value": 1, "votes_up": 1, "votes_down": 0, "score": 1}
    assert c.post(url, {"value": 0}, content_type="application/json", **_bearer(token)).json()["value"] == 0
    counters_fold()
    assert c.post(url, {"value": 0}, content_type="application/json", **_bearer(token)).json()["score"] == 0
    assert c.post(url, {"value": 2}, content_type="application/json", **_bearer(token)).status_code == 422


def test_session_writes_need_csrf(reader):
    article = make_article()
    c = Client(enforce_csrf_checks=True)
    c.force_login(reader)
    url = f"/api/v1/articles/{article.pk}/vote"
    r = c.post(url, {"value": 1}, content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed"
    c.get("/api/tokens/")  # sets the CSRF cookie
    csrf = c.cookies["csrftoken"].value
    r = c.post(url, {"value": -1}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert r.status_code == 200 and r.json()["value"] == -1


@pytest.mark.parametrize("headers", [{}, {"HTTP_AUTHORIZATION": "Bearer dgh_wrong"}, {"HTTP_AUTHORIZATION": "Basic x"}])
def test_anonymous_or_bad_token_is_401(headers):
    article = make_article()
    r = Client().post(f"/api/v1/articles/{article.pk}/comments", {"body": "سلام"},
                      content_type="application/json", **headers)
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"


def test_revoked_token_is_refused(reader, token):
    article = make_article()
    services.token_revoke(token=reader.api_tokens.get())
    r = Client().post(f"/api/v1/articles/{article.pk}/vote", {"value": 1}, content_type="application/json",
                      **_bearer(token))
    assert r.status_code == 401


def test_banned_reader_gets_403_with_persian_reason(reader, token):
    from didgah.accounts.services import profile_ensure

    profile = profile_ensure(user=reader)
    profile.banned = True
    profile.status_reason = "هرزنامه"
    profile.save()
    article = make_article()
    r = Client().post(f"/api/v1/articles/{article.pk}/vote", {"value": 1}, content_type="application/json",
                      **_bearer(token))
    assert r.status_code == 403 and "هرزنامه" in r.json()["message"]


def test_rule_refusal_is_400_with_message(reader, token):
    article = make_article()
    r = Client().post(f"/api/v1/articles/{article.pk}/comments", {"body": "متن\x00"},
                      content_type="application/json", **_bearer(token))
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "rejected" and "NUL" in body["message"]


def test_writes_are_rate_limited_per_token(settings, reader, token):
    settings.API_WRITES_PER_MINUTE = 2
    article = make_article()
    url = f"/api/v1/articles/{article.pk}/vote"
    statuses = [Client().post(url, {"value": v}, content_type="application/json", **_bearer(token)).status_code
                for v in (1, -1, 1)]
    assert statuses == [200, 200, 429]


def test_a_readers_comment_limit_is_429_with_retry_after(reader, token, settings):
    """The community's own limit per reader answers as the API's limits do."""
    settings.COMMENT_RATE_PER_MINUTE = 2
    article = make_article()
    c = Client()
    for i in range(2):
        r = c.post(f"/api/v1/articles/{article.pk}/comments", {"body": f"دیدگاه شمارهٔ {i}"},
                   content_type="application/json", **_bearer(token))
        assert r.status_code == 201, r.content
    r = c.post(f"/api/v1/articles/{article.pk}/comments", {"body": "دیدگاه سوم"},
               content_type="application/json", **_bearer(token))
    assert r.status_code == 429 and r.json()["code"] == "rate_limited"
    assert "دیدگاه‌های زیادی" in r.json()["message"] and 1 <= int(r["Retry-After"]) <= 60
    assert Comment.objects.filter(article=article).count() == 2


def test_a_readers_vote_limit_is_429(reader, token, settings):
    settings.VOTE_RATE_PER_MINUTE = 1
    first, second = make_article(), make_article()
    c = Client()
    assert c.post(f"/api/v1/articles/{first.pk}/vote", {"value": 1}, content_type="application/json",
                  **_bearer(token)).status_code == 200
    r = c.post(f"/api/v1/articles/{second.pk}/vote", {"value": 1}, content_type="application/json", **_bearer(token))
    assert r.status_code == 429 and int(r["Retry-After"]) >= 1


def test_a_reply_to_another_articles_comment_is_refused_on_the_field(reader, token):
    article, other = make_article(), make_article()
    c = Client()
    elsewhere = c.post(f"/api/v1/articles/{other.pk}/comments", {"body": "دیدگاهی جای دیگر"},
                       content_type="application/json", **_bearer(token)).json()
    r = c.post(f"/api/v1/articles/{article.pk}/comments", {"body": "پاسخ", "parent_id": elsewhere["id"]},
               content_type="application/json", **_bearer(token))
    assert r.status_code == 422 and r.json()["code"] == "invalid_input"
    assert r.json()["detail"][0]["loc"] == ["body", "parent_id"]
    assert "پاسخ داد" in r.json()["message"]


def test_a_wrong_choice_is_listed_in_persian_punctuation(reader, token):
    r = Client().post(f"/api/v1/articles/{make_article().pk}/vote", {"value": 5},
                      content_type="application/json", **_bearer(token))
    assert r.status_code == 422
    msg = r.json()["detail"][0]["msg"]
    assert "،" in msg and "," not in msg and "یا" in msg
    r = Client().get("/api/v1/rankings/nope")
    msg = r.json()["detail"][0]["msg"]
    assert "«" in msg and "'" not in msg, msg
