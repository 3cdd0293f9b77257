"""Two readers on one article: A's comment appears on B's open page without a reload,
through the live stream (the stream server embedded beside the test's site, on a port
of its own as in the embedded default). Debian's Chromium, a screenshot."""

import re

import pytest

from didgah.community.tests.factories import PASSWORD, make_reader
from didgah.live.tests.conftest import StreamServer
from didgah.news.tests.factories import make_article

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in_page(browser, base, username, url):
    context = browser.new_context(locale="fa-IR", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/accounts/login/?next={url}")
    page.locator("#login-form input[name=username]").fill(username)
    page.locator("#login-form input[name=password]").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_url(re.compile(re.escape(url)))
    page.wait_for_function("() => document.documentElement.dataset.personal === 'ready'")
    return context, page


def test_a_comment_appears_on_the_other_reader_s_open_page(browser, live_server, settings):
    settings.COMMENT_MODERATION = "post"
    streams = StreamServer()
    streams.start()
    settings.LIVE_PUBLIC_PORT = str(streams.port)
    try:
        article = make_article(title="افتتاح خط تازهٔ مترو")
        url = article.get_absolute_url()
        make_reader(username="azadeh", display_name="آزاده", city="کرج")
        make_reader(username="bahram", display_name="بهرام", city="قم")
        context_a, page_a = _signed_in_page(browser, live_server.url, "azadeh", url)
        context_b, page_b = _signed_in_page(browser, live_server.url, "bahram", url)
        page_b.wait_for_function("() => document.documentElement.dataset.live === 'open'")
        # Anything a reload would wipe out.
        page_b.evaluate("() => { window.notReloaded = true; }")

        page_a.locator("#id_body").fill("ایستگاه‌های تازه کی باز می‌شوند؟")
        page_a.locator("#comment-form .comment-submit").click()

        comment = page_b.locator("#comment-list li.comment").filter(has_text="ایستگاه‌های تازه کی باز می‌شوند؟")
        comment.wait_for()
        assert page_b.evaluate("() => window.notReloaded") is True
        assert "آزاده" in comment.locator(".comment-author").inner_text()
        # It is B's to vote on and report, not to edit (personal.js applied to it).
        assert comment.locator(".comment-like").is_visible() and comment.locator(".comment-report").is_visible()
        assert not comment.locator(".comment-edit").is_visible()
        token = comment.locator("input[name=csrfmiddlewaretoken]").first.input_value()
        assert token
        screenshot(page_b, "live-comment-arrived")
        context_a.close()
        context_b.close()
    finally:
        streams.stop()
