"""Every feed parses with feedparser (no bozo), keeps Persian text intact, credits the
source and links the original, with RFC 822 / RFC 3339 dates."""

import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from didgah.news.tests.factories import make_article, make_category, make_source

pytestmark = pytest.mark.django_db

TITLE = "نشست شورای شهر دربارهٔ بودجهٔ «حمل‌ونقل» & <آینده>"


@pytest.fixture
def content():
    category = make_category(name="اقتصاد", slug="eghtesad")
    source = make_source(name="خبرگزاری نمونه", slug="nemune", feed_url="https://nemune.example/rss")
    reported = make_article(
        title=TITLE, lead="لیدی با نیم‌فاصله و «گیومه»", source=source,
        original_url="https://nemune.example/news/1", byline="مریم احمدی",
        categories=[category], image_url="/static/demo/demo-01.svg",
    )
    own = make_article(title="یادداشت سردبیر", lead="متن ما")
    make_article(title="پیش‌نویس پنهان", status="draft")
    make_article(title="خبر آینده", published_at=timezone.now() + timedelta(days=1))
    return {"category": category, "source": source, "reported": reported, "own": own}


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content, response_headers={"content-type": response["Content-Type"]})
    assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
    return response, parsed


FEED_URLS = [
    "/feeds/rss/", "/feeds/atom/",
    "/feeds/category/eghtesad/rss/", "/feeds/category/eghtesad/atom/",
    "/feeds/source/nemune/rss/", "/feeds/source/nemune/atom/",
]


@pytest.mark.parametrize("url", FEED_URLS)
def test_every_feed_parses_without_bozo_and_keeps_persian(client, content, url):
    response, parsed = _parse(client, url)
    titles = [e.title for e in parsed.entries]
    assert TITLE in titles
    assert "پیش‌نویس پنهان" not in titles and "خبر آینده" not in titles
    entry = next(e for e in parsed.entries if e.title == TITLE)
    assert entry.link.endswith(content["reported"].get_absolute_url())
    assert "خبرگزاری نمونه" in entry.summary and "https://nemune.example/news/1" in entry.summary
    assert "\u200c" in entry.summary  # the ZWNJ of «نیم‌فاصله» arrives intact
    assert entry.author == "مریم احمدی"
    assert [t.term for t in entry.tags] == ["اقتصاد"]
    assert entry.published_parsed is not None


def test_rss_dates_are_rfc822_and_item_names_its_source(client, content):
    response, parsed = _parse(client, "/feeds/rss/")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/rss+xml")
    rfc822 = r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}"
    pub_dates = re.findall(r"<pubDate>(.*?)</pubDate>", body)
    assert pub_dates and all(re.fullmatch(rfc822, d) for d in pub_dates)
    assert '<source url="https://nemune.example/rss">خبرگزاری نمونه</source>' in body
    assert parsed.feed.language == "fa"


def test_atom_dates_are_rfc3339_and_entry_links_the_original(client, content):
    response, parsed = _parse(client, "/feeds/atom/")
    body = response.content.decode()
    rfc3339 = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)"
    updated = re.findall(r"<updated>(.*?)</updated>", body)
    assert updated and all(re.fullmatch(rfc3339, d) for d in updated)
    entry = next(e for e in parsed.entries if e.title == TITLE)
    via = [link.href for link in entry.links if link.rel == "via"]
    assert via == ["https://nemune.example/news/1"]


def test_category_and_source_feeds_are_narrowed(client, content):
    _, parsed = _parse(client, "/feeds/source/nemune/rss/")
    assert [e.title for e in parsed.entries] == [TITLE]
    _, parsed = _parse(client, "/feeds/category/eghtesad/atom/")
    assert [e.title for e in parsed.entries] == [TITLE]


def test_unknown_category_or_source_feed_is_404(client, content):
    assert client.get("/feeds/category/nope/rss/").status_code == 404
    assert client.get("/feeds/source/nope/atom/").status_code == 404


def test_empty_site_feed_still_parses(client):
    _parse(client, "/feeds/rss/")
    _parse(client, "/feeds/atom/")


def test_feed_queries_do_not_grow_with_items(client, content, django_assert_max_num_queries):
    for _ in range(10):
        make_article(categories=[content["category"]], source=content["source"])
    with django_assert_max_num_queries(4):
        client.get("/feeds/rss/")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_article_comments_feed(client, settings, kind):
    from django.contrib.auth import get_user_model

    from didgah.community import services as community

    settings.COMMUNITY_REQUIRE_VERIFIED_EMAIL = False
    settings.COMMENT_MODERATION = "post"
    reader = get_user_model().objects.create_user("reader1", "r@example.com", "pass-Word-123")
    article = make_article(title="خبر با دیدگاه")
    community.comment_create(article=article, author=reader, body="دیدگاهی با <b>نشانه</b> و نیم‌فاصله\nخط دوم")
    _, parsed = _parse(client, f"/feeds/article/{article.pk}/comments/{kind}/")
    assert len(parsed.entries) == 1
    entry = parsed.entries[0]
    assert "نیم‌فاصله" in entry.summary and "<b>" not in entry.summary
    assert entry.link.endswith(article.get_absolute_url() + f"#c-{reader.comments.get().pk}")
    assert client.get("/feeds/article/999999/comments/rss/").status_code == 404


def test_an_imported_comment_keeps_its_name_in_the_comments_feed(client):
    from didgah.community.services.imports import comment_import

    article = make_article(title="خبر با دیدگاه کوچ‌کرده")
    comment_import(article=article, body="دیدگاهی از تارنمای پیشین", created_at=timezone.now() - timedelta(days=400),
                   guest_name="پرویز قدیمی", guest_email="old@example.org")
    _, parsed = _parse(client, f"/feeds/article/{article.pk}/comments/rss/")
    assert "پرویز قدیمی" in parsed.entries[0].title and "old@example.org" not in str(parsed)
