"""The hourly view rows the editors' dashboard plots: written by the view flush alone,
in the site's hours (Tehran's start at half past a UTC hour), summing to view_count."""

import time
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest

from didgah.community.models import ViewHour
from didgah.community.viewcount import BUCKET_SECONDS, VIEW_HOURS_KEEP_DAYS, bucket_hour, view_record, views_flush
from didgah.news import services as news_services
from didgah.news.models import Article
from didgah.news.tests.factories import make_article

pytestmark = pytest.mark.django_db
UTC = dt_timezone.utc


def _bucket(dt: datetime) -> int:
    return int(dt.timestamp() // BUCKET_SECONDS)


@pytest.mark.parametrize("utc, tz, hour", [
    # 13:59 in Tehran (UTC+03:30) is in the hour that began at 13:00 there, 09:30 UTC.
    (datetime(2025, 11, 2, 10, 29, tzinfo=UTC), "Asia/Tehran", datetime(2025, 11, 2, 9, 30, tzinfo=UTC)),
    (datetime(2025, 11, 2, 10, 30, tzinfo=UTC), "Asia/Tehran", datetime(2025, 11, 2, 10, 30, tzinfo=UTC)),
    # Midnight in Tehran belongs to the new day.
    (datetime(2025, 11, 1, 20, 30, tzinfo=UTC), "Asia/Tehran", datetime(2025, 11, 1, 20, 30, tzinfo=UTC)),
    (datetime(2025, 11, 2, 10, 59, tzinfo=UTC), "UTC", datetime(2025, 11, 2, 10, 0, tzinfo=UTC)),
])
def test_a_minute_bucket_belongs_to_its_hour_of_the_site_clock(utc, tz, hour):
    assert bucket_hour(_bucket(utc), tz) == hour


def test_the_flush_writes_each_hour_once_and_adds_to_it_later():
    article, other = make_article(), make_article()
    now = time.time()
    an_hour_ago = now - 3600
    for i in range(3):
        view_record(article_id=article.pk, viewer=f"early-{i}", now=an_hour_ago)
    for i in range(2):
        view_record(article_id=article.pk, viewer=f"late-{i}", now=now)
    view_record(article_id=other.pk, viewer="late-0", now=now)
    assert views_flush() == 6
    rows = {(r.article_id, r.hour): r.views for r in ViewHour.objects.all()}
    assert rows == {
        (article.pk, bucket_hour(int(an_hour_ago // BUCKET_SECONDS))): 3,
        (article.pk, bucket_hour(int(now // BUCKET_SECONDS))): 2,
        (other.pk, bucket_hour(int(now // BUCKET_SECONDS))): 1,
    }
    view_record(article_id=article.pk, viewer="later", now=now)
    assert views_flush() == 1
    assert ViewHour.objects.get(article=article, hour=bucket_hour(int(now // BUCKET_SECONDS))).views == 3
    # The hours add up to the running count.
    for a in Article.objects.all():
        assert sum(ViewHour.objects.filter(article=a).values_list("views", flat=True)) == a.view_count


def test_a_deleted_article_costs_the_flush_nothing():
    kept, gone = make_article(), make_article()
    view_record(article_id=kept.pk, viewer="a")
    view_record(article_id=gone.pk, viewer="a")
    news_services.article_delete(article=gone)
    assert views_flush() == 2
    assert list(ViewHour.objects.values_list("article_id", "views")) == [(kept.pk, 1)]


def test_rows_older_than_the_kept_days_are_dropped():
    article = make_article()
    old = ViewHour.objects.create(article=article, hour=datetime.now(UTC) - timedelta(days=VIEW_HOURS_KEEP_DAYS + 1),
                                  views=5)
    recent = ViewHour.objects.create(article=article, hour=datetime.now(UTC) - timedelta(days=2), views=5)
    views_flush()
    assert list(ViewHour.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not ViewHour.objects.filter(pk=old.pk).exists()
