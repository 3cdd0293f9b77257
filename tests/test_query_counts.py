"""The hot paths (home, an article with 500 comments, the rankings) cost a fixed number
of queries however much content there is, and none of those queries scans a whole big
table. Existing tests cover neighbours of these (news: home with 20 articles;
community: a 5,000-comment thread for a logged-in reader, equal to a 60-comment one);
these pin the numbers, for visitors and readers, and the plans."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from didgah.community import services
from didgah.community.models import Comment, CommentVote
from didgah.community.selectors import ranked_lists
from didgah.community.tests.factories import make_reader
from didgah.news.models import Article
from didgah.news.tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

# Tables that grow with the site: a query that scans one of them whole is a missing index.
BIG_TABLES = ("news_article", "community_comment", "community_commentvote", "community_articlevote",
              "news_article_categories")


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries]


def _full_scans(sqls: list[str]) -> list[str]:
    """The queries among `sqls` whose plan scans a big table whole (SQLite's EXPLAIN
    QUERY PLAN says `SCAN <table>` without an index)."""
    if connection.vendor != "sqlite":
        return []
    bad = []
    with connection.cursor() as cursor:
        for sql in sqls:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            for row in cursor.fetchall():
                detail = row[-1]
                m = re.match(r"SCAN (\w+)", detail)
                if m and m.group(1) in BIG_TABLES and "INDEX" not in detail:
                    bad.append(f"{detail}: {sql[:200]}")
    return bad


def _articles(n: int, category) -> list[Article]:
    articles = []
    for i in range(n):
        article = make_article(title=f"خبر آزمایشی {i}")
        article.categories.add(category)
        articles.append(article)
    # Give the rankings something to rank.
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(score=3, view_count=10, comment_count=2, hot=1.5)
    return articles


def _comments(article: Article, n: int, authors) -> list[Comment]:
    now = timezone.now()
    roots = Comment.objects.bulk_create([
        Comment(article=article, author=authors[i % len(authors)], body=f"دیدگاه {i}",
                status=Comment.Status.APPROVED, created_at=now)
        for i in range(n * 4 // 5)
    ])
    replies = [Comment(article=article, author=authors[i % len(authors)], parent=roots[i], root=roots[i], depth=1,
                       body=f"پاسخ {i}", status=Comment.Status.APPROVED, created_at=now)
               for i in range(n - len(roots))]
    Comment.objects.bulk_create(replies)
    Article.objects.filter(pk=article.pk).update(comment_count=n)
    return roots + replies


def test_home_costs_the_same_with_five_or_forty_articles(client):
    category = make_category()
    _articles(5, category)
    small = _queries(client, "/")
    _articles(35, category)
    big = _queries(client, "/")
    assert len(big) == len(small) <= 8
    assert len(_queries(client, "/?order=hot")) <= 8
    assert _full_scans(big) == []


def test_article_with_500_comments_costs_the_same_as_with_five(client, settings):
    settings.COMMENTS_PER_PAGE = 500  # the whole thread on one page: worst case
    authors = [make_reader() for _ in range(10)]
    small, big = make_article(), make_article()
    _comments(small, 5, authors)
    comments = _comments(big, 500, authors)
    # The reader has voted on the article and on many comments: their state costs
    # one query each, not one per comment.
    reader = authors[0]
    services.article_vote(article=big, user=reader, value=1)
    CommentVote.objects.bulk_create([CommentVote(comment=c, user=reader, value=1) for c in comments[:200]])

    visitor_small = _queries(client, small.get_absolute_url())
    visitor_big = _queries(client, big.get_absolute_url())
    # The cap leaves room for the related stories' search (up to three searches of the
    # title's words, each with its results' rows), run here on every request because
    # tests cache no fragment (FRAGMENT_SECONDS=0); the site runs it once per edit and
    # FRAGMENT_SECONDS (news.views.article_detail).
    assert len(visitor_big) == len(visitor_small) <= 22
    html = client.get(big.get_absolute_url()).content.decode()
    assert html.count('class="comment depth-') == 500

    client.force_login(reader)
    reader_small = _queries(client, small.get_absolute_url())
    reader_big = _queries(client, big.get_absolute_url())
    assert len(reader_big) == len(reader_small) <= 22
    assert _full_scans(visitor_big + reader_big) == []


def test_rankings_cost_the_same_with_five_or_forty_articles(client):
    category = make_category()
    _articles(5, category)
    urls = ["/api/v1/rankings/most-voted", "/api/v1/rankings/most-commented", "/api/v1/rankings/hot"]
    small = {url: len(_queries(client, url)) for url in urls}
    _articles(35, category)
    big_sqls = {url: _queries(client, url) for url in urls}
    assert {url: len(sqls) for url, sqls in big_sqls.items()} == small
    assert max(small.values()) <= 4
    # The sidebar's three ranked lists: one query each.
    with CaptureQueriesContext(connection) as ctx:
        lists = ranked_lists(limit=10)
    assert len(ctx.captured_queries) == 3
    assert all(len(block["articles"]) == 10 for block in lists)
    assert _full_scans([q["sql"] for q in ctx.captured_queries] + sum(big_sqls.values(), [])) == []
