"""Reading comforts in Chromium (issue 19): dark mode followed from the system and
toggled, remembered across a reload, passing axe; the text size remembered; the print
stylesheet (the article alone, with its address and date); copy-link and the system
share sheet; numbered pagination; a feed opened in the browser. Screenshots in
test-results/screenshots/comforts-*.png."""

import re
from datetime import datetime, timezone

import pytest

from didgah.news.tests.factories import make_article, make_category, make_source

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIGHT_BG, DARK_BG = "rgb(246, 247, 249)", "rgb(17, 20, 24)"


@pytest.fixture
def article(settings):
    settings.COMMENT_MODERATION = "post"
    source = make_source(name="رادیو آوای امروز", site_url="https://avaye.example")
    category = make_category(name="جامعه", slug="society")
    article = make_article(
        title="آغاز طرح صرفه‌جویی آب در استان",
        lead="مسئولان می‌گویند مصرف آب در تابستان باید ده درصد کمتر شود.",
        body='<p>گزارش‌ها نشان می‌دهد سطح مخزن سدها پایین است. <a href="https://avaye.example/dams">گزارش کامل</a></p>'
             "<h2>برنامهٔ شهرداری</h2><p>شهرداری فضای سبز را شبانه آبیاری می‌کند.</p>",
        source=source, original_url="https://avaye.example/news/42",
        published_at=datetime(2025, 11, 2, 6, 21, tzinfo=timezone.utc),
    )
    article.categories.add(category)
    for n in range(3):
        make_article(title=f"خبر دیگر شمارهٔ {'۱۲۳'[n]}", categories=[category])
    return article


def _background(page) -> str:
    return page.evaluate("() => getComputedStyle(document.body).backgroundColor")


def test_dark_mode_toggled_remembered_and_accessible(page, live_server, article):
    url = live_server.url + article.get_absolute_url()
    page.goto(url)
    toggle = page.locator("#theme-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
    assert _background(page) == LIGHT_BG
    toggle.click()
    assert page.locator("html").get_attribute("data-theme") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.evaluate("() => localStorage.getItem('didgah-theme')") == "dark"
    assert _background(page) == DARK_BG

    page.reload()
    # Set by the blocking head script, before the page is painted: no light flash.
    assert page.locator("html").get_attribute("data-theme") == "dark"
    assert page.locator("#theme-toggle").get_attribute("aria-pressed") == "true"
    assert _background(page) == DARK_BG
    screenshot(page, "comforts-article-dark")
    assert axe_violations(page) == []

    # Back to light, which is the system's here: the choice is forgotten, the system followed.
    page.locator("#theme-toggle").click()
    assert page.locator("html").get_attribute("data-theme") is None
    assert page.evaluate("() => localStorage.getItem('didgah-theme')") is None
    assert _background(page) == LIGHT_BG

    page.goto(live_server.url + "/category/society/")
    page.locator("#theme-toggle").click()
    assert axe_violations(page) == []


def test_dark_system_setting_is_followed_without_a_choice(browser, live_server, article):
    context = browser.new_context(locale="fa-IR", bypass_csp=True, color_scheme="dark",
                                  viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(live_server.url + article.get_absolute_url())
        assert page.locator("html").get_attribute("data-theme") is None
        assert _background(page) == DARK_BG
        assert page.locator("#theme-toggle").get_attribute("aria-pressed") == "true"
        screenshot(page, "comforts-article-dark-phone")
        assert axe_violations(page) == []
        # Choosing light on a dark system is remembered.
        page.locator("#theme-toggle").click()
        page.reload()
        assert page.locator("html").get_attribute("data-theme") == "light"
        assert _background(page) == LIGHT_BG
    finally:
        context.close()


def test_font_size_steps_are_remembered(page, live_server, article):
    page.goto(live_server.url + article.get_absolute_url())
    size = "() => getComputedStyle(document.documentElement).fontSize"
    assert page.evaluate(size) == "16px"
    larger, smaller = page.locator("#font-larger"), page.locator("#font-smaller")
    larger.click()
    larger.click()
    assert page.evaluate(size) == "20px"
    page.reload()
    assert page.locator("html").get_attribute("data-font-size") == "2"
    assert page.evaluate(size) == "20px"
    body_size = float(page.evaluate("() => getComputedStyle(document.querySelector('.body')).fontSize")[:-2])
    assert body_size > 20  # the article's text grows with the page
    larger.click()
    assert larger.is_disabled()  # the largest step
    screenshot(page, "comforts-article-large-text", full_page=False)
    for _ in range(5):
        if not smaller.is_disabled():
            smaller.click()
    assert smaller.is_disabled() and page.evaluate(size) == "14px"
    page.reload()
    assert page.evaluate(size) == "14px"


def test_print_shows_the_article_alone_with_its_address_and_date(page, live_server, article):
    page.goto(live_server.url + article.get_absolute_url())
    page.locator("#theme-toggle").click()  # dark on screen; print is black on white all the same
    assert page.locator(".sidebar").is_visible() and not page.locator(".print-url").is_visible()
    page.emulate_media(media="print")
    for hidden in (".sidebar", ".site-header", ".site-footer", ".share", "#comments, .community", ".comment-form",
                   ".vote-box", "#theme-toggle"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("h1").is_visible()
    assert page.locator(".article .meta time").first.inner_text() == "یکشنبه ۱۱ آبان ۱۴۰۴ - ۰۹:۵۱"
    printed = page.locator(".print-url")
    assert printed.is_visible()
    assert f"{live_server.url}/news/{article.pk}/" in printed.inner_text()
    assert _background(page) == "rgb(255, 255, 255)"
    screenshot(page, "comforts-article-print")
    assert axe_violations(page) == []
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_copy_link_and_the_system_share_sheet(browser, live_server, article):
    context = browser.new_context(locale="fa-IR", viewport={"width": 390, "height": 844}, has_touch=True,
                                  permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script("""
        navigator.share = function (data) { window.__shared = data; return Promise.resolve(); };
    """)
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        url = live_server.url + article.get_absolute_url()
        page.goto(url)
        share = page.locator(".share")
        assert share.get_by_role("link", name="تلگرام").get_attribute("href").startswith("https://t.me/share/url?url=")
        page.locator(".share-copy").click()
        page.get_by_role("status").filter(has_text="پیوند خبر رونوشت شد.").wait_for()
        assert page.evaluate("() => navigator.clipboard.readText()") == page.evaluate("() => location.href")
        page.locator(".share-native").click()
        shared = page.evaluate("() => window.__shared")
        assert shared == {"title": "آغاز طرح صرفه‌جویی آب در استان", "url": page.evaluate("() => location.href")}
        share.scroll_into_view_if_needed()
        screenshot(page, "comforts-share-phone", full_page=False)
    finally:
        context.close()


def test_without_javascript_the_share_links_stay_and_the_controls_hide(browser, live_server, article):
    context = browser.new_context(locale="fa-IR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + article.get_absolute_url())
        assert page.locator(".share-links a").count() == 5
        assert all(page.locator(".share-links a").nth(i).is_visible() for i in range(5))
        assert not page.locator(".share-copy").is_visible() and not page.locator(".share-native").is_visible()
        assert not page.locator("#comforts").is_visible()
    finally:
        context.close()


def test_numbered_pagination(page, live_server, article, settings):
    settings.ARTICLES_PER_PAGE = 1
    for n in range(8):
        make_article(title=f"خبر صفحه‌بندی {n}", categories=[article.categories.get()])
    page.goto(live_server.url + "/category/society/?page=6")
    nav = page.get_by_role("navigation", name="صفحه‌ها")
    current = nav.locator("[aria-current=page]")
    assert current.inner_text() == "۶"
    assert nav.get_by_role("link", name="۱۲", exact=True).is_visible()
    nav.get_by_role("link", name="۱", exact=True).click()
    page.wait_for_url(re.compile(r"/category/society/$"))
    assert page.get_by_role("navigation", name="صفحه‌ها").locator("[aria-current=page]").inner_text() == "۱"
    page.goto(live_server.url + "/category/society/?page=6")
    page.get_by_role("navigation", name="صفحه‌ها").scroll_into_view_if_needed()
    screenshot(page, "comforts-pagination", full_page=False)
    assert axe_violations(page) == []


def test_a_feed_opened_in_the_browser_is_a_persian_page(browser, live_server, article):
    # Under the site's own content security policy (no bypass): the page's styles and
    # scripts are the site's files.
    context = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    refused = []
    # (Chromium's own XSLT deprecation banner carries an inline style the policy blocks:
    # not the page's. What must not be refused is the page's stylesheets and scripts.)
    page.on("console", lambda m: refused.append(m.text) if m.text.startswith("Refused to") else None)
    try:
        for path in ("/feeds/rss/", "/feeds/atom/"):
            response = page.goto(live_server.url + path)
            # The same bytes as a feed reader gets, typed application/xml for a browser
            # (Chromium shows the feed types as plain text, never styled).
            assert response.headers["content-type"] == "application/xml; charset=utf-8"
            assert page.locator("html").get_attribute("dir") == "rtl"
            assert page.locator("h1").inner_text() == "دیدگاه"
            item = page.locator("article.feed-item").filter(has_text="آغاز طرح صرفه‌جویی آب در استان")
            assert item.get_by_role("link").get_attribute("href").endswith(article.get_absolute_url())
            # Dates in the Solar Hijri calendar, Tehran time (static/js/feed.js).
            item.locator("time").filter(has_text="۱۴۰۴").wait_for()
            assert item.locator("time").inner_text() == "یکشنبه ۱۱ آبان ۱۴۰۴ - ۰۹:۵۱"  # as on the site
            font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
            assert font.startswith("Vazirmatn")
        screenshot(page, "comforts-feed")
        assert refused == []
    finally:
        context.close()
