"""Sidebar rankings, hot scores and buffered view counting."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from didgah.community import services
from didgah.community.viewcount import views_flush, views_pending, view_record
from didgah.news.models import Article
from didgah.news.tests.factories import make_article

from .factories import fold, make_comment, make_reader

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"}


def _side_block(html: str, key: str) -> str:
    start = html.index(f'id="side-{key}"')
    return html[start:html.index("</section>", start)]


def test_sidebar_lists_voted_viewed_commented_latest(client, settings):
    settings.SIDEBAR_VOTED_DAYS = 7
    readers = [make_reader() for _ in range(3)]
    top = make_article(title="پرامتیازترین خبر")
    second = make_article(title="خبر دوم")
    old = make_article(title="خبر کهنه", published_at=timezone.now() - timedelta(days=10))
    for r in readers:
        services.article_vote(article=top, user=r, value=1)
        services.article_vote(article=old, user=r, value=1)
    services.article_vote(article=second, user=readers[0], value=1)
    make_comment(article=second, body="بحث")
    Article.objects.filter(pk=second.pk).update(view_count=500)
    fold()
    html = client.get("/").content.decode()
    voted = _side_block(html, "voted")
    assert voted.index("پرامتیازترین خبر") < voted.index("خبر دوم")
    assert "+۳" in voted and "خبر کهنه" not in voted  # outside the 7-day window
    assert "خبر دوم" in _side_block(html, "viewed") and "۵۰۰" in _side_block(html, "viewed")
    assert "خبر دوم" in _side_block(html, "commented")
    assert "پرامتیازترین خبر" in _side_block(html, "latest")
    settings.SIDEBAR_VOTED_DAYS = 30
    assert "خبر کهنه" in _side_block(client.get("/").content.decode(), "voted")


def test_hot_follows_votes_and_comments_through_the_fold():
    article = make_article()
    fold()
    before = Article.objects.get(pk=article.pk).hot
    assert before > 0  # a new article gets its hot score from the fold
    for _ in range(3):
        services.article_vote(article=article, user=make_reader(), value=1)
    assert Article.objects.get(pk=article.pk).hot == before  # the votes wrote only their rows
    fold()
    after_vote = Article.objects.get(pk=article.pk).hot
    for _ in range(4):
        make_comment(article=article)
    fold()
    after_comment = Article.objects.get(pk=article.pk).hot
    assert before < after_vote < after_comment


def test_an_archive_moved_in_is_not_given_hot_scores_batch_after_batch():
    """Only articles young enough to rank get a hot score from the fold; an imported
    archive's old ones keep 0 instead of costing every fold a batch (votes still fold)."""
    new = make_article()
    old = make_article(published_at=timezone.now() - timedelta(days=30))
    Article.objects.filter(pk__in=[new.pk, old.pk]).update(hot=0)
    fold()
    assert Article.objects.get(pk=new.pk).hot > 0
    assert Article.objects.get(pk=old.pk).hot == 0
    services.article_vote(article=old, user=make_reader(), value=1)
    fold()
    assert Article.objects.get(pk=old.pk).hot != 0


def test_views_buffered_once_per_viewer_not_bots(client):
    """Views are counted by the page's personal request, never by the (cached) page."""
    article = make_article()
    client.get(article.get_absolute_url(), **BROWSER)
    assert views_pending() == {}
    url = f"/community/me/?article={article.pk}"
    client.get(url, **BROWSER)
    for _ in range(5):
        client.get(url, **BROWSER)  # the same visitor within the hour
    client.get(url, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    client.get(url, HTTP_USER_AGENT="curl/8.0")
    client.get(url)  # no User-Agent at all
    client.get(url, REMOTE_ADDR="10.0.0.9", **BROWSER)  # another visitor
    reader = make_reader()
    client.force_login(reader)
    client.get(url, **BROWSER)
    client.get(url, **BROWSER)
    article.refresh_from_db()
    assert article.view_count == 0  # nothing written per view
    assert views_pending() == {article.pk: 3}
    assert views_flush() == 3
    article.refresh_from_db()
    assert article.view_count == 3 and views_pending() == {}


def test_a_reader_counted_within_the_hour_writes_nothing_on_their_next_view(client, monkeypatch):
    """Their "seen" key is read with their personal parts: found, no write is tried."""
    from didgah.community import viewcount

    article = make_article()
    client.force_login(make_reader())
    url = f"/community/me/?article={article.pk}"
    client.get(url, **BROWSER)
    recorded = []
    monkeypatch.setattr(viewcount, "view_record", lambda **kw: recorded.append(kw))
    assert client.get(url, **BROWSER).json()["signed_in"]
    assert recorded == [] and views_pending() == {article.pk: 1}


def test_ten_thousand_views_lose_none(django_assert_max_num_queries):
    articles = [make_article() for _ in range(7)]
    for i in range(10_000):
        view_record(article_id=articles[i % 7].pk, viewer=f"visitor-{i}")
    view_record(article_id=articles[0].pk, viewer="visitor-0")  # seen: not counted
    with django_assert_max_num_queries(40):
        assert views_flush() == 10_000
    counts = dict(Article.objects.values_list("pk", "view_count"))
    assert sum(counts.values()) == 10_000
    assert counts[articles[0].pk] == 1429 and counts[articles[6].pk] == 1428
    assert views_flush() == 0  # flushed amounts were taken off the buffer


def test_views_during_a_flush_are_kept_for_the_next():
    article = make_article()
    for i in range(10):
        view_record(article_id=article.pk, viewer=f"v{i}")
    assert views_flush() == 10
    for i in range(10, 15):
        view_record(article_id=article.pk, viewer=f"v{i}")
    assert views_flush() == 5
    article.refresh_from_db()
    assert article.view_count == 15


def test_flush_command(capsys):
    from django.core.management import call_command

    article = make_article()
    view_record(article_id=article.pk, viewer="x")
    call_command("flush_views")
    assert "views written: 1" in capsys.readouterr().out
    call_command("fold_counters", "--all")
    assert "articles changed" in capsys.readouterr().out


def test_score_formatting_in_persian_digits(client):
    article = make_article()
    readers = [make_reader() for _ in range(2)]
    for r in readers:
        services.article_vote(article=article, user=r, value=-1)
    fold()
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'id="article-score" dir="ltr">−۲<', html)


def test_the_scheduler_flushes_views_and_folds_counters_never_a_request(client):
    """The scheduler process runs the periodic jobs (common.periodic); a reader's
    request never writes counts to the database."""
    from didgah.common import periodic

    article = make_article()
    services.article_vote(article=article, user=make_reader(), value=1)
    client.get(f"/community/me/?article={article.pk}", **BROWSER)
    client.get(article.get_absolute_url(), **BROWSER)
    article.refresh_from_db()
    assert (article.view_count, article.votes_up) == (0, 0)
    assert {"community.counters_fold", "community.views_flush"} <= set(periodic.registered())
    periodic.run_due(force=True)
    article.refresh_from_db()
    assert (article.view_count, article.votes_up, article.score) == (1, 1, 1)


def test_ten_thousand_views_through_redis_lose_none(settings):
    """The shared-buffer path: Redis as the cache (db 13, a key prefix of its own; only
    this test's keys are deleted, never the whole database, which others may share)."""
    import os
    import time

    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, db=13, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.CACHES = {"default": {
        "BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/13",
        "KEY_PREFIX": f"test-community-{os.getpid()}-{time.time_ns()}", "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }}
    from django.core.cache import cache

    try:
        articles = [make_article() for _ in range(3)]
        for i in range(10_000):
            view_record(article_id=articles[i % 3].pk, viewer=f"r{i}")
        view_record(article_id=articles[0].pk, viewer="r0")
        assert views_flush() == 10_000
        assert sum(Article.objects.values_list("view_count", flat=True)) == 10_000
    finally:
        cache.delete_pattern("*")
