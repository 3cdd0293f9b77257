from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from didgah.news.models import Article
from didgah.news.tests.factories import make_article, make_category, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    eco = make_category(name="اقتصاد", slug="eghtesad")
    src = make_source(name="خبرگزاری نمونه", slug="nemune")
    a = make_article(title="خبر اقتصادی با نیم‌فاصله", source=src, categories=[eco],
                     original_url="https://nemune.example/1", image_url="/static/demo/demo-01.svg")
    b = make_article(title="خبر دیگر")
    make_article(title="پیش‌نویس", status="draft")
    return {"eco": eco, "src": src, "a": a, "b": b}


def test_article_list_paginates_and_filters(client, content):
    r = client.get("/api/v1/articles?page_size=1")
    assert r.status_code == 200
    body = r.json()
    assert (body["count"], body["pages"], body["page_size"]) == (2, 2, 1)
    assert len(body["items"]) == 1
    titles = [i["title"] for i in client.get("/api/v1/articles").json()["items"]]
    assert "پیش‌نویس" not in titles and "خبر اقتصادی با نیم‌فاصله" in titles
    item = client.get("/api/v1/articles?category=eghtesad").json()["items"]
    assert [i["id"] for i in item] == [content["a"].id]
    assert item[0]["source"] == {"id": content["src"].id, "name": "خبرگزاری نمونه", "slug": "nemune"}
    assert item[0]["original_url"] == "https://nemune.example/1"
    assert item[0]["image_url"] == "http://testserver/static/demo/demo-01.svg"
    assert [i["id"] for i in client.get("/api/v1/articles?source=nemune").json()["items"]] == [content["a"].id]
    assert client.get("/api/v1/articles?source=unknown").json()["count"] == 0
    assert client.get("/api/v1/articles?page=99").json()["items"] == []


def test_article_list_date_range_uses_tehran_days(client):
    tehran = timezone.get_default_timezone()
    # 00:30 on 2 March in Tehran is still 1 March in UTC.
    make_article(title="بامداد", published_at=datetime(2025, 3, 2, 0, 30, tzinfo=tehran))
    make_article(title="دیروز", published_at=datetime(2025, 3, 1, 12, 0, tzinfo=tehran))
    titles = lambda q: [i["title"] for i in client.get(f"/api/v1/articles?{q}").json()["items"]]  # noqa: E731
    assert titles("since=2025-03-02&until=2025-03-02") == ["بامداد"]
    assert titles("until=2025-03-01") == ["دیروز"]
    assert titles("since=0001-01-01&until=9999-12-31") == ["بامداد", "دیروز"]


def test_article_detail_and_404(client, content):
    r = client.get(f"/api/v1/articles/{content['a'].id}")
    assert r.status_code == 200
    data = r.json()
    assert data["title"] == "خبر اقتصادی با نیم‌فاصله" and "\u200c" in data["title"]
    assert data["body"].startswith("<p>") and data["categories"][0]["slug"] == "eghtesad"
    draft = Article.objects.get(title="پیش‌نویس")
    r = client.get(f"/api/v1/articles/{draft.id}")
    assert r.status_code == 404
    assert r.json() == {"code": "not_found", "message": "چیزی با این نشانی یافت نشد."}


def test_sources_and_categories_paginated(client, content):
    body = client.get("/api/v1/sources").json()
    assert body["count"] == 1 and body["items"][0]["url"] == "http://testserver/source/nemune/"
    body = client.get("/api/v1/categories?page_size=100").json()
    assert [c["slug"] for c in body["items"]] == ["eghtesad"]


def test_rankings(client):
    now = timezone.now()
    old = make_article(title="کهنه", published_at=now - timedelta(days=30))
    top = make_article(title="پرامتیاز")
    talk = make_article(title="پربحث")
    Article.objects.filter(pk=old.pk).update(score=100, hot=0.1)
    Article.objects.filter(pk=top.pk).update(score=10, comment_count=1, hot=5)
    Article.objects.filter(pk=talk.pk).update(score=1, comment_count=40, hot=9)
    titles = lambda kind, q="": [i["title"] for i in client.get(f"/api/v1/rankings/{kind}?{q}").json()["items"]]  # noqa: E731
    assert titles("most-voted") == ["پرامتیاز", "پربحث"]
    assert titles("most-voted", "days=60") == ["کهنه", "پرامتیاز", "پربحث"]
    assert titles("most-commented") == ["پربحث", "پرامتیاز"]
    assert titles("hot")[:2] == ["پربحث", "پرامتیاز"]
    assert client.get("/api/v1/rankings/nope").status_code == 422


@pytest.mark.parametrize("method,url,status,code", [
    ("get", "/api/v1/articles/0", 422, "invalid_input"),
    ("get", "/api/v1/articles?page_size=1000", 422, "invalid_input"),
    ("get", "/api/v1/articles?since=notadate", 422, "invalid_input"),
    ("get", "/api/v1/articles/123456789", 404, "not_found"),
    ("get", "/api/v1/no-such-thing", 404, "not_found"),
    ("get", "/api/v2/articles", 404, "not_found"),
    ("delete", "/api/v1/articles", 405, "method_not_allowed"),
    ("put", "/api/v1/sources", 405, "method_not_allowed"),
])
def test_errors_are_json_with_code_and_persian_message(client, method, url, status, code):
    r = getattr(client, method)(url)
    assert r.status_code == status
    assert r["Content-Type"].startswith("application/json")
    body = r.json()
    assert body["code"] == code
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["message"])


def test_server_error_is_json_500(client, monkeypatch):
    from didgah.api import selectors

    def boom(**kw):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "api_sources", boom)
    r = client.get("/api/v1/sources")
    assert r.status_code == 500
    assert r.json()["code"] == "server_error"


def test_anonymous_reads_are_rate_limited_per_address(client, settings):
    settings.API_READS_PER_MINUTE_ANON = 3
    statuses = [client.get("/api/v1/categories").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    r = client.get("/api/v1/categories")
    assert r.json()["code"] == "rate_limited" and int(r["Retry-After"]) >= 1
    # Another address has its own window.
    assert client.get("/api/v1/categories", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_list_queries_are_bounded(client, content, django_assert_max_num_queries):
    for _ in range(15):
        make_article(categories=[content["eco"]], source=content["src"])
    with django_assert_max_num_queries(3):
        client.get("/api/v1/articles?page_size=50")


def test_search_calls_the_search_rooms_selector(client, content):
    r = client.get("/api/v1/search", {"q": "اقتصادی"})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1 and body["items"][0]["id"] == content["a"].id
    assert "<mark>" in body["items"][0]["title_html"]
    assert body["items"][0]["url"].startswith("http://testserver/news/")
    assert client.get("/api/v1/search", {"q": "اقتصادی", "source": "unknown"}).json()["count"] == 0
    assert client.get("/api/v1/search").status_code == 422
    assert body["estimated"] is False and body["sort"] == "relevance"
    newest = client.get("/api/v1/search", {"q": "اقتصادی", "sort": "date"}).json()
    assert newest["sort"] == "date" and newest["items"][0]["id"] == content["a"].id
    assert client.get("/api/v1/search", {"q": "اقتصادی", "sort": "oldest"}).status_code == 422
