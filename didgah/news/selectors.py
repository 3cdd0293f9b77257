"""Reads for the reading pages. Each list fetches its related rows up front so a page
costs a fixed number of queries however many articles it shows."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When, prefetch_related_objects
from django.db.models.functions import TruncHour
from django.utils import timezone

from didgah.persian import search_key

from . import roles, signals
from .models import Article, Author, Breaking, Category, Image, Source, Tag

LIST_FIELDS = (
    "id", "title", "slug", "lead", "image_url", "image_caption", "published_at", "status",
    "source__id", "source__name", "source__slug", "byline", "score", "comment_count",
    "view_count", "hot", "video_url", "video_file", "cluster_id", "front_position", "is_pick",
    "image__id", "image__file", "image__width", "image__height", "image__alt", "image__renditions",
)
# The front page arranges the newest this many stories: a story pinned or picked shows
# while it is among them, so a pin left behind by yesterday's editor lapses by itself.
FRONT_POOL = 150
FRONT_PICKS = 4
FRONT_TOP = 4
FRONT_SECTION = 4
RELATED_LIMIT = 4
# Related stories are looked for among this many days around the article: older ones are
# rarely what a reader wants next, and the window keeps the query's cost bounded.
RELATED_DAYS = 180
# How much each kind of likeness weighs in the related stories' order. A shared tag is
# an editor's word that two stories are about the same thing, so it weighs most; a
# search match on the title's words is strong evidence too, but words can meet by
# chance; a category is broad (a whole section shares it), so it mostly breaks ties.
RELATED_TAG_WEIGHT = 3
RELATED_SEARCH_WEIGHT = 2
RELATED_CATEGORY_WEIGHT = 1
# The most search matches asked for: enough to fill the list when an article has no
# tags, few enough that their ids keep the ranking query small.
RELATED_SEARCH_CANDIDATES = 8


ORDERS = {
    "latest": ("-published_at", "-id"),
    # The stored hot score (community.rules.hot_score), refreshed on votes and comments.
    "hot": ("-hot", "-published_at", "-id"),
}


_CATEGORIES = Prefetch("categories", queryset=Category.objects.only("id", "name", "slug", "position"))


def _listed(qs: QuerySet[Article]) -> QuerySet[Article]:
    """An article list's columns: what a card shows, its source and its picture."""
    return qs.select_related("source", "image").only(*LIST_FIELDS)


def article_list(
    *, category: Category | None = None, source: Source | None = None, order: str = "latest",
    tag: Tag | None = None, author: Author | None = None,
) -> QuerySet[Article]:
    qs = _listed(Article.objects.published()).prefetch_related(_CATEGORIES)
    if category is not None:
        qs = qs.filter(categories=category)
    if source is not None:
        qs = qs.filter(source=source)
    if tag is not None:
        qs = qs.filter(tags=tag)
    if author is not None:
        qs = qs.filter(authors=author)
    return qs.order_by(*ORDERS.get(order, ORDERS["latest"]))


def article_for_reader(*, pk: int, user=None) -> Article | None:
    """The article a reader asked for, or None if it does not exist or is not public.

    Whoever may edit a draft or a scheduled article may open it (roles.can_preview_article):
    that is the editors' preview. Its source, categories and tags are read only when the
    page's cached article fragment is built (Article.category_list, tag_list)."""
    article = Article.objects.filter(pk=pk).select_related("image").first()
    if article is None:
        return None
    if article.is_visible or roles.can_preview_article(user, article):
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


def _attach_other_sources(articles: list[Article]) -> None:
    """Each article of a story reported by several outlets gets `other_sources`: the
    other reports of its cluster (one query for the whole page)."""
    by_cluster = {a.cluster_id: a for a in articles if a.cluster_id}
    for a in articles:
        a.other_sources = []
    if not by_cluster:
        return
    others = (
        Article.objects.published()
        .filter(cluster_id__in=list(by_cluster))
        .exclude(pk__in=[a.pk for a in by_cluster.values()])
        .select_related("source")
        .only("id", "title", "slug", "cluster_id", "published_at", "source__name", "source__slug")
        .order_by("-published_at")
    )
    for other in others:
        shown = by_cluster[other.cluster_id]
        if other.source_id and other.source_id != shown.source_id and len(shown.other_sources) < 4:
            shown.other_sources.append(other)


def front_page(*, now=None) -> dict:
    """The front page's arrangement: the lead, the stories under it, editors' picks,
    a section per category, the latest, and the breaking-news bar.

    Pinned stories come first in their set order (the first is the lead); without any,
    the newest story with a picture leads. A story shows once, in the first block that
    takes it; a story reported by several outlets shows once too, where its first report
    would, with the others named beside it. A fixed number of queries whatever the
    site's size (one more when a shown story has other reports)."""
    now = now or timezone.now()
    pool = list(
        _listed(Article.objects.published(now)).order_by("-published_at", "-id")[:FRONT_POOL]
    )
    prefetch_related_objects(pool, _CATEGORIES)

    seen_articles: set[int] = set()
    seen_clusters: set[int] = set()

    def take(candidates, limit):
        taken = []
        for a in candidates:
            if len(taken) >= limit:
                break
            if a.pk in seen_articles or (a.cluster_id and a.cluster_id in seen_clusters):
                continue
            seen_articles.add(a.pk)
            if a.cluster_id:
                seen_clusters.add(a.cluster_id)
            taken.append(a)
        return taken

    pinned = sorted((a for a in pool if a.front_position is not None), key=lambda a: a.front_position)
    lead = take(pinned or [a for a in pool if a.image_id or a.image_url] or pool, 1)
    top = take(pinned[1:] + [a for a in pool if not a.is_pick], FRONT_TOP)
    picks = take([a for a in pool if a.is_pick], FRONT_PICKS)
    categories = {c.pk: c for a in pool for c in a.categories.all()}
    sections = []
    for category in sorted(categories.values(), key=lambda c: (c.position, c.name)):
        in_category = [a for a in pool if any(c.pk == category.pk for c in a.categories.all())]
        articles = take(in_category, FRONT_SECTION)
        if articles:
            sections.append({"category": category, "articles": articles})
    latest = take(pool, settings.ARTICLES_PER_PAGE)
    shown = lead + top + picks + [a for s in sections for a in s["articles"]] + latest
    _attach_other_sources(shown)
    return {
        "lead": lead[0] if lead else None,
        "top": top,
        "picks": picks,
        "sections": sections,
        "latest": latest,
        "breaking": breaking_now(now=now),
    }


def breaking_now(*, now=None) -> list[Breaking]:
    return list(
        Breaking.objects.active(now)
        .select_related("article")
        .only("id", "headline", "expires_at", "article__id", "article__slug", "article__title")
        .order_by("-starts_at")[:3]
    )


def related_search_ids(*, article: Article, limit: int = RELATED_SEARCH_CANDIDATES) -> list[int]:
    """Ids of articles the apps above news find like `article` (the search index's
    matches for its title, through news.signals.related_candidates), most alike first,
    without the article itself."""
    ids: list[int] = []
    for _receiver, found in signals.related_candidates.send(sender=Article, article=article, limit=limit):
        for pk in found or ():
            if pk != article.pk and pk not in ids:
                ids.append(pk)
    return ids[:limit]


def same_headline(a: str, b: str) -> bool:
    """Whether two headlines are one story's, however their letters, digits or spaces
    were typed: outlets that copy a report keep its headline, and a short report has no
    fingerprint for ingest to cluster it by."""
    return bool(a and b) and search_key(a).split() == search_key(b).split()


def article_related(*, article: Article, limit: int = RELATED_LIMIT) -> list[Article]:
    """Stories a reader of `article` may want next, from shared tags, the same category
    and the search index's matches for its title (weighed by RELATED_*_WEIGHT), newest
    first among equals, within RELATED_DAYS. Never the article itself, nor another
    outlet's report of the same story (its cluster, or the same headline), nor two
    reports of one story. Its cost: the search's queries and one more."""
    tag_ids = [t.pk for t in article.tag_list]
    category_ids = [c.pk for c in article.category_list]
    similar = related_search_ids(article=article)
    if not tag_ids and not category_ids and not similar:
        return []
    around = article.published_at or timezone.now()
    qs = (
        Article.objects.published()
        .filter(published_at__gte=around - timedelta(days=RELATED_DAYS))
        .filter(Q(tags__in=tag_ids) | Q(categories__in=category_ids) | Q(pk__in=similar))
        .exclude(pk=article.pk)
    )
    if article.cluster_id:
        qs = qs.exclude(cluster_id=article.cluster_id)
    # Weights are counted in units of `unit` so that the search's own order can count
    # too in whole numbers: its best match weighs RELATED_SEARCH_WEIGHT units, each later
    # one a little less (never less than half), a tag or a category its weight in units.
    unit = max(len(similar), 1)
    search_rank = Case(
        *(When(pk=pk, then=Value(RELATED_SEARCH_WEIGHT * unit - i)) for i, pk in enumerate(similar)),
        default=Value(0), output_field=IntegerField(),
    ) if similar else Value(0, output_field=IntegerField())
    ranked = (
        qs.annotate(
            shared_tags=Count("tags", filter=Q(tags__in=tag_ids), distinct=True),
            shared_categories=Count("categories", filter=Q(categories__in=category_ids), distinct=True),
            search_rank=search_rank,
        )
        .annotate(relevance=F("shared_tags") * (RELATED_TAG_WEIGHT * unit) + F("search_rank")
                  + F("shared_categories") * (RELATED_CATEGORY_WEIGHT * unit))
        .select_related("image")
        .only("id", "title", "slug", "published_at", "cluster_id", "video_url", "video_file", "image_url",
              "image__id", "image__file", "image__width", "image__height", "image__alt", "image__renditions")
        .order_by("-relevance", "-published_at", "-id")[: limit * 3]
    )
    related, clusters = [], set()
    for candidate in ranked:
        if candidate.cluster_id and candidate.cluster_id in clusters:
            continue
        if same_headline(candidate.title, article.title) or any(
                same_headline(candidate.title, r.title) for r in related):
            continue
        clusters.add(candidate.cluster_id)
        related.append(candidate)
        if len(related) == limit:
            break
    return related


def published_per_hour(*, start, end) -> dict:
    """{hour's start on the site's clock: stories published in it} between start and end
    (the dashboard's columns). One query, grouped by the database."""
    rows = (
        Article.objects.published()
        .filter(published_at__gte=start, published_at__lt=end)
        .annotate(hour=TruncHour("published_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .values("hour").annotate(n=Count("id")).order_by()
    )
    return {row["hour"]: row["n"] for row in rows}


def top_sources(*, since, limit: int) -> list[dict]:
    """Sources with the most stories published since `since`, most first:
    [{"id", "name", "stories", "views"}]. One query."""
    rows = (
        Article.objects.published()
        .filter(published_at__gte=since, source__isnull=False)
        .values("source_id", "source__name")
        .annotate(stories=Count("id"), views=Sum("view_count"))
        .order_by("-stories", "source__name")[:limit]
    )
    return [{"id": r["source_id"], "name": r["source__name"], "stories": r["stories"], "views": r["views"] or 0}
            for r in rows]


def image_library(*, query: str = "", limit: int) -> list:
    """The newest library images, or those whose alt text, caption or credit has
    `query` in it: what the editor's image button offers."""
    qs = Image.objects.only("id", "file", "width", "height", "alt", "caption", "credit", "renditions")
    query = (query or "").strip()
    if query:
        qs = qs.filter(Q(alt__icontains=query) | Q(caption__icontains=query) | Q(credit__icontains=query))
    return list(qs.order_by("-created_at", "-id")[:limit])


def images_by_file(*, names) -> dict:
    """{file name: library image} for the images named (an article body's pictures)."""
    names = [n for n in set(names) if n]
    if not names:
        return {}
    return {image.file.name: image for image in Image.objects.filter(file__in=names)
            .only("id", "file", "width", "height", "alt", "renditions")}


def article_saved_at_locked(*, pk: int):
    """When the article was last saved (None if it is gone), its row locked until the
    caller's transaction ends: call inside one, before saving it."""
    return Article.objects.select_for_update().filter(pk=pk).values_list("updated_at", flat=True).first()


def front_position_sharers(*, article: Article, limit: int = 3) -> list[str]:
    """Titles of other public or scheduled articles pinned at the article's front-page
    position (the front page takes pinned stories from the newest ones)."""
    return list(
        Article.objects.filter(front_position=article.front_position, status__in=Article.LISTED_STATUSES)
        .exclude(pk=article.pk).order_by("-published_at").values_list("title", flat=True)[:limit]
    )
