"""A comment a moderator rejects after it was answered: its approved replies stay on
the page under a placeholder that tells neither its text nor its author, and the page,
its heading count, the API and the comment feed all show the same comments."""

import re

import pytest

from didgah.community import services
from didgah.community.models import Comment
from didgah.news.tests.factories import make_article

from .factories import fold, make_comment, make_reader

pytestmark = pytest.mark.django_db

PARENT = "متن دیدگاهی که برداشته می‌شود"
REPLY = "پاسخی که تأیید شده است"


@pytest.fixture
def rejected_parent(settings):
    settings.COMMENT_MODERATION = "post"
    article = make_article()
    author = make_reader(display_name="نگارندهٔ پنهان")
    parent = make_comment(article=article, author=author, body=PARENT)
    reply = make_comment(article=article, parent=parent, body=REPLY)
    deep = make_comment(article=article, parent=reply, body="پاسخ به پاسخ")
    other = make_comment(article=article, body="دیدگاه دیگر")
    lone = make_comment(article=article, body="ردشده بی‌پاسخ")
    for c in (parent, lone):
        services.comment_moderate(comment=c, actor=None, approve=False)
    fold()
    article.refresh_from_db()
    return article, parent, reply, deep, other, lone


def _shown_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<li class="comment[^"]*" id="c-(\d+)"', html)}


def test_the_page_keeps_approved_replies_under_a_placeholder(client, rejected_parent):
    article, parent, reply, deep, other, lone = rejected_parent
    html = client.get(article.get_absolute_url()).content.decode()
    assert REPLY in html and "پاسخ به پاسخ" in html
    assert PARENT not in html and "نگارندهٔ پنهان" not in html and "ردشده بی‌پاسخ" not in html
    assert "این دیدگاه برداشته شده است." in html
    assert "به دست نویسنده‌اش حذف شده" not in html
    assert _shown_ids(html) == {parent.pk, reply.pk, deep.pk, other.pk}
    # The heading counts what a reader can read: the placeholder is not a comment.
    assert article.comment_count == 3
    assert "(۳)" in html


def test_the_api_shows_the_same_comments(client, rejected_parent):
    article, parent, reply, deep, other, lone = rejected_parent
    items = client.get(f"/api/v1/articles/{article.pk}/comments").json()["items"]
    by_id = {i["id"]: i for i in items}
    assert set(by_id) == {parent.pk, reply.pk, deep.pk, other.pk}
    assert by_id[parent.pk]["body"] == "" and by_id[parent.pk]["author"] is None
    assert by_id[parent.pk]["is_deleted"] is True
    assert by_id[reply.pk]["body"] == REPLY and by_id[reply.pk]["parent_id"] == parent.pk
    readable = {pk for pk, i in by_id.items() if not i["is_deleted"]}
    assert len(readable) == article.comment_count


def test_the_feed_links_to_comments_on_the_page(client, rejected_parent):
    article, parent, reply, deep, other, lone = rejected_parent
    feed = client.get(f"/feeds/article/{article.pk}/comments/rss/").content.decode()
    linked = {int(pk) for pk in re.findall(r"<link>[^<]*#c-(\d+)</link>", feed)}
    assert linked == {reply.pk, deep.pk, other.pk}
    html = client.get(article.get_absolute_url()).content.decode()
    assert linked <= _shown_ids(html)


def test_a_rejected_thread_start_keeps_its_page(client, rejected_parent, settings):
    """Placeholders are threads of their own in the paging, as the page shows them."""
    settings.COMMENTS_PER_PAGE = 1
    article, parent, reply, deep, other, lone = rejected_parent
    html = client.get(article.get_absolute_url()).content.decode()
    assert _shown_ids(html) == {parent.pk, reply.pk, deep.pk}
    second = client.get(article.get_absolute_url() + "?cpage=2").content.decode()
    assert _shown_ids(second) == {other.pk}
