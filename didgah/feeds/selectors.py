"""Reads for feeds and sitemaps. Every list is bounded (a feed's item count, a sitemap
page) so a request costs the same however many articles the site holds."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max, Prefetch, QuerySet
from django.db.models.functions import Greatest
from django.utils import timezone

from didgah.news.models import Article, Author, Category, Source, Tag
from didgah.news.selectors import article_list

from . import conf

FEED_FIELDS = (
    "id", "title", "slug", "lead", "image_url", "published_at", "updated_at", "byline",
    "original_url", "comment_count", "source__id", "source__name", "source__slug",
    "source__site_url", "source__feed_url",
)


def feed_articles(*, category: Category | None = None, source: Source | None = None,
                  tag: Tag | None = None, author: Author | None = None,
                  limit: int | None = None) -> list[Article]:
    """The newest public articles for a feed: the reading pages' list, with the fields a
    feed item needs."""
    qs = (
        article_list(category=category, source=source, tag=tag, author=author)
        .select_related(None).select_related("source")
        .only(*FEED_FIELDS)
    )
    return list(qs[: limit or conf.feed_items()])


# When a crawler should read an article as changed: its last save, or its publication if
# that came later (a scheduled article goes public after it was last saved).
CHANGED = Greatest("updated_at", "published_at")


def sitemap_articles() -> QuerySet:
    """(id, slug, changed) of every public article in a stable order, for pagination.

    Tuples rather than model instances: a sitemap page holds thousands of them."""
    return Article.objects.published().order_by("id").annotate(changed=CHANGED).values_list("id", "slug", "changed")


def sitemap_articles_lastmod():
    return Article.objects.published().aggregate(m=Max(CHANGED))["m"]


def news_sitemap_articles(*, now=None) -> QuerySet:
    """Public articles of the last `news_sitemap_days()` days, newest first, capped at
    Google News's limit."""
    now = now or timezone.now()
    since = now - timedelta(days=conf.news_sitemap_days())
    return (
        Article.objects.published(now=now)
        .filter(published_at__gte=since)
        .select_related("source")
        .only("id", "title", "slug", "published_at", "updated_at", "source__name")
        .annotate(changed=CHANGED)
        .prefetch_related(Prefetch("categories", queryset=Category.objects.only("id", "name")))
        .order_by("-published_at", "-id")[: conf.news_sitemap_limit()]
    )


def news_sitemap_lastmod(*, now=None):
    now = now or timezone.now()
    since = now - timedelta(days=conf.news_sitemap_days())
    return (Article.objects.published(now=now).filter(published_at__gte=since)
            .aggregate(m=Max(CHANGED))["m"])


def feed_comments(*, article: Article, limit: int | None = None) -> list:
    """The newest visible (approved, not deleted) comments of an article."""
    from didgah.community.models import Comment

    return list(
        Comment.objects.filter(article_id=article.pk, status=Comment.Status.APPROVED, is_deleted=False)
        .select_related("author__profile")
        .order_by("-created_at", "-id")[: limit or conf.feed_items()]
    )


def feed_article(*, pk: int) -> Article | None:
    return Article.objects.published().filter(pk=pk).select_related("source").first()
