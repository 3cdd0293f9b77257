"""Reads behind the API. Lists are querysets the endpoint pages through; every list
fetches its related rows up front, so a page costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from didgah.news.models import Article, Category, Source

from . import conf
from .models import ApiToken
from .services import token_hash

# Dates outside this range are no one's news; clamping them keeps the conversion to
# aware datetimes (and then to UTC) from overflowing at year 1 or 9999.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(9000, 12, 31)

ARTICLE_FIELDS = (
    "id", "title", "slug", "lead", "image_url", "image_caption", "published_at", "updated_at",
    "original_url", "byline", "votes_up", "votes_down", "score", "comment_count", "view_count", "hot",
    "source__id", "source__name", "source__slug", "source__site_url",
)


def token_for_key(*, raw: str) -> ApiToken | None:
    """The active token whose secret is `raw`, with its user, or None."""
    if not raw or len(raw) > 200:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def tokens_of(*, user) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


def token_of(*, user, pk: int) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, pk=pk).first()


def clamp_date(day: date | None) -> date | None:
    return None if day is None else min(max(day, EARLIEST_DATE), LATEST_DATE)


def _day_start(day: date) -> datetime:
    day = clamp_date(day)
    return timezone.make_aware(datetime.combine(day, time.min))


def _articles() -> QuerySet[Article]:
    return (
        Article.objects.published()
        .select_related("source")
        .only(*ARTICLE_FIELDS)
        .prefetch_related(Prefetch("categories", queryset=Category.objects.only("id", "name", "slug")))
    )


def api_articles(*, category: str | None = None, source: str | None = None,
                 since: date | None = None, until: date | None = None) -> QuerySet[Article]:
    """Public articles, newest first. `since` and `until` are days in the site's time
    zone, both included; `category` and `source` are slugs (an unknown one matches
    nothing)."""
    qs = _articles()
    if category:
        qs = qs.filter(categories__slug=category)
    if source:
        qs = qs.filter(source__slug=source)
    if since:
        qs = qs.filter(published_at__gte=_day_start(since))
    if until:
        qs = qs.filter(published_at__lt=_day_start(until) + timedelta(days=1))
    return qs.order_by("-published_at", "-id")


def api_article(*, pk: int) -> Article | None:
    return (
        Article.objects.published()
        .select_related("source")
        .prefetch_related("categories", "tags")
        .filter(pk=pk)
        .first()
    )


def api_sources() -> QuerySet[Source]:
    return Source.objects.filter(is_active=True).order_by("name", "id")


def api_categories() -> QuerySet[Category]:
    return Category.objects.order_by("position", "name", "id")


@dataclass(frozen=True)
class Ranking:
    metric: str  # the Article counter it orders by
    windowed: bool  # whether `days` narrows it to recent articles


# The same counters and windows the community's sidebar ranks by (community.selectors):
# net score and comment count of articles published in the last N days; «hot» is the
# stored hot score, which already decays with age, so it needs no window.
RANKINGS = {
    "most-voted": Ranking("score", True),
    "most-commented": Ranking("comment_count", True),
    "hot": Ranking("hot", False),
}


def api_ranking(*, kind: str, days: int) -> QuerySet[Article]:
    ranking = RANKINGS[kind]
    qs = _articles()
    if ranking.windowed:
        since = timezone.now() - timedelta(days=days)
        qs = qs.filter(published_at__gte=since, **{f"{ranking.metric}__gt": 0})
    return qs.order_by(f"-{ranking.metric}", "-published_at", "-id")


def page_bounds(*, page: int, page_size: int) -> tuple[int, int]:
    page = min(max(page, 1), conf.MAX_PAGE)
    start = (page - 1) * page_size
    return start, start + page_size
