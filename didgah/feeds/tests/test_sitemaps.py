import gc
import tracemalloc
from datetime import datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from didgah.news.models import Article
from didgah.news.tests.factories import make_article, make_category, make_source

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def bulk_articles(n: int, *, start: int = 0, published_at=None) -> None:
    """Rows inserted directly: the sitemap reads only id, slug, status and dates."""
    now = timezone.now()
    batch = [
        Article(title=f"خبر {i}", slug=f"khabar-{i}", status="published",
                published_at=published_at or now - timedelta(days=30, seconds=i))
        for i in range(start, start + n)
    ]
    Article.objects.bulk_create(batch, batch_size=2000)


def _locs(xml: bytes, tag="s:url/s:loc") -> list[str]:
    return [e.text for e in ElementTree.fromstring(xml).findall(tag, NS)]


def test_index_lists_paginated_sections(client, settings):
    settings.SITEMAP_PAGE_SIZE = 10
    make_category(slug="siasat")
    make_source(slug="irna")
    bulk_articles(25)
    make_article(title="پیش‌نویس", status="draft")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locs = _locs(response.content, "s:sitemap/s:loc")
    assert locs == [
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
        "http://testserver/sitemap-news.xml",
    ]
    pages = [_locs(client.get(f"/sitemap-articles.xml?p={p}").content) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [10, 10, 5]
    all_locs = sum(pages, [])
    assert len(set(all_locs)) == 25
    assert all(loc.startswith("http://testserver/news/") for loc in all_locs)
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    sections = _locs(client.get("/sitemap-sections.xml").content)
    assert "http://testserver/category/siasat/" in sections and "http://testserver/source/irna/" in sections
    assert client.get("/sitemap-nope.xml").status_code == 404


def test_news_sitemap_has_last_two_days_only(client):
    fresh = make_article(title="خبر تازهٔ امروز", published_at=timezone.now() - timedelta(hours=3))
    make_article(title="خبر کهنه", published_at=timezone.now() - timedelta(days=3))
    make_article(title="خبر آینده", published_at=timezone.now() + timedelta(hours=3))
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    titles = [e.text for e in root.findall("s:url/n:news/n:title", NS)]
    assert titles == ["خبر تازهٔ امروز"]
    assert root.find("s:url/n:news/n:publication/n:language", NS).text == "fa"
    assert root.find("s:url/s:loc", NS).text.endswith(fresh.get_absolute_url())


def test_a_scheduled_article_is_changed_when_it_goes_public(client):
    """Saved before its time: a crawler that read the sitemaps in between must see it
    changed once it is public, so lastmod is its publication, not its last save."""
    now = timezone.now()
    article = make_article(title="خبر زمان‌بندی‌شده", published_at=now - timedelta(minutes=5))
    Article.objects.filter(pk=article.pk).update(updated_at=now - timedelta(hours=1))
    # (the articles' own sitemap writes a day only, as Django's does)
    for url, tag in (("/sitemap-news.xml", "s:url/s:lastmod"), ("/sitemap.xml", "s:sitemap/s:lastmod")):
        cache.clear()
        stamps = [datetime.fromisoformat(e.text) for e in ElementTree.fromstring(client.get(url).content).findall(tag, NS)]
        assert stamps and all(abs(s - article.published_at) < timedelta(seconds=1) for s in stamps), (url, stamps)


def test_robots_points_at_sitemaps(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Sitemap: http://testserver/sitemap-news.xml" in body
    assert "Disallow: /admin/" in body


def _peak_bytes(client, pages: int) -> int:
    """The largest extra memory any one request needed (peak minus what was allocated
    before it) while serving the index and every articles page."""
    worst = 0
    tracemalloc.start()
    try:
        for url in ["/sitemap.xml"] + [f"/sitemap-articles.xml?p={p}" for p in range(1, pages + 1)]:
            cache.clear()
            gc.collect()
            before = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            response = client.get(url)
            assert response.status_code == 200
            del response
            worst = max(worst, tracemalloc.get_traced_memory()[1] - before)
        return worst
    finally:
        tracemalloc.stop()


@override_settings(SITEMAP_PAGE_SIZE=500)
def test_sitemap_memory_does_not_grow_with_article_count(client):
    """The bounded-memory property at a small scale (bench/sitemap_memory.py runs it
    past 100,000 articles): four times the articles, the same peak memory."""
    bulk_articles(1000)
    small = _peak_bytes(client, pages=2)
    bulk_articles(3000, start=1000)
    cache.clear()
    large = _peak_bytes(client, pages=8)
    assert large < small * 1.3, (small, large)
