"""The cached comment list (selectors.thread_page): shared markup per thread version,
per-reader parts filled per request, never stale after a change."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from didgah.accounts.models import Profile
from didgah.community import rules, selectors, services
from didgah.community.models import ArticleVote, Comment
from didgah.news.models import Article
from didgah.news.tests.factories import make_article

from .factories import PASSWORD, make_comment, make_reader

pytestmark = pytest.mark.django_db


def _page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _block(html: str, comment) -> str:
    """The markup of one comment (up to the next comment)."""
    start = html.index(f'id="c-{comment.pk}"')
    nxt = html.find('<li class="comment', start + 1)
    return html[start:nxt if nxt > 0 else None]


def _comment_queries(ctx) -> int:
    return sum('FROM "community_comment"' in q["sql"] and "COUNT" not in q["sql"] for q in ctx.captured_queries)


def test_visitors_share_one_cached_list_without_a_csrf_token():
    article = make_article()
    for _ in range(3):
        make_comment(article=article)
    first, second = Client(), Client()
    html = _page(first, article)
    assert html.count('class="comment depth-0') == 3
    assert "csrfmiddlewaretoken" not in html
    with CaptureQueriesContext(connection) as ctx:
        response = second.get(article.get_absolute_url())
    assert "csrftoken" not in response.cookies  # nothing per visitor: the page may be shared
    assert _comment_queries(ctx) == 0  # the list came from the cache
    assert response.content.decode().count('class="comment depth-0') == 3


def test_a_readers_votes_token_and_own_actions_are_theirs_alone(client):
    article = make_article()
    alice, bob = make_reader(), make_reader()
    by_bob = make_comment(article=article, author=bob)
    by_alice = make_comment(article=article, author=alice)
    services.comment_vote(comment=by_bob, user=alice, value=1)
    _page(Client(), article)  # a visitor fills the cache first

    client.force_login(alice)
    html = _page(client, article)
    alice_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    block = _block(html, by_bob)
    assert 'class="comment-like is-active"' in block and 'aria-pressed="true"' in block
    assert "comment-report" in block and "comment-delete" not in block
    own = _block(html, by_alice)
    assert "comment-edit" in own and "comment-delete" in own and "comment-like" not in own

    other = Client()
    other.force_login(bob)
    html = _page(other, article)
    assert alice_token not in html
    block = _block(html, by_bob)  # Bob's own comment: no vote buttons, his edit and delete
    assert "comment-like" not in block and "comment-delete" in block
    theirs = _block(html, by_alice)
    assert "is-active" not in theirs and "comment-delete" not in theirs and "comment-report" in theirs

    visitor = _page(Client(), article)
    assert "comment-like" not in visitor and "comment-reply" not in visitor and "is-active" not in visitor


def _edit(client, reader, comment):
    return client.post(f"/community/comment/{comment.pk}/edit/", {"body": "متن تازهٔ ویرایش‌شده"})


def _delete(client, reader, comment):
    return client.post(f"/community/comment/{comment.pk}/delete/")


def _vote(client, reader, comment):
    return client.post(f"/community/comment/{comment.pk}/vote/", {"value": "1"})


def _reject(client, reader, comment):
    services.comment_moderate(comment=comment, actor=None, approve=False)


def _rename(client, reader, comment):
    return client.post("/accounts/profile/", {"display_name": "نام تازه", "city": "یزد", "country": "IR"})


def _delete_account(client, reader, comment):
    return client.post("/accounts/delete/", {"password": PASSWORD})


def _new_comment(client, reader, comment):
    return client.post(f"/community/article/{comment.article_id}/comment/", {"body": "دیدگاه تازهٔ دیگری"})


@pytest.mark.parametrize(
    ("change", "target", "expect", "gone"),
    [
        (_edit, "own", "متن تازهٔ ویرایش‌شده", "متن نخست"),
        (_delete, "own", "این دیدگاه به دست نویسنده‌اش حذف شده است.", "متن نخست"),
        (_vote, "other", 'id="c-{pk}-score" dir="ltr" title="امتیاز">+۱<', None),
        (_reject, "own", None, "متن نخست"),
        (_rename, "own", "نام تازه - یزد، ایران", None),
        (_delete_account, "own", "کاربر حذف‌شده", None),
        (_new_comment, "own", "دیدگاه تازهٔ دیگری", None),
    ],
)
def test_no_stale_list_after_a_change(client, change, target, expect, gone):
    article = make_article()
    actor, other = make_reader(), make_reader()
    comment = make_comment(article=article, author=actor if target == "own" else other, body="متن نخست")
    client.force_login(actor)
    visitor = Client()
    _page(visitor, article), _page(client, article)  # both cached variants are warm
    change(client, actor, comment)
    pages = [_page(visitor, article)]
    if get_user_model().objects.filter(pk=actor.pk).exists():
        pages.append(_page(client, article))
    for html in pages:
        if expect:
            assert expect.format(pk=comment.pk) in html
        if gone:
            assert gone not in html


def test_own_pending_comment_is_shown_to_its_author_only(client, settings):
    settings.COMMENT_MODERATION = "pre"
    article = make_article()
    make_comment(article=article, body="دیدگاه تأییدشده")  # by a reader with approvals... still pending in pre
    Comment.objects.update(status=Comment.Status.APPROVED)
    author = make_reader()
    _page(Client(), article)
    client.force_login(author)
    assert client.post(f"/community/article/{article.pk}/comment/", {"body": "منتظر بررسی"}).status_code == 302
    mine = _page(client, article)
    assert "منتظر بررسی" in mine and "is-pending" in mine and "دیدگاه تأییدشده" in mine
    visitor = _page(Client(), article)
    assert "منتظر بررسی" not in visitor and "دیدگاه تأییدشده" in visitor


def test_thread_versions_start_random_and_bump_in_the_writing_transaction():
    article = make_article()
    first = selectors.thread_version(article_id=article.pk)
    assert first == selectors.thread_version(article_id=article.pk)
    other = make_article()
    assert selectors.thread_version(article_id=other.pk) != first  # random starts
    make_comment(article=article)
    assert selectors.thread_version(article_id=article.pk) == first + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        services.threads_touch(article_ids=[article.pk])
        raise RuntimeError
    assert selectors.thread_version(article_id=article.pk) == first + 1  # rolled back with its change


def test_page_queries_do_not_grow_with_the_thread(client, settings):
    settings.COMMENTS_PER_PAGE = 500
    small, big = make_article(), make_article()
    reader = make_reader()
    make_comment(article=small)
    Comment.objects.bulk_create([Comment(article=big, author=reader, body=f"دیدگاه {i}",
                                         status=Comment.Status.APPROVED) for i in range(500)])
    for c in (client,):
        c.force_login(reader)
    counts = {}
    for label, c in (("visitor", Client()), ("reader", client)):
        for article in (small, big):
            c.get(article.get_absolute_url())  # fills the cache
            with CaptureQueriesContext(connection) as ctx:
                html = c.get(article.get_absolute_url()).content.decode()
            counts[label, article.pk] = len(ctx)
            assert _comment_queries(ctx) == (0 if label == "visitor" else 1)  # the reader's pending check
        assert counts[label, small.pk] == counts[label, big.pk]
    assert html.count('class="comment depth-0') == 500
    assert counts["visitor", big.pk] < counts["reader", big.pk] <= counts["visitor", big.pk] + 6


def test_hot_computed_in_sql_equals_the_rule():
    article = make_article()
    readers = [make_reader() for _ in range(4)]
    for i, reader in enumerate(readers):
        services.article_vote(article=article, user=reader, value=1 if i else -1)
    make_comment(article=article)
    make_comment(article=article)
    article.refresh_from_db()
    assert (article.score, article.comment_count) == (2, 2)
    assert article.hot == pytest.approx(rules.hot_score(score=2, comment_count=2,
                                                        published_at=article.published_at), abs=2e-7)
    services.article_vote(article=article, user=readers[1], value=1)  # withdrawn: score 1
    article.refresh_from_db()
    assert article.hot == pytest.approx(rules.hot_score(score=1, comment_count=2,
                                                        published_at=article.published_at), abs=2e-7)


def test_vote_endpoint_query_budget(client):
    article = make_article()
    reader = make_reader()
    client.force_login(reader)
    client.post(f"/community/article/{article.pk}/vote/", {"value": "1"})
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(f"/community/article/{article.pk}/vote/", {"value": "-1"})
    assert response.status_code == 302
    # session, user, article+standing, then on SQLite vote row read, vote row write,
    # counters+hot; on PostgreSQL the vote and its counters are one statement
    # (the test's own transaction adds savepoints around the atomic block)
    real = [q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(real) <= (4 if connection.vendor == "postgresql" else 6)
    assert ArticleVote.objects.get(article=article, user=reader).value == -1


@pytest.mark.django_db(transaction=True)
def test_a_vote_inside_a_callers_transaction_is_rolled_back_with_it():
    article = make_article()
    reader = make_reader()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.article_vote(article=article, user=reader, value=1)
        raise RuntimeError
    assert not ArticleVote.objects.exists()
    article.refresh_from_db()
    assert (article.votes_up, article.score) == (0, 0)
    # on its own it commits (on PostgreSQL together with the counter UPDATE)
    services.article_vote(article=article, user=reader, value=1)
    article.refresh_from_db()
    assert (article.votes_up, article.score) == (1, 1)
    assert Profile.objects.filter(user=reader).exists() and Article.objects.filter(pk=article.pk).exists()
