"""The JSON API, /api/v1/. Reads are public; writing comments and votes needs a reader:
a personal token (`Authorization: Bearer …`) or the site session plus its CSRF token.
Every list is paginated (`page`, `page_size`), every answer rate-limited, every error
JSON with a stable `code` and a Persian `message` (see errors.py)."""

from __future__ import annotations

import math
from datetime import date
from typing import Literal

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from ninja import NinjaAPI, Path, Query

from didgah import persian
from didgah.search.selectors import search_articles

from . import conf, selectors
from .auth import READER_AUTH
from .docs import SelfHostedSwagger
from .errors import ApiError, install
from .ratelimit import ReadThrottle, WriteThrottle
from .schemas import (
    ArticleDetailOut, ArticlePage, CategoryPage, CommentIn, CommentOut, CommentPage, ErrorOut, SearchPage, SourcePage, VoteIn,
    VoteOut,
)

MAX_ID = 2**63 - 1  # the largest bigint: larger ids cannot exist and overflow SQLite
SLUG_PATTERN = r"^[-\w]+$"

api = NinjaAPI(
    title="Didgah API",
    version="1",
    description="API خبرها، منابع، دسته‌ها، رتبه‌بندی‌ها، جست‌وجو و دیدگاه‌های دیدگاه.",
    urls_namespace="api-v1",
    docs=SelfHostedSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[ReadThrottle()],
)
install(api)

COMMON = {422: ErrorOut, 429: ErrorOut}
WITH_404 = {404: ErrorOut, **COMMON}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON}

PageNumber = Query(1, ge=1, le=conf.MAX_PAGE, description="شمارهٔ صفحه، از ۱")
PageSize = Query(None, ge=1, le=conf.MAX_PAGE_SIZE, description="اندازهٔ صفحه (پیش‌فرض ۲۰)")


def _page(items: QuerySet | list, page: int, page_size: int | None, serialize, count: int | None = None) -> dict:
    size = page_size or conf.page_size()
    start, end = selectors.page_bounds(page=page, page_size=size)
    total = count if count is not None else (items.count() if isinstance(items, QuerySet) else len(items))
    rows = list(items[start:end]) if start < total else []
    return {
        "count": total, "page": page, "page_size": size,
        "pages": max(1, math.ceil(total / size)),
        "items": [serialize(row) for row in rows],
    }


def _abs(request, path: str) -> str:
    return request.build_absolute_uri(path)


def _media(request, url: str) -> str:
    if url and url.startswith("/") and not url.startswith("//"):
        return _abs(request, url)
    return url or ""


def _category(request, c) -> dict:
    return {"id": c.id, "name": c.name, "slug": c.slug, "url": _abs(request, c.get_absolute_url())}


def _article(request, a) -> dict:
    source = a.source
    return {
        "id": a.id, "title": a.title, "lead": a.lead, "url": _abs(request, a.get_absolute_url()),
        "image_url": _media(request, a.image_url), "published_at": a.published_at,
        "source": {"id": source.id, "name": source.name, "slug": source.slug} if source else None,
        "original_url": a.original_url or None,
        "categories": [_category(request, c) for c in a.categories.all()],
        "score": a.score, "votes_up": a.votes_up, "votes_down": a.votes_down,
        "comment_count": a.comment_count, "view_count": a.view_count,
    }


def _visible_article(pk: int):
    article = selectors.api_article(pk=pk)
    if article is None:
        raise ApiError(404, "not_found")
    return article


def _clean_query(value: str | None) -> str | None:
    if value is None:
        return None
    value = persian.strip_controls(value).replace("\x00", "").strip()
    return value or None


# --- articles -------------------------------------------------------------------------
@api.get("/articles", response={200: ArticlePage, **COMMON}, tags=["خبرها"], summary="فهرست خبرها")
def articles(
    request,
    category: str | None = Query(None, pattern=SLUG_PATTERN, max_length=100, description="نامک دسته"),
    source: str | None = Query(None, pattern=SLUG_PATTERN, max_length=100, description="نامک منبع"),
    since: date | None = Query(None, description="از این روز (به وقت تهران، شامل)"),
    until: date | None = Query(None, description="تا این روز (شامل)"),
    page: int = PageNumber,
    page_size: int | None = PageSize,
):
    qs = selectors.api_articles(category=_clean_query(category), source=_clean_query(source), since=since, until=until)
    return _page(qs, page, page_size, lambda a: _article(request, a))


@api.get("/articles/{article_id}", response={200: ArticleDetailOut, **WITH_404}, tags=["خبرها"],
         summary="یک خبر")
def article_detail(request, article_id: int = Path(..., ge=1, le=MAX_ID)):
    a = _visible_article(article_id)
    data = _article(request, a)
    data.update(body=a.body, byline=a.byline, image_caption=a.image_caption, updated_at=a.updated_at,
                tags=[t.name for t in a.tags.all()])
    return data


# --- sources and categories -----------------------------------------------------------
@api.get("/sources", response={200: SourcePage, **COMMON}, tags=["منابع و دسته‌ها"], summary="منابع")
def sources(request, page: int = PageNumber, page_size: int | None = PageSize):
    return _page(selectors.api_sources(), page, page_size, lambda s: {
        "id": s.id, "name": s.name, "slug": s.slug, "site_url": s.site_url,
        "url": _abs(request, s.get_absolute_url()),
    })


@api.get("/categories", response={200: CategoryPage, **COMMON}, tags=["منابع و دسته‌ها"], summary="دسته‌ها")
def categories(request, page: int = PageNumber, page_size: int | None = PageSize):
    return _page(selectors.api_categories(), page, page_size, lambda c: _category(request, c))


# --- rankings -------------------------------------------------------------------------
@api.get("/rankings/{kind}", response={200: ArticlePage, **WITH_404}, tags=["رتبه‌بندی"],
         summary="پرامتیازترین، پربحث‌ترین و داغ‌ترین خبرها")
def rankings(
    request,
    kind: Literal["most-voted", "most-commented", "hot"] = Path(...),
    days: int = Query(7, ge=1, le=3650, description="پنجرهٔ زمانی به روز (برای most-voted و most-commented)"),
    page: int = PageNumber,
    page_size: int | None = PageSize,
):
    qs = selectors.api_ranking(kind=kind, days=days)
    return _page(qs, page, page_size, lambda a: _article(request, a))


# --- search ---------------------------------------------------------------------------
@api.get("/search", response={200: SearchPage, **COMMON}, tags=["جست‌وجو"], summary="جست‌وجو در خبرها")
def search(
    request,
    q: str = Query(..., max_length=200, description="عبارت جست‌وجو؛ «…» برای عبارت دقیق"),
    category: str | None = Query(None, pattern=SLUG_PATTERN, max_length=100, description="نامک دسته"),
    source: str | None = Query(None, pattern=SLUG_PATTERN, max_length=100, description="نامک منبع"),
    since: date | None = Query(None, description="از این روز (شامل)"),
    until: date | None = Query(None, description="تا این روز (شامل)"),
    page: int = PageNumber,
    page_size: int | None = PageSize,
):
    """The search room's selector (didgah.search.selectors.search_articles): the same
    ranking, snippets and Persian normalization as the /search/ page. Past the last
    page it answers with the last page, as the page does."""
    clamp = selectors.clamp_date
    result = search_articles(
        query=_clean_query(q) or "", source=_clean_query(source), category=_clean_query(category),
        date_from=clamp(since), date_to=clamp(until), page=page, per_page=page_size or conf.page_size(),
    )
    return {
        "count": result["total"], "page": result["page"], "page_size": result["per_page"],
        "pages": max(1, result["num_pages"]), "query": result["query"], "fuzzy": result["fuzzy"],
        "items": [
            {**hit, "url": _abs(request, hit["url"]),
             "source": ({**hit["source"], "url": _abs(request, hit["source"]["url"])} if hit["source"] else None)}
            for hit in result["results"]
        ],
    }
