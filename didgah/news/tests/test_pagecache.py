"""The visitors' page cache: fast, shared only where it is safe, fresh within seconds."""

import pytest
from django.core.cache import cache

from didgah.news import services

from .factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 5
    settings.PAGE_CACHE_READERS_SECONDS = 5
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


def test_readers_with_a_session_never_get_a_visitors_page(client, admin_user, page_cache):
    article = make_article()
    client.get(article.get_absolute_url())
    client.force_login(admin_user)
    response = client.get(article.get_absolute_url())
    assert response.get("X-Page-Cache") != "HIT"
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


def _login_client(user):
    """A signed-in reader's browser, holding the CSRF cookie a real login sets."""
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    c.get("/")  # any page with a form (the logout button) sets it
    assert "csrftoken" in c.cookies
    return c


def _csrf_from(html: str) -> str:
    import re

    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_readers_pages_are_cached_for_them_alone(page_cache):
    from didgah.community.tests.factories import make_reader

    article = make_article()
    maryam, babak = make_reader(display_name="مریم"), make_reader(display_name="بابک")
    a, b = _login_client(maryam), _login_client(babak)
    first, second = a.get(article.get_absolute_url()), a.get(article.get_absolute_url())
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("MISS", "HIT")
    assert "مریم" in second.content.decode()
    other = b.get(article.get_absolute_url())
    assert other["X-Page-Cache"] == "MISS"
    assert "بابک" in other.content.decode() and "مریم" not in other.content.decode()
    # A visitor never gets a reader's page either.
    from django.test import Client

    visitor = Client().get(article.get_absolute_url()).content.decode()
    assert "مریم" not in visitor and "بابک" not in visitor


def test_a_readers_own_vote_shows_at_once_and_the_cached_form_still_works(page_cache):
    from django.urls import reverse

    from didgah.community.tests.factories import make_reader

    article = make_article()
    reader = make_reader(display_name="مریم")
    c = _login_client(reader)
    c.get(article.get_absolute_url())
    cached = c.get(article.get_absolute_url())
    assert cached["X-Page-Cache"] == "HIT"
    # The token in the cached page is this reader's own: the POST passes CSRF.
    response = c.post(reverse("community:article_vote", args=[article.pk]),
                      {"value": "1", "csrfmiddlewaretoken": _csrf_from(cached.content.decode())})
    assert response.status_code in (200, 302)
    after = c.get(article.get_absolute_url())
    assert after["X-Page-Cache"] == "MISS"
    assert 'id="article-score" dir="ltr">+۱<' in after.content.decode()


def test_reader_pages_follow_their_own_lifetime(settings, page_cache):
    from didgah.community.tests.factories import make_reader

    settings.PAGE_CACHE_READERS_SECONDS = 0
    article = make_article()
    c = _login_client(make_reader())
    c.get(article.get_absolute_url())
    assert "X-Page-Cache" not in c.get(article.get_absolute_url())


def test_sidebar_html_is_rendered_once_per_period_and_shared(settings, django_assert_num_queries):
    from didgah.news.templatetags.news import sidebar

    settings.SIDEBAR_LATEST_SECONDS = 5
    settings.SIDEBAR_CACHE_SECONDS = 30
    first = make_article(title="نخستین خبر")
    html = sidebar()
    assert "نخستین خبر" in html and 'id="side-voted"' in html and 'id="side-latest"' in html
    make_article(title="خبر تازه‌تر")
    with django_assert_num_queries(0):
        assert sidebar() == html  # within 5 s: the same HTML for every page and reader
    cache.delete_many([k for k in ("sidebar:html:latest:fa",)])  # what the latest list's expiry does
    assert "خبر تازه‌تر" in sidebar() and first.title in sidebar()


def test_sidebar_html_is_fresh_when_its_periods_are_zero(settings):
    from didgah.news.templatetags.news import sidebar

    settings.SIDEBAR_LATEST_SECONDS = 0
    settings.SIDEBAR_CACHE_SECONDS = 0
    make_article(title="نخستین خبر")
    sidebar()
    make_article(title="خبر تازه‌تر")
    assert "خبر تازه‌تر" in sidebar()


def test_a_readers_own_vote_shows_at_once_whichever_worker_served_it(page_cache, monkeypatch):
    """With the in-process cache each worker has its own: the POST may be served by a
    worker whose cache holds nothing of this reader, and the next page by the worker
    that cached the page before the vote. That page must not come back."""
    from django.core.cache.backends.locmem import LocMemCache
    from django.urls import reverse

    from didgah.common import pagecache
    from didgah.community.tests.factories import make_reader

    article = make_article()
    c = _login_client(make_reader())
    c.get(article.get_absolute_url())
    cached = c.get(article.get_absolute_url())
    assert cached["X-Page-Cache"] == "HIT"
    other_worker = LocMemCache("another-worker", {})
    with monkeypatch.context() as m:
        m.setattr(pagecache, "_page_cache", lambda: other_worker)
        response = c.post(reverse("community:article_vote", args=[article.pk]),
                          {"value": "1", "csrfmiddlewaretoken": _csrf_from(cached.content.decode())})
    assert response.status_code == 302 and pagecache.PAGE_VERSION_COOKIE in response.cookies
    after = c.get(article.get_absolute_url())
    assert after["X-Page-Cache"] == "MISS"
    assert 'id="article-score" dir="ltr">+۱<' in after.content.decode()
    assert c.get(article.get_absolute_url())["X-Page-Cache"] == "HIT"  # cached again, under the new version
