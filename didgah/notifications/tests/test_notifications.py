"""Notifications through the test client and the services the site uses: replies,
mentions and moderators' decisions make them (never for one's own actions); the count
reaches the personal JSON; the list page marks them read; each reader's settings are
honoured; mail is queued in the request and sent by the periodic jobs with one-click
unsubscribe headers; the digest leaves once a day; threads can be followed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from didgah.accounts.models import OutgoingMail
from didgah.common import periodic
from didgah.community import services as community_services
from didgah.community.models import Comment
from didgah.community.tests.factories import make_comment, make_reader
from didgah.news.tests.factories import make_article
from didgah.notifications import services
from didgah.notifications.mentions import mention_candidates
from didgah.notifications.models import Choice, Notification, NotificationSettings, ThreadFollow

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _choose(user, **choices):
    values = {field: Choice.SITE for field in NotificationSettings.FIELDS}
    values.update(choices)
    services.notification_settings_update(user=user, **values)


def _send_queued():
    """What the scheduler process does: every periodic job, the mail sender among them."""
    periodic.run_due(force=True)


# --- what makes a notification ------------------------------------------------------------
def test_a_reply_notifies_the_parent_author_and_not_oneself():
    article = make_article()
    maryam, babak = make_reader(display_name="مریم"), make_reader(display_name="بابک")
    parent = make_comment(article=article, author=maryam, body="کتابخانه باید تا شب باز باشد.")
    make_comment(article=article, author=maryam, parent=parent, body="و آخر هفته‌ها هم.")
    assert not Notification.objects.exists()  # her own reply
    reply = make_comment(article=article, author=babak, parent=parent, body="موافقم، کتاب کودک هم دارد.")
    n = Notification.objects.get()
    assert (n.recipient, n.kind, n.actor, n.comment, n.article) == (maryam, "reply", babak, reply, article)
    assert n.read_at is None


def test_mentions_by_display_name_and_username():
    article = make_article()
    author = make_reader(display_name="نویسنده")
    maryam = make_reader(display_name="مریم احمدی")
    babak = make_reader(username="babak_t", display_name="بابک")
    make_comment(article=article, author=author,
                 body="@مریم احمدی، نظر شما چیست؟ و @babak_t. نشانی من author@example.org است. @نویسنده")
    got = {(n.recipient_id, n.kind) for n in Notification.objects.all()}
    assert got == {(maryam.pk, "mention"), (babak.pk, "mention")}  # not the author, who named themself


def test_mention_candidates_are_pure_text_work():
    assert mention_candidates("سلام @علی رضایی!") == [["علی رضایی", "علی"]]
    assert mention_candidates("a@b.org") == []


def test_one_notification_per_reader_and_comment_reply_first():
    article = make_article()
    maryam, babak = make_reader(display_name="مریم"), make_reader(display_name="بابک")
    parent = make_comment(article=article, author=maryam)
    services.thread_follow(user=maryam, article=article)
    make_comment(article=article, author=babak, parent=parent, body="@مریم پاسخ شما این است.")
    assert list(Notification.objects.values_list("recipient_id", "kind")) == [(maryam.pk, "reply")]


def test_a_pending_reply_notifies_once_approved_and_once_only(settings):
    settings.COMMENT_MODERATION = "pre"
    article = make_article()
    maryam, babak = make_reader(display_name="مریم"), make_reader(display_name="بابک")
    moderator = make_reader(display_name="ویراستار")
    moderator.is_staff = True
    moderator.save()
    parent = make_comment(article=article, author=maryam)
    parent = community_services.comment_moderate(comment=parent, actor=moderator, approve=True)
    assert list(Notification.objects.values_list("recipient_id", "kind")) == [(maryam.pk, "approved")]
    reply = make_comment(article=article, author=babak, parent=parent)
    assert reply.status == Comment.Status.PENDING
    assert not Notification.objects.filter(kind="reply").exists()  # not shown to her yet
    community_services.comment_moderate(comment=reply, actor=moderator, approve=True)
    community_services.comment_moderate(comment=reply, actor=moderator, approve=True)
    assert Notification.objects.filter(recipient=maryam, kind="reply").count() == 1
    assert Notification.objects.filter(recipient=babak, kind="approved").count() == 2


def test_moderation_rejection_and_holds_notify_the_author_but_not_a_moderator_on_their_own(settings):
    settings.COMMUNITY_SUSPECT_WORDS = ["قمار"]
    article = make_article()
    maryam = make_reader(display_name="مریم")
    moderator = make_reader(display_name="ویراستار")
    moderator.is_staff = True
    moderator.save()
    held = make_comment(article=article, author=maryam, body="دربارهٔ قمار حرفی دارم.")
    n = Notification.objects.get()
    assert (n.recipient, n.kind, n.actor, n.reason) == (maryam, "held", None, "واژهٔ مشکوک")
    community_services.comment_moderate(comment=held, actor=moderator, approve=False, reason="تبلیغ")
    n = Notification.objects.get(kind="rejected")
    assert (n.recipient, n.actor, n.reason) == (maryam, moderator, "تبلیغ")
    own = make_comment(article=article, author=moderator)
    community_services.comment_moderate(comment=own, actor=moderator, approve=False)
    assert not Notification.objects.filter(recipient=moderator).exists()


def test_several_reports_hold_a_comment_and_tell_its_author():
    article = make_article()
    maryam = make_reader(display_name="مریم")
    comment = make_comment(article=article, author=maryam)
    for _n in range(community_services.REPORTS_TO_HOLD):
        community_services.comment_report(comment=comment, reporter=make_reader(), reason="spam")
    assert list(Notification.objects.values_list("recipient_id", "kind", "reason")) == [
        (maryam.pk, "held", "گزارش‌های متعدد")]


# --- in the site ----------------------------------------------------------------------------
def test_the_count_reaches_the_personal_json_and_the_list_marks_read():
    article = make_article(title="گشایش کتابخانه")
    maryam, babak = make_reader(display_name="مریم"), make_reader(display_name="بابک")
    parent = make_comment(article=article, author=maryam)
    make_comment(article=article, author=babak, parent=parent, body="کتاب کودک هم دارد؟")
    client = _client(maryam)
    data = client.get("/community/me/").json()
    assert data["notifications"]["unread"] == 1
    assert data["notifications"]["label"] == "اعلان‌ها (۱)"
    assert data["notifications"]["url"] == "/notifications/"

    response = client.get("/notifications/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "بابک به دیدگاه شما دربارهٔ «گشایش کتابخانه» پاسخ داد." in html
    assert "کتاب کودک هم دارد؟" in html and "is-new" in html
    assert 'dir="rtl"' in html and "۱۴" in html  # Jalali year, Persian digits
    assert client.get("/community/me/").json()["notifications"]["unread"] == 0
    assert "is-new" not in client.get("/notifications/").content.decode()
    # Another reader sees none of it; a visitor is sent to sign in.
    assert _client(babak).get("/community/me/").json()["notifications"]["unread"] == 0
    assert Client().get("/notifications/").status_code == 302


def test_the_list_is_paginated_and_read_all(settings):
    settings.NOTIFICATIONS_PER_PAGE = 2
    article = make_article()
    maryam = make_reader(display_name="مریم")
    parent = make_comment(article=article, author=maryam)
    for _n in range(3):
        make_comment(article=article, parent=parent)
    client = _client(maryam)
    client.get("/notifications/")
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    assert 'href="?page=2"' in client.get("/notifications/").content.decode()
    client.post("/notifications/read/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_link_leads_to_the_comment_on_its_page():
    article = make_article()
    maryam = make_reader(display_name="مریم")
    parent = make_comment(article=article, author=maryam)
    reply = make_comment(article=article, parent=parent)
    response = _client(maryam).get(f"/notifications/comment/{reply.pk}/")
    assert response.status_code == 302 and response["Location"].endswith(f"#c-{reply.pk}")
    assert response["Location"].startswith(article.get_absolute_url())


# --- settings and mail ----------------------------------------------------------------------
def test_none_makes_no_notification_and_site_sends_no_mail():
    article = make_article()
    maryam, babak = make_reader(display_name="مریم"), make_reader(display_name="بابک")
    _choose(maryam, replies=Choice.NONE)
    parent = make_comment(article=article, author=maryam)
    make_comment(article=article, author=babak, parent=parent)
    assert not Notification.objects.exists()
    _choose(maryam, replies=Choice.SITE)
    make_comment(article=article, author=babak, parent=parent)
    assert Notification.objects.count() == 1 and not OutgoingMail.objects.exists()


def test_mail_at_once_is_queued_in_the_request_and_sent_by_the_job_with_unsubscribe_headers():
    article = make_article(title="گشایش کتابخانه")
    maryam, babak = make_reader(display_name="مریم"), make_reader(display_name="بابک")
    _choose(maryam, replies=Choice.INSTANT)
    parent = make_comment(article=article, author=maryam)
    response = _client(babak).post(f"/community/article/{article.pk}/comment/",
                                   {"body": "کتاب کودک هم دارد؟", "parent": parent.pk})
    assert response.status_code == 200
    assert mail.outbox == []  # never inside the request
    queued = OutgoingMail.objects.get()
    assert queued.to == maryam.email and queued.sent_at is None
    _send_queued()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "بابک به دیدگاه شما پاسخ داد - دیدگاه"
    assert "مریم گرامی" in message.body and "کتاب کودک هم دارد؟" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/notifications/unsubscribe/" in unsubscribe
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'dir="rtl"' in html
    assert message.message()["List-Unsubscribe"] == unsubscribe
    _send_queued()
    assert len(mail.outbox) == 1  # sent once
    assert Notification.objects.get().emailed_at is not None


def test_no_mail_to_an_unconfirmed_address():
    article = make_article()
    maryam = make_reader(display_name="مریم", verified=False)
    _choose(maryam, replies=Choice.INSTANT)
    parent = make_comment(article=article, author=make_reader())
    Comment.objects.filter(pk=parent.pk).update(author=maryam)
    parent.refresh_from_db()
    make_comment(article=article, parent=parent)
    assert Notification.objects.count() == 1 and not OutgoingMail.objects.exists()


def test_one_click_unsubscribe_by_post_without_csrf():
    article = make_article()
    maryam = make_reader(display_name="مریم")
    _choose(maryam, replies=Choice.INSTANT, mentions=Choice.DIGEST)
    parent = make_comment(article=article, author=maryam)
    make_comment(article=article, parent=parent)
    _send_queued()
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").split("://", 1)[1].split("/", 1)[1]
    url = "/" + url
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(url)
    assert page.status_code == 200 and "unsubscribe-form" in page.content.decode()
    assert NotificationSettings.objects.get(user=maryam).replies == Choice.INSTANT  # a GET only asks
    response = strict.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "دیگر فرستاده نمی‌شود" in response.content.decode()
    row = NotificationSettings.objects.get(user=maryam)
    assert (row.replies, row.mentions) == (Choice.SITE, Choice.DIGEST)  # the replies' mail only
    assert strict.post(url).status_code == 200  # again: nothing changes
    assert strict.post("/notifications/unsubscribe/forged-token/").status_code == 404
    make_comment(article=article, parent=parent)
    _send_queued()
    assert len(mail.outbox) == 1 and Notification.objects.count() == 2


def test_the_digest_leaves_once_a_day_without_duplicates(settings):
    settings.NOTIFICATIONS_DIGEST_HOUR = 7
    article = make_article(title="گشایش کتابخانه")
    maryam = make_reader(display_name="مریم")
    _choose(maryam, replies=Choice.DIGEST, mentions=Choice.DIGEST)
    parent = make_comment(article=article, author=maryam)
    make_comment(article=article, parent=parent, body="پاسخ نخست")
    make_comment(article=article, body="@مریم ببینید")
    assert not OutgoingMail.objects.exists()
    day = timezone.localtime().replace(hour=6, minute=0) + timedelta(days=1)
    assert services.digest_send_due(now=day) == 0  # before the hour
    morning = day.replace(hour=8)
    assert services.digest_send_due(now=morning) == 1
    assert services.digest_send_due(now=morning + timedelta(hours=3)) == 0
    make_comment(article=article, parent=parent, body="پاسخ دوم")
    assert services.digest_send_due(now=morning + timedelta(hours=4)) == 0  # one a day
    assert services.digest_send_due(now=morning + timedelta(days=1)) == 1  # the next day, the new one
    _send_queued()
    assert len(mail.outbox) == 2
    first, second = mail.outbox
    assert "پاسخ نخست" in first.body and "ببینید" in first.body and "پاسخ دوم" not in first.body
    assert "پاسخ دوم" in second.body and "پاسخ نخست" not in second.body
    assert first.subject == "۲ اعلان تازه در دیدگاه"
    assert first.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_the_digest_job_is_registered_and_runs_with_the_others():
    assert "notifications.digest" in periodic.registered()
    article = make_article()
    maryam = make_reader(display_name="مریم")
    _choose(maryam, replies=Choice.DIGEST)
    make_comment(article=article, parent=make_comment(article=article, author=maryam))
    _send_queued()
    _send_queued()
    assert len(mail.outbox) == 1


def test_choosing_site_withdraws_waiting_digest_rows():
    article = make_article()
    maryam = make_reader(display_name="مریم")
    _choose(maryam, replies=Choice.DIGEST)
    make_comment(article=article, parent=make_comment(article=article, author=maryam))
    _choose(maryam, replies=Choice.SITE)
    assert services.digest_send_due() == 0


# --- following, the profile page -----------------------------------------------------------
def test_following_a_thread_by_post_with_csrf():
    article = make_article()
    maryam, babak = make_reader(display_name="مریم"), make_reader(display_name="بابک")
    client = Client(enforce_csrf_checks=True)
    client.force_login(maryam)
    data = client.get(f"/community/me/?article={article.pk}").json()
    assert data["follow"]["following"] is False
    url = data["follow"]["url"]
    assert client.post(url, {"action": "follow"}).status_code == 403  # no token
    response = client.post(url, {"action": "follow", "csrfmiddlewaretoken": data["csrf_token"]},
                           HTTP_ACCEPT="application/json")
    assert response.json()["following"] is True
    assert client.get(f"/community/me/?article={article.pk}").json()["follow"]["following"] is True
    make_comment(article=article, author=babak, body="دیدگاه تازه")
    make_comment(article=article, author=maryam, body="دیدگاه خودم")
    assert list(Notification.objects.values_list("recipient_id", "kind")) == [(maryam.pk, "follow")]
    # Without JavaScript: a page of its own, then back to the article.
    page = client.get(url)
    assert page.status_code == 200 and "دنبال نکردن این گفت‌وگو" in page.content.decode()
    response = client.post(url, {"action": "unfollow", "csrfmiddlewaretoken": data["csrf_token"]})
    assert response.status_code == 302 and response["Location"] == f"{article.get_absolute_url()}#comments"
    assert not ThreadFollow.objects.exists()


def test_the_article_page_stays_the_same_for_everyone():
    article = make_article()
    html = Client().get(article.get_absolute_url()).content.decode()
    assert 'id="thread-follow"' in html and f"/notifications/follow/{article.pk}/" in html
    assert "nav-notifications" not in html


def test_the_profile_page_lists_own_comments_and_saves_settings():
    article = make_article(title="گشایش کتابخانه")
    maryam = make_reader(display_name="مریم")
    comment = make_comment(article=article, author=maryam, body="کتابخانه‌ها قلب فرهنگی شهرند")
    client = _client(maryam)
    html = client.get("/accounts/profile/").content.decode()
    assert "کتابخانه‌ها قلب فرهنگی شهرند" in html and f"/notifications/comment/{comment.pk}/" in html
    assert 'id="notification-settings-form"' in html
    response = client.post("/notifications/settings/", {"replies": "instant", "mentions": "digest",
                                                        "follows": "none", "moderation": "site"})
    assert response.status_code == 302 and response["Location"].endswith("/accounts/profile/#notification-settings")
    row = NotificationSettings.objects.get(user=maryam)
    assert (row.replies, row.mentions, row.follows, row.moderation) == ("instant", "digest", "none", "site")
    assert 'value="instant" selected' in client.get("/accounts/profile/").content.decode()
    assert client.post("/notifications/settings/", {"replies": "loud"}).status_code == 302
    assert NotificationSettings.objects.get(user=maryam).replies == "instant"


def test_the_link_to_a_rejected_comment_leads_to_its_article(settings):
    settings.COMMENT_MODERATION = "post"
    article = make_article()
    maryam = make_reader(display_name="مریم")
    comment = make_comment(article=article, author=maryam)
    community_services.comment_moderate(comment=comment, actor=None, approve=False)
    response = _client(maryam).get(f"/notifications/comment/{comment.pk}/")
    assert response.status_code == 302 and response["Location"] == f"{article.get_absolute_url()}#comments"
    assert _client(maryam).get(response["Location"]).status_code == 200
    # To a reader it was not about, a hidden comment is as missing as a deleted one.
    assert _client(make_reader()).get(f"/notifications/comment/{comment.pk}/").status_code == 404
    Comment.objects.filter(pk=comment.pk).delete()
    assert _client(maryam).get(f"/notifications/comment/{comment.pk}/").status_code == 404
