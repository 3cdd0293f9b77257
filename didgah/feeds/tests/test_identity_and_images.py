"""Identifiers that survive edits, enclosures, the share image and favicon, the sitemap
index (issue 16, items 10, 14 and 15)."""

import json
import re
from pathlib import Path

import feedparser
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import Image

from didgah.news import services as news_services
from didgah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def _entries(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return feedparser.parse(response.content).entries


def _ids(client, url):
    return {e.title: e.id for e in _entries(client, url)}


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_article_ids_do_not_change_when_the_title_is_edited(client, url):
    article = make_article(title="تیتر نخست خبر")
    before = _ids(client, url)["تیتر نخست خبر"]
    old_slug = article.slug
    news_services.article_update(article=article, title="تیتر ویرایش‌شدهٔ خبر")
    article.refresh_from_db()
    assert article.slug != old_slug
    after = _ids(client, url)["تیتر ویرایش‌شدهٔ خبر"]
    assert after == before == f"http://testserver/news/{article.pk}/"
    # The id is a real address: it leads to the article's current one.
    assert client.get(f"/news/{article.pk}/")["Location"] == article.get_absolute_url()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_comment_ids_and_comments_feed_id_do_not_change_with_the_title(client, kind):
    from django.contrib.auth import get_user_model

    from didgah.community.models import Comment

    reader = get_user_model().objects.create_user("reader1", "r@example.com", "pass-Word-123")
    article = make_article(title="خبر با دیدگاه")
    # The row as the feed reads it; how it got there (the community's services) is not
    # what this test is about.
    Comment.objects.create(article=article, author=reader, body="دیدگاهی دربارهٔ این خبر",
                           status=Comment.Status.APPROVED)
    url = f"/feeds/article/{article.pk}/comments/{kind}/"

    def snapshot():
        parsed = feedparser.parse(client.get(url).content)
        return parsed.feed.get("id") or parsed.feed.link, [e.id for e in parsed.entries]

    before = snapshot()
    news_services.article_update(article=article, title="خبر با دیدگاه، تیتر تازه")
    after = snapshot()
    assert after == before
    assert all(re.fullmatch(rf"http://testserver/news/{article.pk}/#c-\d+", i) for i in after[1])


def test_rss_item_carries_its_image_as_an_enclosure(client):
    make_article(title="خبر با تصویر", image_url="/static/demo/demo-01.svg")
    make_article(title="خبر با عکس", image_url="https://cdn.example/photos/1.jpg?w=800")
    make_article(title="خبر بی‌تصویر", image_url="")
    body = client.get("/feeds/rss/").content.decode()
    enclosures = re.findall(r"<enclosure [^>]*>", body)
    # RSS requires all three attributes.
    assert len(enclosures) == 2 and all(all(f' {a}="' in e for a in ("url", "length", "type")) for e in enclosures)
    entries = {e.title: e for e in feedparser.parse(body).entries}
    assert [x.href for x in entries["خبر با تصویر"].enclosures] == ["http://testserver/static/demo/demo-01.svg"]
    assert entries["خبر با تصویر"].enclosures[0].type == "image/svg+xml"
    assert entries["خبر با عکس"].enclosures[0].type == "image/jpeg"
    assert entries["خبر بی‌تصویر"].enclosures == []


def test_atom_entry_carries_its_image_as_an_enclosure_link(client):
    make_article(title="خبر با تصویر", image_url="/static/demo/demo-01.svg")
    entry = _entries(client, "/feeds/atom/")[0]
    enclosure = [link for link in entry.links if link.rel == "enclosure"]
    assert [(x.href, x.type) for x in enclosure] == [("http://testserver/static/demo/demo-01.svg", "image/svg+xml")]


def _head(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    metas = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    return metas, ld


def test_article_without_image_gets_the_site_share_image(client):
    article = make_article(title="خبری بی‌تصویر", image_url="")
    metas, ld = _head(client, article)
    assert re.fullmatch(r"http://testserver/static/img/share-default(\.\w+)?\.png", metas["og:image"])
    assert metas["twitter:image"] == metas["og:image"] and ld["image"] == [metas["og:image"]]
    assert (metas["og:image:width"], metas["og:image:height"]) == ("1200", "630")
    assert metas["twitter:card"] == "summary_large_image"
    assert metas["twitter:image:alt"] and metas["og:image:alt"] == metas["twitter:image:alt"]


def test_article_image_keeps_its_own_alt_text(client):
    article = make_article(title="خبر با تصویر", image_url="https://cdn.example/a.jpg", image_caption="عکس نشست")
    metas, ld = _head(client, article)
    assert metas["og:image"] == metas["twitter:image"] == "https://cdn.example/a.jpg"
    assert metas["twitter:image:alt"] == metas["og:image:alt"] == "عکس نشست"
    assert "og:image:width" not in metas


def test_share_image_and_favicons_are_what_they_claim():
    with Image.open(finders.find("img/share-default.png")) as image:
        assert image.size == (1200, 630) and image.format == "PNG"
    with Image.open(finders.find("img/favicon-32.png")) as image:
        assert image.size == (32, 32) and image.format == "PNG"
    svg = Path(finders.find("img/favicon.svg")).read_text()
    assert svg.startswith("<svg") and "د" in svg


def test_pages_link_the_favicon_and_favicon_ico_answers(client):
    html = client.get("/").content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert icons == ["/static/img/favicon.svg", "/static/img/favicon-32.png"]
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/img/favicon-32.png"
    assert client.head("/favicon.ico").status_code == 302


def test_sitemap_index_lists_the_news_sitemap(client):
    make_article()
    body = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>(.*?)</loc>", body)
    assert "http://testserver/sitemap-news.xml" in locations
    assert client.get("/sitemap-news.xml").status_code == 200
