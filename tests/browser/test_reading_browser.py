"""A reader opens the home page, follows an article, and sees it the Persian way."""

import re
from datetime import datetime, timezone

import pytest

from didgah.news.tests.factories import make_article, make_category, make_source

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_content():
    source = make_source(name="رادیو آوای امروز", site_url="https://avaye.example")
    category = make_category(name="جامعه", slug="society")
    article = make_article(
        title="آغاز طرح صرفه‌جویی آب در استان",
        lead="مسئولان میگویند مصرف آب در تابستان باید ده درصد کمتر شود.",
        body="<p>گزارشها نشان میدهد سطح مخزن سدها پایین است.</p><h2>برنامهٔ شهرداری</h2><p>شهرداری فضای سبز را شبانه آبیاری میکند.</p>",
        source=source,
        original_url="https://avaye.example/news/42",
        image_caption="",
        published_at=datetime(2025, 11, 2, 6, 21, tzinfo=timezone.utc),
    )
    article.categories.add(category)
    for n in range(3):
        make_article(title=f"خبر دیگر شمارهٔ {'۱۲۳'[n]}")
    return article


def test_home_to_article(page, live_server, site_content):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    screenshot(page, "home")
    assert axe_violations(page) == []

    page.get_by_role("link", name="آغاز طرح صرفه‌جویی آب در استان").first.click()
    page.wait_for_url(re.compile(r"/news/\d+/"))
    assert page.locator("h1").inner_text() == "آغاز طرح صرفه‌جویی آب در استان"
    assert page.locator("article time").first.inner_text() == "یکشنبه ۱۱ آبان ۱۴۰۴ - ۰۹:۵۱"
    credit = page.locator(".credit")
    assert credit.inner_text().startswith("رادیو آوای امروز-")
    assert page.locator("a.original").get_attribute("href") == "https://avaye.example/news/42"
    # The lost ZWNJs of the captured text are restored on the page.
    body = page.locator(".body").inner_text()
    assert "گزارش\u200cها" in body and "می\u200cدهد" in body
    # Right-to-left for real: the headline's text starts at the right edge of its box.
    box = page.locator("h1").bounding_box()
    text_right = page.evaluate(
        "() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('h1'));"
        " return r.getBoundingClientRect().right; }")
    assert abs((box["x"] + box["width"]) - text_right) < 2
    screenshot(page, "article")
    assert axe_violations(page) == []


def test_phone_layout_and_persian_404(page, live_server, site_content):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + site_content.get_absolute_url())
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 390, "the article page scrolls sideways on a phone"
    screenshot(page, "article-phone")
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    assert "صفحه پیدا نشد" in page.locator("h1").inner_text()
