"""Moderation: modes, word lists, reports, the admin queue, suspensions, the log."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from didgah.community import services
from didgah.community.errors import CommunityError
from didgah.community.models import Comment, ModerationLog, Report, WordRule
from didgah.news.tests.factories import make_article

from .factories import fold, make_comment, make_reader

pytestmark = pytest.mark.django_db


def _post(client, article, body):
    return client.post(f"/community/article/{article.pk}/comment/", {"body": body})


def test_pre_moderation_holds_everything(client, settings):
    settings.COMMENT_MODERATION = "pre"
    article = make_article()
    author = make_reader(approved=100)
    client.force_login(author)
    _post(client, article, "در صف")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    fold()
    article.refresh_from_db()
    assert article.comment_count == 0
    # The page is everyone's; the pending comment reaches its author alone.
    assert "در صف" not in client.get(article.get_absolute_url()).content.decode()
    own = client.get(f"/community/me/?article={article.pk}").json()["own_html"]
    assert "در صف" in own and "در انتظار بررسی" in own
    client.logout()
    assert "own_html" not in client.get(f"/community/me/?article={article.pk}").json()
    services.comment_moderate(comment=comment, actor=None, approve=True)
    fold()
    assert "در صف" in client.get(article.get_absolute_url()).content.decode()
    article.refresh_from_db()
    assert article.comment_count == 1


def test_until_n_approved_then_post_moderation(settings):
    settings.COMMENT_MODERATION = "until_approved"
    settings.COMMENT_MODERATION_THRESHOLD = 2
    article = make_article()
    newcomer = make_reader(approved=0)
    c1 = make_comment(article=article, author=newcomer, body="یک")
    assert c1.status == Comment.Status.PENDING
    services.comment_moderate(comment=c1, actor=None, approve=True)
    c2 = make_comment(article=article, author=newcomer, body="دو")
    assert c2.status == Comment.Status.PENDING
    services.comment_moderate(comment=c2, actor=None, approve=True)
    assert make_comment(article=article, author=newcomer, body="سه").status == Comment.Status.APPROVED
    settings.COMMENT_MODERATION = "post"
    assert make_comment(article=article, author=make_reader(approved=0)).status == Comment.Status.APPROVED


@pytest.mark.parametrize("variant", ["کلمه‌بد", "كلمه بد", "کلمهبد", "کلمـــه‌بد", "کَلِمه‌بد"])
def test_banned_words_match_on_the_search_key(client, variant):
    WordRule.objects.create(word="کلمه‌بد", key="کلمه بد", kind=WordRule.Kind.BANNED)
    article = make_article()
    client.force_login(make_reader())
    response = _post(client, article, f"این {variant} است")
    assert response.status_code == 400 and "پذیرفته نیست" in response.content.decode()
    assert not Comment.objects.exists()


def test_suspect_words_send_to_the_queue_and_log(settings):
    settings.COMMENT_MODERATION = "post"
    settings.COMMUNITY_SUSPECT_WORDS = ["قمار"]
    article = make_article()
    comment = make_comment(article=article, body="سایت قمار آنلاین")
    assert comment.status == Comment.Status.PENDING
    assert ModerationLog.objects.filter(action="auto_hold", comment=comment).exists()


def test_reports_with_reasons_and_hold_after_three(client, settings):
    settings.COMMENT_MODERATION = "post"
    article = make_article()
    comment = make_comment(article=article, body="دیدگاه بحث‌برانگیز")
    reporters = [make_reader() for _ in range(3)]
    client.force_login(reporters[0])
    page = client.get(f"/community/comment/{comment.pk}/report/")
    assert "هرزنامه یا تبلیغ" in page.content.decode()
    assert client.post(f"/community/comment/{comment.pk}/report/", {"reason": "spam", "note": "تبلیغ"}).status_code == 200
    again = client.post(f"/community/comment/{comment.pk}/report/", {"reason": "abuse"})
    assert "پیش‌تر گزارش" in again.content.decode()
    with pytest.raises(CommunityError):
        services.comment_report(comment=comment, reporter=comment.author, reason="spam")
    for r in reporters[1:]:
        services.comment_report(comment=comment, reporter=r, reason="abuse")
    comment.refresh_from_db()
    assert comment.open_reports == 3 and comment.status == Comment.Status.PENDING
    fold()
    article.refresh_from_db()
    assert article.comment_count == 0
    assert Report.objects.filter(comment=comment).count() == 3


def test_admin_queue_bulk_actions_and_log(client, settings):
    settings.COMMENT_MODERATION = "pre"
    article = make_article()
    comments = [make_comment(article=article, body=f"صف {i}") for i in range(3)]
    editor = get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
    client.force_login(editor)
    for queue in ("pending", "reported", "approved", "rejected"):
        assert client.get(f"/admin/community/comment/?queue={queue}").status_code == 200
    assert "صف ۱" in client.get("/admin/community/comment/?queue=pending").content.decode() or \
        "صف 1" in client.get("/admin/community/comment/?queue=pending").content.decode()
    response = client.post("/admin/community/comment/", {
        "action": "approve", "_selected_action": [c.pk for c in comments[:2]], "reason": "",
    })
    assert response.status_code == 302
    assert Comment.objects.filter(status="approved").count() == 2
    client.post("/admin/community/comment/", {"action": "reject", "_selected_action": [comments[2].pk],
                                              "reason": "خارج از موضوع"})
    comments[2].refresh_from_db()
    assert comments[2].status == "rejected" and comments[2].moderation_note == "خارج از موضوع"
    fold()
    article.refresh_from_db()
    assert article.comment_count == 2
    client.post("/admin/community/comment/", {"action": "suspend_week", "_selected_action": [comments[2].pk],
                                              "reason": "توهین به دیگران"})
    author = comments[2].author
    author.profile.refresh_from_db()
    assert author.profile.is_suspended()
    log = list(ModerationLog.objects.values_list("action", "actor_id"))
    assert ("approve", editor.pk) in log and ("reject", editor.pk) in log and ("suspend", editor.pk) in log
    assert client.get("/admin/community/moderationlog/").status_code == 200


def test_suspension_and_ban_reasons_are_shown_to_the_reader(client):
    article = make_article()
    reader = make_reader()
    services.reader_suspend(user=reader, until=timezone.now() + timedelta(days=7), reason="تبلیغ پیاپی", actor=None)
    client.force_login(reader)
    problem = client.get(f"/community/me/?article={article.pk}").json()["problem"]
    assert "معلق است" in problem and "تبلیغ پیاپی" in problem
    response = _post(client, article, "باز هم")
    assert response.status_code == 400 and "تبلیغ پیاپی" in response.content.decode()
    assert "تبلیغ پیاپی" in client.get("/accounts/profile/").content.decode()
    services.reader_suspend(user=reader, until=timezone.now() - timedelta(minutes=1), reason="تمام‌شده", actor=None)
    assert _post(client, article, "حالا آزادم").status_code == 200
    services.reader_ban(user=reader, reason="نفرت‌پراکنی", actor=None)
    response = _post(client, article, "دوباره")
    assert "مسدود" in response.content.decode() and "نفرت‌پراکنی" in response.content.decode()
    services.reader_reinstate(user=reader, actor=None)
    assert _post(client, article, "برگشتم").status_code == 200
    actions = list(ModerationLog.objects.filter(reader=reader).values_list("action", flat=True))
    assert {"suspend", "ban", "reinstate"} <= set(actions)


def test_comments_are_rate_limited(client, settings, one_rate_window):
    settings.COMMENT_RATE_PER_MINUTE = 2
    article = make_article()
    client.force_login(make_reader())
    assert _post(client, article, "یک").status_code == 200
    assert _post(client, article, "دو").status_code == 200
    response = _post(client, article, "سه")
    assert response.status_code == 400 and "دیدگاه‌های زیادی" in response.content.decode()
    assert Comment.objects.count() == 2


def test_double_submission_is_refused(client):
    article = make_article()
    client.force_login(make_reader())
    assert _post(client, article, "همین متن").status_code == 200
    assert "لحظاتی پیش" in _post(client, article, "همین متن").content.decode()
    assert Comment.objects.count() == 1


def test_unverified_reader_cannot_comment(client):
    article = make_article()
    client.force_login(make_reader(verified=False))
    response = _post(client, article, "سلام")
    assert response.status_code == 400 and "رایانامه" in response.content.decode()


def test_word_rules_are_cached_and_a_moderators_change_applies_at_once(client, settings):
    settings.WORD_RULES_CACHE_SECONDS = 60
    article = make_article()
    author = make_reader(approved=100)
    services.comment_create(article=article, author=author, body="دیدگاهی با واژه‌ای تازه‌ممنوع")  # rules now cached
    staff = get_user_model().objects.create_superuser("moderator", "m@example.com", "a-long-password-1404")
    client.force_login(staff)
    response = client.post("/admin/community/wordrule/add/", {"word": "تازه‌ممنوع", "kind": WordRule.Kind.BANNED})
    assert response.status_code == 302
    with pytest.raises(CommunityError):
        services.comment_create(article=article, author=author, body="باز هم تازه‌ممنوع")
    rule = WordRule.objects.get()
    client.post(f"/admin/community/wordrule/{rule.pk}/delete/", {"post": "yes"})
    services.comment_create(article=article, author=author, body="دوباره تازه‌ممنوع، این بار پذیرفته")


def test_a_double_submission_is_refused_and_counted_once():
    article = make_article()
    author = make_reader(approved=100)
    first = services.comment_create(article=article, author=author, body="یک دیدگاه")
    with pytest.raises(CommunityError):
        services.comment_create(article=article, author=author, body="یک دیدگاه")
    reply = services.comment_create(article=article, author=make_reader(), body="پاسخ", parent=first)
    fold()
    article.refresh_from_db()
    assert Comment.objects.filter(article=article).count() == 2
    assert article.comment_count == Comment.objects.filter(article=article, status=Comment.Status.APPROVED).count()
    assert (reply.root_id, reply.depth, reply.parent_id) == (first.pk, 1, first.pk)
    stored = Comment.objects.get(pk=reply.pk)
    assert (stored.root_id, stored.depth, stored.body, stored.created_at) == (first.pk, 1, "پاسخ", reply.created_at)


def test_the_rate_limit_comes_before_any_work_on_the_text(client, settings, one_rate_window, monkeypatch):
    """A reader over their limit costs no text work, however large the paste (issue 16.1)."""
    settings.COMMENT_RATE_PER_MINUTE = 1
    article = make_article()
    client.force_login(make_reader())
    assert _post(client, article, "یک").status_code == 200
    from didgah.community import rules

    def boom(*args, **kwargs):
        raise AssertionError("the text was worked on")

    monkeypatch.setattr(rules.persian, "display_text", boom)
    response = _post(client, article, "ب" * 1_000_000)
    assert response.status_code == 400 and "دیدگاه‌های زیادی" in response.content.decode()


def test_a_huge_comment_is_refused_by_its_raw_length_before_normalizing(client, monkeypatch):
    article = make_article()
    client.force_login(make_reader())
    from didgah.community import rules

    def boom(*args, **kwargs):
        raise AssertionError("the text was normalized")

    monkeypatch.setattr(rules.persian, "display_text", boom)
    response = _post(client, article, "ب" * 1_000_000)
    assert response.status_code == 400 and "حداکثر" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_deleted_in_the_admin_is_recounted_at_once(client):
    """Its row is gone, so the fold cannot see it: the admin recounts the article."""
    article = make_article()
    comments = [make_comment(article=article, body=f"حذفی {i}") for i in range(3)]
    fold()
    article.refresh_from_db()
    assert article.comment_count == 3
    client.force_login(get_user_model().objects.create_superuser("admin2", "a2@example.org", "x-long-pass-1404"))
    client.post(f"/admin/community/comment/{comments[0].pk}/delete/", {"post": "yes"})
    client.post("/admin/community/comment/", {"action": "delete_selected", "post": "yes",
                                              "_selected_action": [comments[1].pk]})
    article.refresh_from_db()
    assert article.comment_count == 1
    assert "حذفی 0" not in client.get(article.get_absolute_url()).content.decode()


def test_the_admin_lists_newest_comments_first(client):
    article = make_article()
    old = make_comment(article=article, body="دیدگاه دیروز")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1))
    make_comment(article=article, body="دیدگاه همین حالا")
    client.force_login(get_user_model().objects.create_superuser("سردبیر", "chief@example.org", "x-Chief-Pass-77"))
    html = client.get("/admin/community/comment/").content.decode()
    assert html.index("دیدگاه همین حالا") < html.index("دیدگاه دیروز")
