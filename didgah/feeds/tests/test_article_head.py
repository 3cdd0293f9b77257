import json
import re

import pytest

from didgah.feeds.structured import json_for_script
from didgah.news.tests.factories import make_article, make_category, make_source

pytestmark = pytest.mark.django_db


def _jsonld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_article_page_has_og_twitter_and_newsarticle(client):
    source = make_source(name="خبرگزاری نمونه", site_url="https://nemune.example")
    article = make_article(
        title="تیتر </script><script>alert(1)</script> با «گیومه»", lead="لید خبر",
        source=source, original_url="https://nemune.example/n/7", byline="علی رضایی",
        image_url="/static/demo/demo-02.svg", categories=[make_category(name="جهان")],
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert '<link rel="canonical"' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'property="og:image" content="http://testserver/static/demo/demo-02.svg"' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="article:section" content="جهان">' in html
    # The headline's '</script>' cannot close the data block.
    assert html.count("</script>") == 1 + html.count('<script src=')
    data = _jsonld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["isBasedOn"] == "https://nemune.example/n/7"
    assert data["author"] == [{"@type": "Person", "name": "علی رضایی"}]
    assert data["image"] == ["http://testserver/static/demo/demo-02.svg"]
    assert data["datePublished"].startswith(article.published_at.date().isoformat()[:4])
    assert data["publisher"]["logo"]["url"].endswith("/static/feeds/logo.png")
    assert data["mainEntityOfPage"]["@id"] == "http://testserver" + article.get_absolute_url()
    assert data["articleSection"] == ["جهان"]


def test_own_article_has_no_is_based_on_and_a_large_card_with_the_site_image(client):
    article = make_article(title="یادداشت", lead="")
    html = client.get(article.get_absolute_url()).content.decode()
    data = _jsonld(html)
    assert "isBasedOn" not in data
    assert data["author"][0]["@type"] == "Organization"
    # No image of its own: the site's share image, which is large.
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert data["image"][0].endswith(".png") and "share-default" in data["image"][0]


@pytest.mark.parametrize("raw,forbidden", [
    ("</script>", "</"), ("<!--", "<!"), ("a & b", "&"), (">", ">"), ("\u2028", "\u2028"),
])
def test_json_for_script_escapes(raw, forbidden):
    out = json_for_script({"k": raw})
    assert forbidden not in out
    assert json.loads(out) == {"k": raw}


def test_json_for_script_keeps_persian():
    assert "دیدگاه" in json_for_script({"k": "دیدگاه"})
