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
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") for a in assets)
    for a in assets:
        assert finders.find(a.removeprefix("/static/")), a
    assert "cdn" not in html.lower()
