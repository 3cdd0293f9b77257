"""The visitors' page cache: fast, shared only where it is safe, fresh within seconds."""

import pytest
from django.core.cache import cache

from didgah.news import services

from .factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 5
    cache.clear()
    yield
    cache.clear()


def test_visitor_pages_come_from_the_cache_until_it_expires(client, page_cache):
    article = make_article(title="تیتر نخست")
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "MISS" and second["X-Page-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    services.article_update(article=article, title="تیتر نخست")  # same slug, new save
    cache.clear()  # what the 5-second expiry does
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "MISS"


def test_readers_with_a_session_never_share_a_page(client, admin_user, page_cache):
    article = make_article()
    client.get(article.get_absolute_url())
    client.force_login(admin_user)
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert admin_user.username in response.content.decode()


def test_pages_that_set_cookies_or_fail_are_not_stored(client, page_cache):
    assert "X-Page-Cache" not in client.get("/no-such-page/")
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_compressed_with_etag(client, page_cache):
    article = make_article(body="<p>" + "متن بلند خبر. " * 200 + "</p>")
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    etag = response["ETag"]
    again = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_views_served_from_the_cache_are_counted(client, page_cache):
    from didgah.community.viewcount import clear_local_buffers, views_flush
    from didgah.news.models import Article

    clear_local_buffers()
    article = make_article()
    agents = [f"Mozilla/5.0 (X11; Linux x86_64) Reader/{n}" for n in range(5)]
    for agent in agents:
        response = client.get(article.get_absolute_url(), HTTP_USER_AGENT=agent)
    assert response["X-Page-Cache"] == "HIT"
    views_flush()
    assert Article.objects.get(pk=article.pk).view_count == len(agents)
