"""Reads for the reading pages. Each list fetches its related rows up front so a page
costs a fixed number of queries however many articles it shows."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from .models import Article, Category, Source

LIST_FIELDS = (
    "id", "title", "slug", "lead", "image_url", "image_caption", "published_at", "status",
    "source__id", "source__name", "source__slug", "byline", "score", "comment_count",
    "view_count", "hot",
)


ORDERS = {
    "latest": ("-published_at", "-id"),
    # The stored hot score (community.rules.hot_score), refreshed on votes and comments.
    "hot": ("-hot", "-published_at", "-id"),
}


def article_list(
    *, category: Category | None = None, source: Source | None = None, order: str = "latest",
) -> QuerySet[Article]:
    qs = (
        Article.objects.published()
        .select_related("source")
        .only(*LIST_FIELDS)
        .prefetch_related(Prefetch("categories", queryset=Category.objects.only("id", "name", "slug")))
    )
    if category is not None:
        qs = qs.filter(categories=category)
    if source is not None:
        qs = qs.filter(source=source)
    return qs.order_by(*ORDERS.get(order, ORDERS["latest"]))


def article_for_reader(*, pk: int, user=None) -> Article | None:
    """The article a reader asked for, or None if it does not exist or is not public.

    Staff may open drafts and scheduled articles: that is the editors' preview. Its
    source, categories and tags are read only when the page's cached article fragment
    is built (Article.category_list, tag_list)."""
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        return None
    if article.is_visible or (user is not None and user.is_authenticated and user.is_staff):
        return article
    return None


def article_same_story(*, article: Article, limit: int = 5) -> list[Article]:
    """Other outlets' reports of the same story (the article's cluster)."""
    if not article.cluster_id:
        return []
    return list(
        Article.objects.published()
        .filter(cluster_id=article.cluster_id)
        .exclude(pk=article.pk)
        .select_related("source")
        .only("id", "title", "slug", "published_at", "source__name", "source__slug")
        .order_by("-published_at")[:limit]
    )


def latest_articles(*, limit: int | None = None) -> list[Article]:
    limit = limit or settings.SIDEBAR_SIZE
    return list(
        Article.objects.published()
        .select_related("source")
        .only("id", "title", "slug", "published_at", "source__name")
        .order_by("-published_at", "-id")[:limit]
    )


def categories_for_nav() -> list[Category]:
    return list(Category.objects.only("id", "name", "slug"))


def sidebar_latest() -> list[dict]:
    from django.utils.translation import gettext as _

    return [{"key": "latest", "title": _("تازه‌ترین‌ها"), "articles": latest_articles(), "show_score": False,
             "metric": ""}]
