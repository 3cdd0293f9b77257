"""Featured and body images copied through the ingest's client from a local server."""

import io

import pytest
from PIL import Image

from didgah.imports import services
from didgah.ingest.localserver import LocalServer, Route
from didgah.news.models import Article

from .wxrdocs import item, write, wxr

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 10, 10)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.INGEST_ALLOW_PRIVATE = True  # the local server is on 127.0.0.1
    settings.SITE_URL = "https://didgah.example"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with LocalServer() as server:
        server.routes["/up/featured.png"] = Route(body=_png(), content_type="image/png")
        server.routes["/up/body.png"] = Route(body=_png(), content_type="image/png")
        server.routes["/up/fake.png"] = Route(body=b"<html>not an image</html>", content_type="image/png")
        yield server


def _export(server):
    attachment = item(90, ptype="attachment", status="inherit",
                      extra=f"<wp:attachment_url>{server.url('/up/featured.png')}</wp:attachment_url>")
    body = (f'<p><img src="{server.url("/up/body.png")}"></p><p><img src="{server.url("/up/missing.png")}"></p>'
            f'<p><img src="{server.url("/up/fake.png")}"></p><p><img src="https://images.invalid/gone.png"></p>'
            f'[gallery ids="90"]')
    post = item(1, content=body, extra="<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                                       "<wp:meta_value>90</wp:meta_value></wp:postmeta>")
    # The attachment comes after the post that names it, as in WordPress's exports.
    return wxr(post + attachment)


def test_images_are_copied_or_keep_their_address(media, tmp_path):
    path = write(tmp_path, "a.xml", _export(media))
    report = services.wxr_import(path=path)
    article = Article.objects.get()
    assert article.image_url.startswith("https://didgah.example/media/imports/")
    local = [u for u in article.body.split('"') if u.startswith("https://didgah.example/media/imports/")]
    assert len(local) >= 2  # the body image and the gallery's
    stored = list((tmp_path / "media" / "imports").rglob("*.png"))
    assert len(stored) == 2
    # Unreachable or not an image: the original address stays (and then the allow-list
    # decides: an address on a private network, such as this test server's, goes).
    assert "https://images.invalid/gone.png" in article.body
    assert report.skipped["image"]["kept_original_url"] == 3
    assert "127.0.0.1" not in article.body
    fetched = len(media.requests)
    # A rerun (another post with the same pictures) finds the copies: nothing is fetched twice.
    services.wxr_import(path=write(tmp_path, "b.xml", _export(media).replace("<wp:post_id>1<", "<wp:post_id>2<")))
    assert len([p for p, _h in media.requests[fetched:] if p in ("/up/featured.png", "/up/body.png")]) == 0


def test_private_addresses_are_refused_without_the_setting(media, settings, tmp_path):
    settings.INGEST_ALLOW_PRIVATE = False
    services.wxr_import(path=write(tmp_path, "a.xml", _export(media)))
    article = Article.objects.get()
    assert article.image_url == ""
    assert not media.requests
