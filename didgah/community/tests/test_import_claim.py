"""Imported comments: shown under the name they were signed with, and claimed by the
reader who verifies the address they were signed with."""

from datetime import datetime, timezone as dt_timezone

import pytest

from didgah.accounts import services as accounts_services
from didgah.accounts.models import Profile
from didgah.community import render, services
from didgah.community.models import Comment
from didgah.news.tests.factories import make_article

from .factories import make_reader

pytestmark = pytest.mark.django_db
WHEN = datetime(2015, 3, 1, 9, 30, tzinfo=dt_timezone.utc)


def _imported(article, *, email="Old.Reader@Example.org", parent=None, body="دیدگاهی از سایت پیشین"):
    return services.comment_import(article=article, body=body, created_at=WHEN, guest_name="خوانندهٔ قدیمی",
                                   guest_email=email, parent=parent)


def test_imported_comment_keeps_its_date_name_and_thread(client):
    article = make_article()
    first = _imported(article)
    reply = _imported(article, parent=first, body="پاسخ")
    first.refresh_from_db()
    assert first.created_at == WHEN and first.status == Comment.Status.APPROVED and first.author is None
    assert first.guest_email == "old.reader@example.org"
    assert reply.parent == first and reply.root_id == first.pk and reply.depth == 1
    assert render.author_line(first) == "خوانندهٔ قدیمی"
    services.counters_fold()
    article.refresh_from_db()
    assert article.comment_count == 2
    html = client.get(article.get_absolute_url()).content.decode()
    assert "خوانندهٔ قدیمی" in html and "old.reader@example.org" not in html.lower()


def test_text_is_plain_and_controls_are_removed():
    article = make_article()
    comment = _imported(article, body="سلام\u202eوارونه\x00\r\n\r\n\r\n\r\nبند دوم")
    assert comment.body == "سلاموارونه\n\nبند دوم"
    assert _imported(article, body=" \u200b ") is None


def test_verifying_the_address_claims_the_comments():
    article = make_article()
    comments = [_imported(article), _imported(article, body="دومی")]
    other = _imported(article, email="someone.else@example.org")
    reader = make_reader(verified=False, approved=0)
    reader.email = "old.reader@example.org"
    reader.save(update_fields=["email"])
    assert Comment.objects.filter(author=reader).count() == 0  # not before the address is proven
    token = accounts_services.email_verification_token(user=reader)
    assert accounts_services.email_verify(token=token) == reader
    for comment in comments:
        comment.refresh_from_db()
        assert comment.author == reader and comment.guest_email == "" and comment.guest_name == ""
    other.refresh_from_db()
    assert other.author is None
    assert Profile.objects.get(user=reader).approved_comments == 2
    # The page shows the reader's own name now.
    assert render.author_line(Comment.objects.select_related("author__profile").get(pk=comments[0].pk)).startswith(
        reader.profile.display_name)


def test_readers_verified_before_the_import_get_theirs_at_its_end():
    reader = make_reader(verified=True)
    article = make_article()
    _imported(article, email=reader.email.upper())
    assert services.verified_readers_claim() == 1
    assert Comment.objects.get().author == reader
    assert services.verified_readers_claim() == 0


def test_a_deleted_claimer_is_not_shown_under_the_old_name():
    article = make_article()
    comment = _imported(article)
    reader = make_reader()
    reader.email = "old.reader@example.org"
    reader.save(update_fields=["email"])
    services.comments_claim(user=reader)
    accounts_services.account_delete(user=reader)
    comment.refresh_from_db()
    assert render.author_line(comment) == "کاربر حذف‌شده"
