"""The image library: renditions made once with Pillow on the default storage (WebP and
a fallback at a few widths, the 1200x630 social crop), served with srcset and a size,
used by og:image; alt text required; one image reused by several articles."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from didgah.news import services
from didgah.news.admin_newsroom import ImageAdminForm
from didgah.news.models import Image

from .factories import make_article

pytestmark = pytest.mark.django_db


def picture_bytes(size=(1500, 900), mode="RGB", fmt="JPEG") -> bytes:
    out = io.BytesIO()
    PILImage.new(mode, size, (200, 120, 40, 128) if mode == "RGBA" else (200, 120, 40)).save(out, fmt)
    return out.getvalue()


def test_renditions_are_made_once_on_the_default_storage(media_root):
    image = services.image_create(file=picture_bytes(), name="photo.jpg", alt="نمای شهر", credit="عکاس")
    r = image.renditions
    assert [w for w, _h, _n in r["webp"]] == [320, 640, 960, 1280]
    assert [w for w, _h, _n in r["fallback"]] == [320, 640, 960, 1280]
    assert r["fallback_type"] == "image/jpeg"
    for width, height, name in r["webp"] + r["fallback"]:
        assert default_storage.exists(name)
        with default_storage.open(name) as f:
            assert PILImage.open(f).size == (width, height) == (width, round(900 * width / 1500))
    with default_storage.open(r["webp"][0][2]) as f:
        assert PILImage.open(f).format == "WEBP"
    with default_storage.open(r["social"]) as f:
        assert PILImage.open(f).size == (1200, 630)
    assert (image.width, image.height) == (1500, 900)
    # Saving again (a new caption) makes nothing anew.
    image.caption = "زیرنویس تازه"
    services.image_save(image=image)
    assert Image.objects.get(pk=image.pk).renditions == r


def test_a_small_transparent_picture_keeps_its_size_and_a_png_fallback(media_root):
    image = services.image_create(file=picture_bytes((500, 300), "RGBA", "PNG"), name="logo.png", alt="نشان")
    assert [w for w, _h, _n in image.renditions["fallback"]] == [320, 500]
    assert image.renditions["fallback_type"] == "image/png"
    assert image.renditions["fallback"][0][2].endswith(".png")


def test_article_page_serves_srcset_with_size_and_og_image_is_the_social_crop(client, media_root):
    image = services.image_create(file=picture_bytes(), name="photo.jpg", alt="نمای شهر در غروب",
                                  caption="شهر در غروب", credit="عکاس دیدگاه")
    article = make_article(title="خبر با تصویر")
    services.article_update(article=article, image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    figure = html.split('<figure class="lead-image">', 1)[1].split("</figure>", 1)[0]
    webp = ", ".join(f"/media/{n} {w}w" for w, _h, n in image.renditions["webp"])
    assert f'<source type="image/webp" srcset="{webp}"' in figure
    assert 'width="1280" height="768" alt="نمای شهر در غروب"' in figure
    assert "شهر در غروب" in figure and "عکس: عکاس دیدگاه" in figure
    social = image.renditions["social"]
    assert f'<meta property="og:image" content="http://testserver/media/{social}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:type" content="image/jpeg">' in html
    assert '<meta property="og:image:alt" content="نمای شهر در غروب">' in html
    # The files themselves are served.
    assert client.get(f"/media/{social}").status_code == 200


def test_one_library_image_serves_several_articles(client, media_root):
    image = services.image_create(file=picture_bytes(), name="shared.jpg", alt="تصویر مشترک")
    first, second = make_article(title="یکم"), make_article(title="دوم")
    for a in (first, second):
        services.article_update(article=a, image=image)
    assert set(image.articles.values_list("title", flat=True)) == {"یکم", "دوم"}
    home = client.get("/").content.decode()
    assert home.count(image.renditions["fallback"][0][2]) >= 2


def test_the_admin_form_requires_alt_text(media_root):
    upload = SimpleUploadedFile("p.jpg", picture_bytes(), content_type="image/jpeg")
    form = ImageAdminForm(data={"alt": "", "caption": "", "credit": ""}, files={"file": upload})
    assert not form.is_valid() and "alt" in form.errors
    upload.seek(0)
    form = ImageAdminForm(data={"alt": "متن جایگزین", "caption": "", "credit": ""}, files={"file": upload})
    assert form.is_valid(), form.errors


def test_a_file_that_is_not_a_picture_is_refused(media_root):
    upload = SimpleUploadedFile("p.jpg", b"<html><script>alert(1)</script>", content_type="image/jpeg")
    form = ImageAdminForm(data={"alt": "x"}, files={"file": upload})
    assert not form.is_valid() and "file" in form.errors


@pytest.mark.parametrize("credit, shown", [
    ("مریم احمدی/دیدگاه", "عکس: مریم احمدی/دیدگاه"),
    ("عکس: مریم احمدی/دیدگاه", "عکس: مریم احمدی/دیدگاه"),  # not «عکس: عکس: …»
    ("نقشه: واحد گرافیک", "نقشه: واحد گرافیک"),
    ("گرافیک:دیدگاه", "گرافیک:دیدگاه"),
    ("  ", ""),
    ("", ""),
    # a colon further on is no label
    ("آرشیو خبرگزاری نمونه: ۱۴۰۰", "عکس: آرشیو خبرگزاری نمونه: ۱۴۰۰"),
])
def test_credit_line_adds_photo_only_without_a_label(credit, shown):
    from didgah.news.models import Image

    assert Image(credit=credit).credit_line == shown


def test_a_labelled_credit_shows_once_under_the_picture(client, media_root):
    image = services.image_create(file=picture_bytes(), name="map.jpg", alt="نقشهٔ استان",
                                  caption="مسیر سیل", credit="نقشه: واحد گرافیک")
    article = make_article(title="خبر با نقشه")
    services.article_update(article=article, image=image)
    figure = client.get(article.get_absolute_url()).content.decode().split('<figure class="lead-image">', 1)[1]
    assert '<span class="credit-photo">نقشه: واحد گرافیک</span>' in figure and "عکس:" not in figure.split("</figure>")[0]
