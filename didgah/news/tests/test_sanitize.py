"""Hostile HTML in article bodies never survives storage."""

import pytest

from didgah.common.html import clean_html, strip_tags

from .factories import make_article

HOSTILE = [
    '<script>alert(1)</script><p>متن</p>',
    '<p onclick="alert(1)">متن</p>',
    '<a href="javascript:alert(1)">پیوند</a>',
    '<a href="JaVaScRiPt:alert(1)">پیوند</a>',
    '<a href="&#106;avascript:alert(1)">پیوند</a>',
    '<img src=x onerror=alert(1)>',
    '<style>body{display:none}</style><p style="color:red">متن</p>',
    '<form action="https://evil.example"><input name=x></form>',
    '<iframe src="https://evil.example/x"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<svg><script>alert(1)</script></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<p>متن<!-- <script>alert(1)</script> --></p>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
]
FORBIDDEN = ["<script", "onerror", "onclick", "javascript:", "<style", "style=", "<form", "<input",
             "<object", "<embed", "<base", "<meta", "evil.example/x", "<svg"]


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_html_is_neutralized(html):
    cleaned = clean_html(html).lower()
    for bad in FORBIDDEN:
        assert bad not in cleaned, (bad, cleaned)


def test_allowed_markup_and_relative_urls_made_absolute():
    cleaned = clean_html('<h2>زیرعنوان</h2><p><a href="/news/1">پیوند</a> <img src="pic.jpg"></p>',
                         base_url="https://outlet.example/a/b.html")
    assert "<h2>زیرعنوان</h2>" in cleaned
    assert 'href="https://outlet.example/news/1"' in cleaned
    assert 'src="https://outlet.example/a/pic.jpg"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_video_embeds_from_allowed_hosts_only():
    cleaned = clean_html('<iframe src="https://www.youtube.com/embed/abc_DEF-12"></iframe>'
                         '<iframe src="https://tracker.example/embed/1"></iframe>'
                         '<video src="https://cdn.example/v.mp4"></video>')
    assert 'src="https://www.youtube-nocookie.com/embed/abc_DEF-12"' in cleaned
    assert 'sandbox="allow-scripts allow-same-origin allow-presentation"' in cleaned
    assert "tracker.example" not in cleaned
    assert "<video" in cleaned and 'controls="controls"' in cleaned


def test_strip_tags_gives_plain_text():
    assert strip_tags("<p>الف &amp; ب</p><script>x</script>") == "الف & ب"


@pytest.mark.django_db
def test_stored_body_is_sanitized_and_rendered_harmless(client):
    article = make_article(body="".join(HOSTILE), image_url="javascript:alert(1)")
    assert article.image_url == ""
    html = client.get(article.get_absolute_url()).content.decode().lower()
    body = html.split('class="body"', 1)[1]
    for bad in ("<script>alert", "onerror", "javascript:"):
        assert bad not in body
