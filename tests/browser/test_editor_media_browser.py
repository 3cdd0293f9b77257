"""The article editor's image and video buttons: an editor picks a library picture
(alt text required), embeds a YouTube video, publishes, and the article page shows the
picture's renditions and the sandboxed player; axe finds no serious issue on the
editors' dashboard."""

import re

import pytest

from didgah.news import services
from didgah.news.models import Article

from .conftest import axe_violations, screenshot
from .test_newsroom_browser import PASSWORD, _csp_errors, _login, _photo_bytes  # noqa: F401 - fixtures below

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor_account():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("chief", "chief@didgah.example", PASSWORD)


def test_an_editor_puts_a_library_picture_and_a_video_in_the_text(browser, live_server, editor_account, media):
    image = services.image_create(file=_photo_bytes(), name="harbour.jpg", alt="اسکلهٔ بندر در سپیده‌دم",
                                  caption="اسکلهٔ بندر", credit="عکاس دیدگاه")
    context = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    csp_errors = _csp_errors(page)
    base = live_server.url
    _login(page, base)
    page.goto(f"{base}/admin/news/article/add/")
    editable = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editable.click()
    page.keyboard.type("بند نخست گزارش بندر.")
    page.keyboard.press("Enter")

    page.locator(".prose-menubar button[title='افزودن تصویر از کتابخانه']").click()
    dialog = page.locator("dialog.media-dialog[open]")
    dialog.locator(".media-choice").first.click()
    alt = dialog.locator("input[name=alt]")
    assert alt.input_value() == "اسکلهٔ بندر در سپیده‌دم"  # the library's alt, to adapt
    alt.fill("")
    dialog.locator("button[type=submit]").click()
    assert dialog.is_visible()  # no alt text: nothing inserted
    alt.fill("قایق‌ها کنار اسکلهٔ بندر")
    screenshot(page, "editor-image-dialog")
    dialog.locator("button[type=submit]").click()
    page.locator(".prose-editor figure img").wait_for()

    page.locator(".prose-menubar button[title='افزودن ویدیو']").click()
    dialog = page.locator("dialog.media-dialog[open]")
    dialog.locator("input[name=url]").fill("https://example.com/movie")
    dialog.locator("button[type=submit]").click()
    assert dialog.locator(".media-error").inner_text() == "این نشانی ویدیوی یوتیوب، آپارات یا ویمئو نیست."
    dialog.locator("input[name=url]").fill("https://youtu.be/abc123XYZ")
    dialog.locator("input[name=title]").fill("گزارش ویدیویی از بندر")
    dialog.locator("button[type=submit]").click()
    page.locator(".prose-editor .editor-video-embed").wait_for()

    page.locator("#id_title").fill("یک روز در بندر")
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/news/article/$"))
    article = Article.objects.get()
    assert f'<img src="/media/{image.file.name}" alt="قایق‌ها کنار اسکلهٔ بندر"' in article.body
    assert "<figcaption>اسکلهٔ بندر عکس: عکاس دیدگاه</figcaption>" in article.body
    assert 'src="https://www.youtube-nocookie.com/embed/abc123XYZ"' in article.body

    page.goto(f"{base}{article.get_absolute_url()}")
    picture = page.locator(".body figure picture")
    assert picture.locator("source[type='image/webp']").count() == 1
    img = picture.locator("img")
    assert img.get_attribute("alt") == "قایق‌ها کنار اسکلهٔ بندر" and img.get_attribute("width") == "1280"
    assert "/media/renditions/" in img.evaluate("i => i.currentSrc")
    frame = page.locator(".body iframe")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/abc123XYZ"
    assert "allow-scripts" in frame.get_attribute("sandbox")
    screenshot(page, "article-with-body-picture-and-video")
    assert csp_errors == []
    context.close()


def test_axe_finds_no_serious_issue_on_the_dashboard(browser, live_server, editor_account):
    from didgah.news.tests.factories import make_article, make_source

    for i in range(3):
        make_article(title=f"خبر امروز {i}", source=make_source())
    context = browser.new_context(locale="fa-IR", bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    _login(page, live_server.url)
    page.goto(f"{live_server.url}/admin/dashboard/")
    assert page.locator("svg.chart").count() >= 4
    screenshot(page, "editors-dashboard")
    assert axe_violations(page) == []
    context.close()
