"""Reads for search: `search_articles` returns plain data (dicts, strings, numbers) so
the search page and the JSON API render the same thing."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models.functions import Substr
from django.utils import timezone

from didgah import persian
from didgah.news.models import Article, Category, Source

from . import analysis, backends, conf
from .services import _plain

# A lead-less article's snippet comes from the body; reading past this many characters
# would only cost time (the best window is almost always near the top of a news text).
SNIPPET_SOURCE_CHARS = 6000
# The body is first looked at this far, and further only when no match is found there:
# marking words costs a cache look-up per word, and most matches are near the top.
SNIPPET_FIRST_CHARS = 1500

SORTS = ("relevance", "date")


def rounded_estimate(n: int) -> int:
    """An estimated count to two significant figures («حدود ۶۹٬۰۰۰»): the figures
    past those are noise, and a precise-looking number would claim otherwise."""
    if n < 100:
        return n
    step = 10 ** (len(str(n)) - 2)
    return round(n / step) * step


def _day_start(day: date) -> datetime:
    """Midnight of a calendar day in the site's zone (Tehran): readers think in local days."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


FILTER_OPTIONS_KEY = "search:filter-options"


def search_filter_options() -> dict[str, list[dict]]:
    """Sources and categories a reader can filter by.

    Kept in Django's cache as long as a search page is (conf.page_seconds()): every
    search page lists them all, they change a few times a year, and a source added
    shows in the filter no later than its articles show in a kept page."""
    seconds = conf.page_seconds()
    if seconds and (kept := cache.get(FILTER_OPTIONS_KEY)) is not None:
        return kept
    options = {
        "sources": [{"slug": s.slug, "name": s.name} for s in Source.objects.only("slug", "name")],
        "categories": [{"slug": c.slug, "name": c.name} for c in Category.objects.only("slug", "name")],
    }
    if seconds:
        cache.set(FILTER_OPTIONS_KEY, options, seconds)
    return options


def search_articles(
    *,
    query: str,
    source: str | None = None,
    category: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
    per_page: int | None = None,
    now: datetime | None = None,
    sort: str = "relevance",
) -> dict:
    """Published articles matching `query`, best first, one page of them.

    source / category: slugs (an unknown slug matches nothing); date_from / date_to:
    Gregorian dates, inclusive, as local (Tehran) days; page: 1-based, clamped to the
    range that exists; sort: "relevance" (recency-weighted) or "date" (newest first).
    Never raises on what a reader typed.

    Relevance serves conf.relevance_pages() pages, newest first conf.max_pages().

    Returns {"query", "total", "estimated", "page", "num_pages", "per_page", "sort",
    "fuzzy", "more_by_date", "results"} (estimated: total is rounded and approximate;
    more_by_date: there are more matches than the ranking's pages),
    each result {"id", "title", "title_html", "url", "source": {"name", "slug", "url"}
    or None, "published_at" (ISO 8601), "published_jalali", "snippet_html", "score"}.
    title_html and snippet_html are escaped HTML with matches in <mark>.
    """
    # Callers other than the page (the API) get the same cut, before any text work.
    query, _clipped = analysis.clip_query(query or "")
    now = now or timezone.now()
    per_page = per_page or conf.per_page()
    sort = sort if sort in SORTS else SORTS[0]
    by_date = sort == "date"
    last_page = conf.max_pages() if by_date else conf.relevance_pages()
    page = max(1, min(int(page or 1), last_page))
    empty = {"query": query or "", "total": 0, "estimated": False, "page": 1, "num_pages": 0,
             "per_page": per_page, "sort": sort, "fuzzy": False, "more_by_date": False, "results": []}
    parsed = analysis.parse_query(query)
    if parsed.is_empty:
        return empty

    filters = backends.Filters(now=now)
    if source:
        source_id = Source.objects.filter(slug=source).values_list("id", flat=True).first()
        if source_id is None:
            return empty
        filters = replace(filters, source_id=source_id)
    if category:
        category_id = Category.objects.filter(slug=category).values_list("id", flat=True).first()
        if category_id is None:
            return empty
        filters = replace(filters, category_id=category_id)
    if date_from:
        filters = replace(filters, start=_day_start(date_from))
    if date_to:
        filters = replace(filters, end=_day_start(date_to + timedelta(days=1)))

    found = backends.matches(parsed, filters, limit=per_page, offset=(page - 1) * per_page, by_date=by_date)
    if found.total and not found.rows:
        # Asked past the last page: show the last one.
        page = min(math.ceil(found.total / per_page), last_page)
        found = backends.matches(parsed, filters, limit=per_page, offset=(page - 1) * per_page, by_date=by_date)
    rows, total, estimated = found.rows, found.total, found.estimated
    fuzzy = False
    if not total and page == 1:
        key = " ".join(analysis.tokens(query[: analysis.MAX_QUERY_CHARS]))
        rows = backends.fuzzy_title_matches(key, filters, limit=per_page)
        total, fuzzy = len(rows), bool(rows)

    return {
        "query": query,
        "total": rounded_estimate(total) if estimated else total,
        "estimated": estimated,
        "sort": sort,
        "page": page,
        "num_pages": min(math.ceil(total / per_page), last_page) if total else 0,
        # More matches than the pages served: the page offers the newest-first order.
        "more_by_date": not by_date and total > last_page * per_page,
        "per_page": per_page,
        "fuzzy": fuzzy,
        "results": _results(rows, parsed.highlight),
    }


def _body_snippet(body: str, keys: frozenset[str]) -> str:
    """The body's best window, looked for near the top first (SNIPPET_FIRST_CHARS)."""
    first = analysis.snippet(_plain(body[:SNIPPET_FIRST_CHARS]), keys)
    if "<mark>" in first or len(body) <= SNIPPET_FIRST_CHARS:
        return first
    whole = analysis.snippet(_plain(body[:SNIPPET_SOURCE_CHARS]), keys)
    return whole if "<mark>" in whole else first


def _source(source: Source, seen: dict[int, dict]) -> dict:
    if source.pk not in seen:
        seen[source.pk] = {"name": source.name, "slug": source.slug, "url": source.get_absolute_url()}
    return seen[source.pk]


def _results(rows: list[tuple[int, float]], keys: frozenset[str]) -> list[dict]:
    if not rows:
        return []
    # Only the part of a body a snippet may come from: an archive's long reports would
    # otherwise travel whole from the database for every result.
    articles = Article.objects.select_related("source").only(
        "id", "title", "slug", "lead", "published_at", "source__name", "source__slug",
    ).annotate(body_head=Substr("body", 1, SNIPPET_SOURCE_CHARS)).in_bulk([pk for pk, _ in rows])
    tz = timezone.get_current_timezone_name()
    sources: dict[int, dict] = {}  # a page's results share a few sources: reverse each once
    results = []
    for pk, score in rows:
        a = articles.get(pk)
        if a is None:  # deleted between the two queries
            continue
        snippet = analysis.snippet(a.lead, keys) if a.lead else ""
        if "<mark>" not in snippet:
            # The match is in the body: show where it is.
            body_snippet = _body_snippet(a.body_head, keys)
            if "<mark>" in body_snippet or not snippet:
                snippet = body_snippet
        results.append({
            "id": a.pk,
            "title": a.title,
            "title_html": analysis.highlight(a.title, keys),
            "url": a.get_absolute_url(),
            "source": _source(a.source, sources) if a.source_id else None,
            "published_at": a.published_at.isoformat() if a.published_at else None,
            "published_jalali": persian.format_jalali(a.published_at, tz=tz) if a.published_at else "",
            "snippet_html": snippet,
            "score": round(score, 6),
        })
    return results
