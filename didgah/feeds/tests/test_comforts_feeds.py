"""A feed opened in a browser is a readable page (an XSLT stylesheet it names), and still
a valid feed for readers; the web app manifest (issue 19, reading comforts)."""

import json

import feedparser
import pytest
from django.contrib.staticfiles import finders
from lxml import etree
from PIL import Image

from didgah.community.tests.factories import make_comment
from didgah.news.tests.factories import make_article, make_category, make_source

pytestmark = pytest.mark.django_db

PI = '<?xml-stylesheet href="/static/feeds/feed.xsl.xml" media="screen" type="text/xsl"?>'


@pytest.fixture
def content():
    category = make_category(name="اقتصاد", slug="eghtesad")
    source = make_source(name="خبرگزاری نمونه", slug="nemune", feed_url="https://nemune.example/rss")
    article = make_article(title="بازار «ارز» & <طلا>", source=source, categories=[category],
                           original_url="https://nemune.example/news/1", byline="مریم احمدی")
    make_comment(article=article, body="دیدگاه نخست")
    return article


def _feed_urls(article):
    return [
        "/feeds/rss/", "/feeds/atom/",
        "/feeds/category/eghtesad/rss/", "/feeds/category/eghtesad/atom/",
        "/feeds/source/nemune/rss/", "/feeds/source/nemune/atom/",
        f"/feeds/article/{article.pk}/comments/rss/", f"/feeds/article/{article.pk}/comments/atom/",
    ]


def test_every_feed_names_the_stylesheet_and_still_parses(client, content):
    for url in _feed_urls(content):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        # Right after the XML declaration, before the root element.
        assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n' + PI + "<"), (url, text[:200])
        assert text.count("<?xml-stylesheet") == 1
        parsed = feedparser.parse(response.content, response_headers={"content-type": response["Content-Type"]})
        assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
        assert parsed.entries, url
        assert parsed.version in ("rss20", "atom10"), url


def test_the_stylesheet_is_a_static_xslt_that_renders_the_feeds_in_persian(client, content):
    path = finders.find("feeds/feed.xsl.xml")
    assert path, "the stylesheet is not among the static files"
    transform = etree.XSLT(etree.parse(path))
    for url in ("/feeds/rss/", "/feeds/atom/", f"/feeds/article/{content.pk}/comments/atom/"):
        page = transform(etree.fromstring(client.get(url).content))
        html = str(page)
        root = page.getroot()
        assert root.get("lang") == "fa" and root.get("dir") == "rtl", url
        assert "این صفحه یک خوراک است" in html
        # The site's own styles and scripts, no inline ones (the feed's CSP allows only 'self').
        assert root.xpath("//link[@rel='stylesheet']/@href") == ["/static/css/site.css", "/static/css/comforts.css"]
        assert root.xpath("//script/@src") == ["/static/js/theme.js", "/static/js/feed.js"]
        assert not root.xpath("//style | //*[@style] | //script[not(@src)]")
        for src in root.xpath("//link[@rel='stylesheet']/@href | //script/@src"):
            assert finders.find(src.removeprefix("/static/")), src
        items = root.xpath("//article[contains(@class, 'feed-item')]")
        assert len(items) == 1, url
        assert root.xpath("//*[@class='feed-address']/code/text()") == ["http://testserver" + url]
    rss = transform(etree.fromstring(client.get("/feeds/rss/").content)).getroot()
    link = rss.xpath("//article//h2/a")[0]
    assert link.text == "بازار «ارز» & <طلا>"
    assert link.get("href") == "http://testserver" + content.get_absolute_url()
    assert rss.xpath("//article//span[@class='source']/text()") == ["خبرگزاری نمونه"]
    assert rss.xpath("//article//span[@class='feed-category']/text()") == ["اقتصاد"]
    assert rss.xpath("//article//time/@data-date")[0].endswith("+0000")
    atom = transform(etree.fromstring(client.get("/feeds/atom/").content)).getroot()
    assert atom.xpath("//article//span[@class='feed-category']/text()") == ["اقتصاد"]
    assert atom.xpath("//article//h2/a/@href") == ["http://testserver" + content.get_absolute_url()]


def test_the_stylesheet_is_served_as_xml(client, live_server):
    import urllib.request

    with urllib.request.urlopen(live_server.url + "/static/feeds/feed.xsl.xml") as response:
        assert response.headers["Content-Type"].split(";")[0] in ("text/xml", "application/xml", "text/xsl")


def test_manifest_installs_the_site_in_persian_rtl(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json; charset=utf-8"
    assert "max-age" in response["Cache-Control"]
    assert not response.cookies and "Cookie" not in response.get("Vary", "")
    data = json.loads(response.content)
    assert data["short_name"] == "دیدگاه" and data["name"].startswith("دیدگاه")
    assert data["lang"] == "fa" and data["dir"] == "rtl"
    assert data["start_url"] == "/" and data["display"] == "standalone"
    assert data["theme_color"] == "#0b5cad" and data["background_color"].startswith("#")
    sizes = {}
    for icon in data["icons"]:
        assert icon["type"] == "image/png"
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
        sizes.setdefault(icon["purpose"], []).append(icon["sizes"])
    assert sizes == {"any": ["192x192", "512x512"], "maskable": ["512x512"]}
    assert client.post("/manifest.webmanifest").status_code == 405


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
READER_ACCEPT = "application/rss+xml, application/rdf+xml;q=0.8, application/atom+xml;q=0.6, application/xml;q=0.4"


@pytest.mark.parametrize("url,own_type", [("/feeds/rss/", "application/rss+xml"), ("/feeds/atom/", "application/atom+xml")])
def test_a_browser_gets_the_same_feed_typed_as_xml(client, content, url, own_type):
    # Chromium shows application/rss+xml and atom+xml as plain text, never styled.
    plain = client.get(url)
    reader = client.get(url, HTTP_ACCEPT=READER_ACCEPT)
    browser = client.get(url, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert plain["Content-Type"].startswith(own_type) and reader["Content-Type"].startswith(own_type)
    assert browser["Content-Type"] == "application/xml; charset=utf-8"
    assert browser.content == plain.content
    for response in (plain, reader, browser):
        assert "Accept" in response["Vary"]
    parsed = feedparser.parse(browser.content, response_headers={"content-type": browser["Content-Type"]})
    assert parsed.bozo == 0 and parsed.entries
