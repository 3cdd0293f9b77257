"""What a newcomer sees first (issue 21), in Debian's Chromium, with screenshots: the
report form and the page after it, the search filters, the sidebar's counts, the
category menu on a phone and the API's documentation page."""

import re

import pytest
from django.core.cache import cache

from didgah import persian
from didgah.community.tests.factories import fold, make_comment, make_reader
from didgah.news.models import Article
from didgah.news.tests.factories import make_article, make_category, make_source

from .conftest import AXE, SCREENSHOTS, axe_violations, reader_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _box(page, selector):
    return page.locator(selector).bounding_box()


def test_report_form_is_styled_and_ends_on_a_page_that_says_so(page, live_server):
    article = make_article(title="بازگشایی پل تاریخی شهر")
    comment = make_comment(article=article, body="این دیدگاه را باید گزارش کرد.")
    reader = make_reader(username="reporter")
    reader_login(page, live_server.url, reader.username, article.get_absolute_url())

    page.goto(f"{live_server.url}/community/comment/{comment.pk}/report/")
    group = page.locator("#report-form fieldset.choice-group")
    # The site's frame (its line colour and radius), not the browser's grooved default.
    style = group.evaluate("e => { const s = getComputedStyle(e); return [s.borderTopStyle, s.borderTopLeftRadius]; }")
    assert style == ["solid", "8px"]
    # Each reason is a row of its own: radio and label side by side, one under another.
    choices = page.locator("#report-form label.choice")
    assert choices.count() >= 3
    first, second = choices.nth(0).bounding_box(), choices.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1
    # The note spans the form, it does not float beside the reasons.
    note, form = _box(page, "#report-form textarea"), _box(page, "#report-form")
    assert abs(note["width"] - form["width"]) < 2 and note["y"] > _box(page, "#report-form fieldset")["y"]
    assert page.get_by_label("توضیح").count() == 1
    screenshot(page, "papercuts-report-form")
    assert axe_violations(page) == []

    page.get_by_label(re.compile("هرزنامه|تبلیغ")).first.check()
    page.locator("#report-form button[type=submit]").click()
    page.wait_for_load_state()
    # The page says what happened, at the top, in view: not a jump to the comments.
    assert page.locator("h1").inner_text() == "گزارش ثبت شد"
    message = page.locator("#done-message")
    assert "گزارش شما ثبت شد" in message.inner_text()
    assert message.is_visible() and message.bounding_box()["y"] < PHONE["height"]
    assert page.evaluate("() => window.scrollY") == 0
    assert page.locator("#back-link").get_attribute("href").endswith(f"#c-{comment.pk}")
    screenshot(page, "papercuts-report-done", full_page=False)
    assert axe_violations(page) == []


def test_search_filters_are_labelled_aligned_and_this_year(page, live_server):
    make_source(name="خبرگزاری نمونه")
    make_category(name="اقتصاد", slug="economy")
    make_article(title="بازار کتاب در پاییز")
    page.goto(live_server.url + "/search/?q=کتاب")
    year = persian.to_persian_digits(str(persian.jalali_today().year))
    assert page.get_by_label("از تاریخ").get_attribute("placeholder") == f"{year}/۰۱/۰۱"
    assert page.get_by_label("تا تاریخ").get_attribute("placeholder") == f"{year}/۱۲/۲۹"
    for label in ("عبارت", "منبع", "دسته", "از تاریخ", "تا تاریخ"):
        assert page.get_by_label(label, exact=True).count() == 1, label
    # The four filters in one row: the same top, the same height, the same width.
    boxes = [_box(page, s) for s in ("#ss", "#sc", "#sf", "#st")]
    assert len({round(b["y"]) for b in boxes}) == 1
    assert len({round(b["height"]) for b in boxes}) == 1
    assert max(b["width"] for b in boxes) - min(b["width"] for b in boxes) < 2
    # The query box and its button side by side, the same height.
    q, button = _box(page, "#sq"), _box(page, ".sf-query-row button")
    assert abs(q["y"] - button["y"]) < 1 and abs(q["height"] - button["height"]) < 1
    font = page.locator("#sf").evaluate("e => getComputedStyle(e).fontFamily")
    assert "Vazirmatn" in font
    screenshot(page, "papercuts-search", full_page=False)
    assert axe_violations(page) == []

    page.set_viewport_size(PHONE)
    boxes = [_box(page, s) for s in ("#ss", "#sc", "#sf", "#st")]
    assert round(boxes[0]["y"]) == round(boxes[1]["y"]) and round(boxes[2]["y"]) == round(boxes[3]["y"])
    assert max(b["x"] + b["width"] for b in boxes) <= PHONE["width"]
    screenshot(page, "papercuts-search-phone", full_page=False)


def test_sidebar_counts_say_what_they_count(page, live_server):
    viewed = make_article(title="خبر پربازدید")
    Article.objects.filter(pk=viewed.pk).update(view_count=879)
    discussed = make_article(title="خبر پربحث")
    for n in range(3):
        make_comment(article=discussed, body=f"دیدگاه {n} دربارهٔ خبر پربحث")
    fold()
    cache.clear()
    page.goto(live_server.url + "/")
    viewed_item = page.locator("#side-viewed + ol li").filter(has_text="خبر پربازدید")
    assert viewed_item.locator(".metric").inner_text() == "۸۷۹ بازدید"
    discussed_item = page.locator("#side-commented + ol li").filter(has_text="خبر پربحث")
    assert discussed_item.locator(".metric").inner_text() == "۳ دیدگاه"
    page.locator("aside.sidebar").screenshot(path=str(SCREENSHOTS / "papercuts-sidebar.png"))


def test_category_menu_scrolls_on_a_phone_with_a_fading_edge(browser, live_server):
    for n, name in enumerate(["سیاست", "اقتصاد", "جامعه", "فرهنگ و هنر", "ورزش", "علم و فناوری",
                              "بین‌الملل", "سلامت", "محیط زیست", "دیدگاه‌ها"]):
        make_category(name=name, slug=f"cat-{n}")
    context = browser.new_context(locale="fa-IR", bypass_csp=True, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        cache.clear()
        page.goto(live_server.url + "/")
        menu = page.locator(".cat-nav ul")
        sizes = menu.evaluate("e => [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX]")
        assert sizes[0] > sizes[1] and sizes[2] == "auto"  # it scrolls sideways
        mask = menu.evaluate("e => getComputedStyle(e).maskImage || getComputedStyle(e).webkitMaskImage")
        assert "linear-gradient" in mask  # the fading edge that says "more this way"
        fades = menu.evaluate("e => ['--cat-fade-start', '--cat-fade-end'].map(p => getComputedStyle(e).getPropertyValue(p))")
        assert fades == ["0px", "48px"]  # only the far edge, at first
        # No category breaks over two lines.
        heights = {round(h) for h in page.locator(".cat-nav li").evaluate_all("ls => ls.map(l => l.offsetHeight)")}
        assert len(heights) == 1
        page.locator("header").screenshot(path=str(SCREENSHOTS / "papercuts-menu-phone.png"))
        # The last category can be scrolled clear of the fade.
        menu.evaluate("e => { e.scrollLeft = -e.scrollWidth; }")
        page.wait_for_timeout(200)
        last, ul = page.locator(".cat-nav li").last.bounding_box(), menu.bounding_box()
        assert last["x"] >= ul["x"] + 2 * 16 - 1
        # At the end the far edge no longer fades and the near one does.
        fades = menu.evaluate("e => ['--cat-fade-start', '--cat-fade-end'].map(p => getComputedStyle(e).getPropertyValue(p))")
        assert fades == ["48px", "0px"]
        page.locator("header").screenshot(path=str(SCREENSHOTS / "papercuts-menu-phone-end.png"))
    finally:
        context.close()


def test_api_docs_are_persian_and_right_to_left(page, live_server):
    page.goto(live_server.url + "/api/v1/docs")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".api-docs-header h1").inner_text().startswith("راهنمای API دیدگاه")
    # The description's full stop ends the sentence at its left end, the Latin "API"
    # starts it at the right.
    ends = page.evaluate("""() => {
        const p = document.querySelector('.api-description'), t = p.firstChild, r = document.createRange();
        const rect = (i) => { r.setStart(t, i); r.setEnd(t, i + 1); return r.getBoundingClientRect(); };
        const text = t.textContent;
        r.selectNodeContents(p); const line = r.getBoundingClientRect();
        return {stop: rect(text.length - 1).left - line.left, api: line.right - rect(2).right, last: text.slice(-1)};
    }""")
    assert ends["last"] == "." and ends["stop"] < 2 and ends["api"] < 2
    page.get_by_role("heading", name=re.compile("فهرست خبرها")).wait_for()
    assert page.locator(".api-op").count() >= 8
    page.locator("#swagger-ui .opblock").first.wait_for()  # the console still works below
    screenshot(page, "papercuts-api-docs", full_page=False)
    # Swagger UI's own markup (and its contrast) is its authors'; the page around it is ours.
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run({exclude: [['#swagger-ui']]}, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []
