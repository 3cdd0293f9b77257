"""An editor uploads a picture to the library, writes an article in the rich-text editor,
gives it the picture and a video, and publishes it; the admin's pages run under the
site's CSP, and axe finds no serious issue in the article form."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from PIL import Image as PILImage

from didgah.news.models import Article, Image, Tag

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "newsroom-pass-1234"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor_account():
    return get_user_model().objects.create_superuser("chief", "chief@didgah.example", PASSWORD)


def _photo(path):
    picture = PILImage.new("RGB", (1400, 900), "#f4a261")
    picture.paste(PILImage.new("RGB", (600, 400), "#264653"), (400, 250))
    picture.save(path, "JPEG")
    return path


def _login(page, base):
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.locator("input[name=username]").fill("chief")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def _csp_errors(page) -> list:
    errors = []
    page.on("console", lambda m: "Content Security Policy" in m.text and errors.append(m.text))
    return errors


def _pick(page, field: str, text: str):
    """Choose an option in one of the admin's autocomplete fields."""
    page.locator(f"#select2-id_{field}-container, .field-{field} .select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def _upload_image(page, base, tmp_path):
    page.goto(f"{base}/admin/news/image/add/")
    page.locator("#id_file").set_input_files(str(_photo(tmp_path / "city.jpg")))
    # The picture is shown before it is uploaded.
    preview = page.locator("#id_file-preview")
    preview.wait_for(state="visible")
    assert preview.get_attribute("src").startswith("data:image/jpeg")
    # Without alt text the library refuses it.
    page.locator("input[name=_save]").click()
    page.locator(".errornote").wait_for()
    assert page.locator(".field-alt .errorlist").is_visible()
    page.locator("#id_file").set_input_files(str(tmp_path / "city.jpg"))
    page.locator("#id_alt").fill("نمای شهر در غروب با ساختمان‌های بلند")
    page.locator("#id_caption").fill("نیلوفرشهر در غروب")
    page.locator("#id_credit").fill("عکاس دیدگاه")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/news/image/$"))
    image = Image.objects.get()
    assert image.renditions["social"]
    screenshot(page, "admin-image-library")
    return image


def test_write_and_publish_an_article_with_an_image_and_a_video(browser, live_server, editor_account, media, tmp_path):
    context = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    csp_errors = _csp_errors(page)
    base = live_server.url
    _login(page, base)
    image = _upload_image(page, base, tmp_path)

    page.goto(f"{base}/admin/news/article/add/")
    editable = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editable.wait_for()
    assert editable.get_attribute("dir") == "rtl"
    page.locator("#id_title").fill("گزارش تصویری از خط تازهٔ قطار")
    page.locator("#id_lead").fill("نخستین هفتهٔ کار خط ریلی تازه در یک گزارش تصویری.")
    editable.click()
    page.keyboard.type("قطار تازه هر روز ")
    page.locator(".prose-menubar button[title='پررنگ']").click()
    page.keyboard.type("شش بار")
    page.locator(".prose-menubar button[title='پررنگ']").click()
    page.keyboard.type(" میان Niloufar City و بندر حرکت میکند.")
    page.keyboard.press("Enter")
    page.keyboard.type("بند دوم گزارش.")
    _pick(page, "image", "نمای شهر")
    page.locator("#id_video_url").fill("https://www.youtube.com/watch?v=abc123XYZ")
    page.locator("#id_status").select_option("published")
    screenshot(page, "admin-article-form")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/news/article/$"))

    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED and article.image == image
    assert article.body.startswith("<p>قطار تازه هر روز <strong>شش بار</strong> میان Niloufar City")
    assert "می\u200cکند" in article.body  # display_text ran over the editor's text
    assert "<p>بند دوم گزارش.</p>" in article.body

    page.goto(f"{base}{article.get_absolute_url()}")
    frame = page.locator(".video-frame iframe")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/abc123XYZ"
    assert "allow-scripts" in frame.get_attribute("sandbox")
    assert page.locator("meta[property='og:image']").get_attribute("content").endswith(image.renditions["social"])
    screenshot(page, "article-video-report")
    page.goto(f"{base}/")
    card = page.locator(".card", has_text="گزارش تصویری از خط تازهٔ قطار").first
    assert card.locator(".badge-video").inner_text() == "ویدیو"
    assert card.locator("picture source[type='image/webp']").count() == 1
    screenshot(page, "front-page-with-video-report")
    assert csp_errors == []
    context.close()


def test_uploaded_video_plays_with_its_poster(browser, live_server, editor_account, media, tmp_path):
    context = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    base = live_server.url
    _login(page, base)
    image = _upload_image(page, base, tmp_path)
    page.goto(f"{base}/admin/news/article/add/")
    page.locator(".prose-editor .ProseMirror[contenteditable=true]").click()
    page.keyboard.type("گزارش با پروندهٔ ویدیو.")
    page.locator("#id_title").fill("ویدیوی بارگذاری‌شده")
    _pick(page, "image", "نمای شهر")
    video = tmp_path / "report.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
    page.locator("#id_video_file").set_input_files(str(video))
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/news/article/$"))
    article = Article.objects.get()
    page.goto(f"{base}{article.get_absolute_url()}")
    player = page.locator("video.lead-video")
    assert player.get_attribute("src") == f"/media/{article.video_file.name}"
    assert "/media/renditions/" in player.get_attribute("poster") and image.renditions
    context.close()


def test_axe_finds_no_serious_issue_in_the_article_form(browser, live_server, editor_account, media):
    # bypass_csp only so that axe-core can be injected.
    context = browser.new_context(locale="fa-IR", bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    _login(page, live_server.url)
    page.goto(f"{live_server.url}/admin/news/article/add/")
    page.locator(".prose-editor .ProseMirror[contenteditable=true]").wait_for()
    assert axe_violations(page) == []
    # And as an editor leaves it: tags chosen in the autocomplete.
    Tag.objects.create(name="انرژی", slug="energy")
    _pick(page, "tags", "انرژی")
    violations = axe_violations(page)
    assert violations == [], violations
    context.close()


def test_front_author_and_tag_pages_pass_axe(page, live_server, media):
    from datetime import timedelta

    from django.utils import timezone

    from didgah.news import services
    from didgah.news.models import Author, Breaking, StoryCluster, Tag
    from didgah.news.tests.factories import make_article, make_category, make_source

    photo = services.image_create(file=_photo_bytes(), name="p.jpg", alt="عکس نویسنده")
    author = services.author_save(author=Author(name="نگار رحیمی", role="خبرنگار", bio="از موزه‌ها می‌نویسد.",
                                                photo=photo))
    category = make_category(name="فرهنگ", slug="culture-b")
    lead = make_article(title="موزهٔ شهر دوباره باز شد", tags=["موزه"], image=photo, authors=[author])
    services.article_update(article=lead, front_position=1)
    lead.categories.add(category)
    video = make_article(title="ویدیو: پشت صحنهٔ کنسرت", video_url="https://vimeo.com/1234", tags=["موزه"])
    video.categories.add(category)
    pick = make_article(title="پیشنهاد: راهنمای کتاب‌خوانی", image=photo)
    services.article_update(article=pick, is_pick=True)
    cluster = StoryCluster.objects.create()
    for name in ("خبرگزاری الف", "خبرگزاری ب"):
        a = make_article(title=f"بارش برف در کوهپایه ({name})", source=make_source(name=name))
        services.article_update(article=a, cluster=cluster)
    Breaking.objects.create(headline="جادهٔ کوهپایه بسته شد", expires_at=timezone.now() + timedelta(hours=1))
    for name, url in (("front-page", "/"), ("author-page", author.get_absolute_url()),
                      ("tag-page", Tag.objects.get(name="موزه").get_absolute_url()),
                      ("article-with-picture", lead.get_absolute_url())):
        page.goto(live_server.url + url)
        screenshot(page, name)
        assert axe_violations(page) == [], name
    page.goto(live_server.url + "/")
    assert page.locator(".breaking").inner_text().startswith("فوری")
    assert page.locator(".front-lead .card-title").inner_text() == "موزهٔ شهر دوباره باز شد"
    assert page.locator(".other-sources").count() == 1
    # The lead's picture keeps its place: width and height set, and the browser picked a rendition.
    img = page.locator(".front-lead picture img")
    assert img.get_attribute("width") == "1280" and img.get_attribute("height")
    assert "/media/renditions/" in img.evaluate("i => i.currentSrc")


def _photo_bytes() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (1400, 900), "#2a9d8f").save(out, "JPEG")
    return out.getvalue()


def test_calendar_keeps_a_typed_time_with_a_one_digit_minute(page, live_server, editor_account):
    """Picking a day in the Solar Hijri calendar keeps the time the editor typed, however
    they typed it («۸:۵» is 08:05, as the server reads it), rather than putting now's."""
    _login(page, live_server.url)
    page.goto(f"{live_server.url}/admin/news/article/add/")
    box = page.locator("#id_published_at")
    box.fill("۱۴۰۵/۹/۵ ۸:۵")
    box.locator("xpath=following-sibling::button[contains(@class, 'jalali-open')]").click()
    page.locator(".jalali-picker:not([hidden]) .jalali-day", has_text=re.compile("^۱۰$")).click()
    assert box.input_value() == "۱۴۰۵/۰۹/۱۰ ۰۸:۰۵"
