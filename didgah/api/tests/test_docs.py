import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    schema = r.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/articles" in schema["paths"]


def test_docs_page_loads_only_self_hosted_assets_under_the_csp(client):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = r.content.decode()
    # Every script is external and from this site; the only inline block is JSON data.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attrs, body in scripts:
        if 'type="application/json"' in attrs:
            continue
        assert body.strip() == ""
        src = re.search(r'src="([^"]+)"', attrs).group(1)
        assert src.startswith("/static/")
    assert 'style="' not in html and "<style" not in html
    # Assets (stylesheets, icons, scripts, images), not the page's links to other pages.
    assets = re.findall(r'<(?:link|script|img)\b[^>]*?(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") for a in assets)
    for a in assets:
        assert finders.find(a.removeprefix("/static/")), a
    assert "cdn" not in html.lower()


def test_docs_page_is_persian_and_right_to_left(client):
    """The reference is written from the schema in Persian, right to left; the Persian
    description keeps its own direction (it starts with the Latin "API"), so its full
    stop ends the sentence on the left; Swagger UI, English, sits in its own LTR box."""
    html = client.get("/api/v1/docs").content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "راهنمای API دیدگاه" in html
    assert re.search(r'<p class="api-description" dir="rtl">API [^<]*دیدگاه\.</p>', html)
    assert "فهرست خبرها" in html and "نوشتن دیدگاه یا پاسخ" in html
    assert '<code dir="ltr">article_id</code>' in html and "شناسهٔ خبر" in html
    assert '<div id="swagger-ui" dir="ltr" lang="en">' in html
