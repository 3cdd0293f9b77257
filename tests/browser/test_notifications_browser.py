"""Reader A answers reader B: B sees the count in the header and the notification in the
list, and receives the mail (sent by the periodic jobs, with a one-click unsubscribe);
B follows the thread with the button personal.js shows. Debian's Chromium, screenshots."""

import re

import pytest

from didgah.common import periodic
from didgah.community.tests.factories import make_comment, make_reader
from didgah.news.tests.factories import make_article
from didgah.notifications.models import Notification, NotificationSettings, ThreadFollow

from .conftest import axe_violations, reader_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ready(page):
    page.wait_for_function("() => document.documentElement.dataset.personal === 'ready'")


def test_a_reply_reaches_its_author_in_the_site_and_by_mail(page, browser, live_server, settings, mailoutbox):
    settings.COMMENT_MODERATION = "post"
    article = make_article(title="گشایش کتابخانهٔ تازهٔ شهر")
    url = article.get_absolute_url()
    base = live_server.url
    maryam = make_reader(username="maryam", display_name="مریم", city="شیراز")
    babak = make_reader(username="babak", display_name="بابک", city="تبریز")
    comment = make_comment(article=article, author=maryam, body="کتابخانه‌ها قلب فرهنگی شهرند.")

    # B chooses mail at once for replies on her profile page.
    reader_login(page, base, "maryam", "/accounts/profile/")
    page.locator("#id_replies").select_option("instant")
    page.locator("#notification-settings-submit").click()
    page.wait_for_url(re.compile("/accounts/profile/"))
    assert NotificationSettings.objects.get(user=maryam).replies == "instant"
    assert "کتابخانه‌ها قلب فرهنگی شهرند" in page.locator("#my-comments").inner_text()

    # A answers her, in another browser.
    context = browser.new_context(locale="fa-IR", bypass_csp=True)
    page_a = context.new_page()
    page_a.set_default_timeout(15000)
    reader_login(page_a, base, "babak", url)
    _ready(page_a)
    page_a.locator(f"#c-{comment.pk} .comment-reply").first.click()
    page_a.locator("textarea[id^=reply-body-]").first.fill("کتاب‌های کودک هم دارد؟")
    page_a.locator("form[id^=reply-form-] .comment-submit").first.click()
    page_a.locator("li.comment").filter(has_text="کتاب‌های کودک هم دارد").first.wait_for()
    assert page_a.locator("#nav-notifications").inner_text() == "اعلان‌ها"  # nothing for his own reply
    context.close()
    assert mailoutbox == []  # queued, not sent by the request

    # B: the count in the header, then the list.
    page.goto(base + url)
    _ready(page)
    bell = page.locator("#nav-notifications")
    assert bell.inner_text() == "اعلان‌ها (۱)"
    screenshot(page, "notifications-count")
    bell.click()
    page.wait_for_url(re.compile("/notifications/"))
    item = page.locator("#notification-list li.notification").first
    assert "بابک به دیدگاه شما دربارهٔ «گشایش کتابخانهٔ تازهٔ شهر» پاسخ داد." in item.inner_text()
    assert "is-new" in item.get_attribute("class")
    screenshot(page, "notifications-list")
    assert axe_violations(page) == []
    _ready(page)
    page.reload()
    _ready(page)
    assert page.locator("#nav-notifications").inner_text() == "اعلان‌ها"  # read once seen
    assert not Notification.objects.filter(read_at__isnull=True).exists()

    # The link leads to the reply on the article page.
    page.locator("#notification-list a.notification-link").first.click()
    page.wait_for_url(re.compile(r"#c-\d+$"))
    _ready(page)

    # The mail leaves with the scheduler's jobs.
    periodic.run_due(force=True)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [maryam.email] and "بابک به دیدگاه شما پاسخ داد" in message.subject
    assert "کتاب‌های کودک هم دارد؟" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]

    # B follows the thread with the button personal.js shows.
    button = page.locator("#follow-button")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    page.wait_for_function(
        "() => document.querySelector('#follow-button').getAttribute('aria-pressed') === 'true'")
    assert ThreadFollow.objects.filter(user=maryam, article=article).exists()
    # In place, from the JSON answer: no reload, the message beside the button.
    assert "دنبال می‌کنید" in page.locator("#follow-hint").inner_text()
    assert page.locator("#follow-button").inner_text() == "دنبال نکردن این گفت‌وگو"
    screenshot(page, "thread-followed")
