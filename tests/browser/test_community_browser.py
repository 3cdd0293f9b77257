"""A visitor registers, verifies, comments, replies and votes, and another reader likes
the comment: all through Debian's Chromium, with screenshots."""

import re

import pytest

from didgah.accounts import services as account_services
from didgah.news.tests.factories import make_article

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, username, password, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.locator("#login-form input[name=username]").fill(username)
    page.locator("#login-form input[name=password]").fill(password)
    page.locator("#login-submit").click()
    page.wait_for_url(re.compile(re.escape(next_url)))


def test_register_comment_reply_and_vote(page, browser, live_server, settings, mailoutbox):
    settings.COMMENT_MODERATION = "post"
    article = make_article(title="گشایش کتابخانهٔ تازهٔ شهر")
    url = article.get_absolute_url()
    base = live_server.url

    page.goto(base + url)
    assert "برای نوشتن دیدگاه، وارد شوید یا نام‌نویسی کنید" in page.locator("#visitor-note").inner_text()
    page.locator("#register-link").click()
    page.locator("input[name=username]").fill("maryam")
    page.locator("input[name=email]").fill("maryam@example.com")
    page.locator("input[name=password1]").fill("ketab-khane-1404")
    page.locator("input[name=password2]").fill("ketab-khane-1404")
    page.locator("input[name=display_name]").fill("مریم")
    page.locator("input[name=city]").fill("شیراز")
    page.locator("select[name=country]").select_option("IR")
    screenshot(page, "register")
    page.locator("#register-submit").click()
    page.wait_for_url(re.compile(re.escape(url)))

    # Mail leaves from the queue, which the scheduler process empties (common.periodic).
    from didgah.common import periodic

    periodic.run_due(force=True)
    link = re.search(r"/accounts/verify/[^\s]+/", mailoutbox[-1].body).group(0)
    page.goto(base + link)
    page.goto(base + url)

    page.locator("#id_body").fill("کتابخانه‌ها قلب فرهنگی شهرند؛ امیدوارم ساعت کارش تا شب باشد.")
    page.locator("#comment-form .comment-submit").click()
    comment = page.locator("li.comment").filter(has_text="قلب فرهنگی شهرند").first
    comment.wait_for()
    assert "مریم - شیراز، ایران" in comment.inner_text()
    comment_id = comment.get_attribute("id")  # c-<pk>

    page.locator(f"#{comment_id} .comment-reply").first.click()
    reply_box = page.locator("textarea[id^=reply-body-]").first
    reply_box.fill("پاسخ: کتاب‌های کودک هم دارد؟")
    page.locator("form[id^=reply-form-] .comment-submit").first.click()
    page.locator("li.comment").filter(has_text="کتاب‌های کودک هم دارد").first.wait_for()

    assert page.locator("#article-score").inner_text() == "۰"
    page.locator("#article-vote-up").click()
    # The reader sees their own vote at once; the count follows the fold.
    page.wait_for_function("() => document.querySelector('#article-vote-up').classList.contains('is-active')")
    periodic.run_due(force=True)
    page.reload()
    page.wait_for_function("() => document.documentElement.dataset.personal === 'ready'")
    assert page.locator("#article-score").inner_text() == "+۱"
    assert "is-active" in page.locator("#article-vote-up").get_attribute("class")
    screenshot(page, "article-after-comment-and-vote")
    assert axe_violations(page) == []

    # Another reader likes Maryam's comment; one cannot like one's own.
    other = account_services.reader_register(
        username="babak", email="babak@example.com", password="another-pass-1404",
        display_name="بابک", city="تبریز", country="IR",
    )
    account_services.email_verify(token=account_services.email_verification_token(user=other))
    context = browser.new_context(locale="fa-IR", bypass_csp=True)
    page2 = context.new_page()
    _login(page2, base, "babak", "another-pass-1404", url)
    page2.wait_for_function("() => document.documentElement.dataset.personal === 'ready'")
    page2.locator(f"#{comment_id} .comment-like").first.click()
    page2.wait_for_function(
        f"() => document.querySelector('#{comment_id}-vote .comment-like').classList.contains('is-active')")
    periodic.run_due(force=True)
    page2.reload()
    page2.wait_for_function(
        f"() => document.querySelector('#{comment_id}-score').textContent.trim() === '+۱'")
    screenshot(page2, "comment-liked")
    context.close()
