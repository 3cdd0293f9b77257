"""Reading comforts in the markup (issue 19): share links, numbered pagination, the
header's theme and text-size controls and the manifest link, all the same for every
reader (the choices live in the browser: static/js/theme.js, comforts.js)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from didgah.community.tests.factories import make_reader

from .factories import make_article, make_category

pytestmark = pytest.mark.django_db

TITLE = "بودجهٔ «حمل‌ونقل» & <آینده> ۱۴۰۴"


def _share_links(html: str) -> dict[str, str]:
    section = re.search(r'<section class="share".*?</section>', html, re.S).group(0)
    return {m[0]: unescape(m[1]) for m in re.findall(r'<a class="share-(\w+)" href="([^"]*)"', section)}


def test_share_links_carry_the_article_url_and_title_encoded(client):
    article = make_article(title=TITLE)
    html = client.get(article.get_absolute_url()).content.decode()
    url = "http://testserver" + article.get_absolute_url()
    links = _share_links(html)
    assert set(links) == {"telegram", "whatsapp", "x", "facebook", "email"}
    assert links["telegram"].startswith("https://t.me/share/url?")
    assert parse_qs(urlsplit(links["telegram"]).query) == {"url": [url], "text": [TITLE]}
    assert parse_qs(urlsplit(links["x"]).query) == {"url": [url], "text": [TITLE]}
    assert urlsplit(links["x"]).netloc == "x.com"
    assert parse_qs(urlsplit(links["facebook"]).query) == {"u": [url]}
    assert parse_qs(urlsplit(links["whatsapp"]).query) == {"text": [f"{TITLE}\n{url}"]}
    assert links["email"].startswith("mailto:?")
    assert parse_qs(urlsplit(links["email"]).query) == {"subject": [TITLE], "body": [url]}
    # Nothing of the title reaches the markup unescaped, in the links or the data attributes.
    section = re.search(r'<section class="share".*?</section>', html, re.S).group(0)
    assert "<آینده>" not in section and "& " not in section
    assert 'data-title="بودجهٔ «حمل‌ونقل» &amp; &lt;آینده&gt; ۱۴۰۴"' in section
    # Copy and the system share sheet need JavaScript: hidden until comforts.js shows them.
    assert re.search(r'<li hidden><button type="button" class="share-copy">', section)
    assert re.search(r'<li hidden><button type="button" class="share-native">', section)
    assert 'data-copied="پیوند خبر رونوشت شد."' in section
    # No third-party script on the page.
    assert not [s for s in re.findall(r'<script[^>]*src="([^"]+)"', html) if not s.startswith("/static/")]
    # Printed, the article names its short address.
    assert f'<span dir="ltr">http://testserver/news/{article.pk}/</span>' in html


def test_share_links_and_header_are_the_same_for_a_reader_and_a_visitor():
    article = make_article(title="تیتر مشترک")
    reader = Client()
    reader.force_login(make_reader())
    visitor_html = Client().get(article.get_absolute_url()).content.decode()
    reader_html = reader.get(article.get_absolute_url()).content.decode()
    assert _share_links(visitor_html) == _share_links(reader_html)
    for html in (visitor_html, reader_html):
        header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)
        assert 'id="user-nav"' in header
        assert re.search(r'<div class="comforts" id="comforts" role="group" aria-label="[^"]+" hidden>', header)
        assert '<button type="button" id="theme-toggle" aria-pressed="false">' in header
        assert 'data-font-step="-1"' in header and 'data-font-step="1"' in header


def test_head_loads_theme_before_paint_and_links_the_manifest(client):
    html = client.get("/").content.decode()
    head = html.split("</head>", 1)[0]
    theme = head.index('<script src="/static/js/theme.js"></script>')  # blocking, before the CSS
    assert theme < head.index('rel="stylesheet"')
    assert '<script src="/static/js/comforts.js" defer></script>' in head
    assert '<link rel="stylesheet" href="/static/css/comforts.css">' in head
    assert '<link rel="manifest" href="/manifest.webmanifest">' in head
    assert '<meta name="theme-color" content="#0b5cad" media="(prefers-color-scheme: light)">' in head
    assert "<script>" not in html and "<style" not in html and " style=" not in html


def _pages(html: str) -> list[str]:
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    items = re.findall(r'<li[^>]*>(?:<a[^>]*?( aria-current="page")?>)?([^<]*)<', nav)
    return [f"[{text}]" if current else text for current, text in items]


def test_numbered_pagination_with_persian_digits_ellipses_and_current_page(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    category = make_category(slug="society")
    for _ in range(12):
        make_article(categories=[category])
    url = category.get_absolute_url()
    first = client.get(url).content.decode()
    assert _pages(first) == ["[۱]", "۲", "۳", "…", "۱۲", "صفحهٔ بعد"]
    assert "صفحهٔ ۱ از ۱۲" in first  # for screen readers
    middle = client.get(url + "?page=6").content.decode()
    assert _pages(middle) == ["صفحهٔ قبل", "۱", "…", "۴", "۵", "[۶]", "۷", "۸", "…", "۱۲", "صفحهٔ بعد"]
    assert '<a href="?page=12">۱۲</a>' in middle and '<a href="." >' not in middle
    assert '<li><a href=".">۱</a></li>' in middle  # page 1 is the list's own address
    assert '<li class="gap" aria-hidden="true">…</li>' in middle
    last = client.get(url + "?page=12").content.decode()
    assert _pages(last) == ["صفحهٔ قبل", "۱", "…", "۱۰", "۱۱", "[۱۲]"]
    # A single page needs no pagination.
    settings.ARTICLES_PER_PAGE = 20
    assert 'class="pagination"' not in client.get(url).content.decode()


def test_pagination_keeps_the_home_order(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    for _ in range(3):
        make_article()
    html = client.get("/?order=hot&page=2").content.decode()
    assert '<a rel="prev" href="?order=hot">' in html
    assert '<a href="?order=hot">۱</a>' in html
    assert '<a href="?page=2&amp;order=hot" aria-current="page">۲</a>' in html
    assert '<a rel="next" href="?page=3&amp;order=hot">' in html
