"""The JSON API, /api/v1/. Reads are public; writing comments and votes needs a reader:
a personal token (`Authorization: Bearer …`) or the site session plus its CSRF token.
Every list is paginated (`page`, `page_size`), every answer rate-limited, every error
JSON with a stable `code` and a Persian `message` (see errors.py)."""

from __future__ import annotations

import math
from typing import Literal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Status

from didgah import persian
from didgah.common.converters import MAX_ID
from didgah.community import selectors as community_selectors
from didgah.community import services as community_services
from didgah.community.errors import CommunityError, RateLimited
from didgah.search.selectors import search_articles

from . import conf, selectors
from .auth import READER_AUTH
from .docs import SelfHostedSwagger
from .errors import ApiError, install
from .ratelimit import ReadThrottle, WriteThrottle
from .schemas import (
    ArticleDetailOut, ArticlePage, CategoryPage, CommentIn, CommentOut, CommentPage, ErrorOut, IsoDay, SearchPage,
    SourcePage, VoteIn, VoteOut,
)

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
    since: IsoDay | None = Query(None, description="از این روز (به وقت تهران، شامل)"),
    until: IsoDay | None = Query(None, description="تا این روز (شامل)"),
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
    since: IsoDay | None = Query(None, description="از این روز (شامل)"),
    until: IsoDay | None = Query(None, description="تا این روز (شامل)"),
    page: int = PageNumber,
    page_size: int | None = PageSize,
    sort: Literal["relevance", "date"] = Query("relevance", description="relevance: مرتبط‌ترین؛ date: تازه‌ترین"),
):
    """The search room's selector (didgah.search.selectors.search_articles): the same
    ranking, snippets and Persian normalization as the /search/ page. Past the last
    page it answers with the last page, as the page does."""
    clamp = selectors.clamp_date
    result = search_articles(
        query=_clean_query(q) or "", source=_clean_query(source), category=_clean_query(category),
        date_from=clamp(since), date_to=clamp(until), page=page, per_page=page_size or conf.page_size(),
        sort=sort,
    )
    return {
        "count": result["total"], "page": result["page"], "page_size": result["per_page"],
        "pages": max(1, result["num_pages"]), "query": result["query"], "fuzzy": result["fuzzy"],
        "estimated": result["estimated"], "sort": result["sort"],
        "items": [
            {**hit, "url": _abs(request, hit["url"]),
             "source": ({**hit["source"], "url": _abs(request, hit["source"]["url"])} if hit["source"] else None)}
            for hit in result["results"]
        ],
    }


# --- comments and votes ---------------------------------------------------------------
def _comment(c) -> dict:
    author = c.author
    profile = getattr(author, "profile", None) if author is not None else None
    if profile is not None:
        shown = {"display_name": profile.display_name, "place": profile.place}
    else:
        # An imported comment's signed name (the address it gave is never shown).
        shown = {"display_name": c.guest_name, "place": ""} if getattr(c, "guest_name", "") else None
    return {
        "id": c.id, "parent_id": c.parent_id, "depth": c.depth,
        "author": shown,
        "body": "" if c.is_deleted else c.body, "status": c.status, "is_deleted": c.is_deleted,
        "created_at": c.created_at, "edited_at": c.edited_at,
        "likes": c.likes, "dislikes": c.dislikes, "score": c.score,
    }


def _flatten(comments) -> list:
    out = []
    for c in comments:
        out.append(c)
        out.extend(_flatten(getattr(c, "children", [])))
    return out


@api.get("/articles/{article_id}/comments", response={200: CommentPage, **WITH_404}, tags=["دیدگاه‌ها"],
         summary="دیدگاه‌های یک خبر")
def article_comments(
    request,
    article_id: int = Path(..., ge=1, le=MAX_ID),
    order: Literal["oldest", "newest", "best"] = Query("oldest", description="ترتیب رشته‌ها"),
    page: int = PageNumber,
    page_size: int | None = PageSize,
):
    """A page of threads (top-level comments, `page_size` of them), each followed by
    its replies; `count` counts threads. The community's comment_thread selector, so
    the reader's own comments awaiting moderation are included for them."""
    article = _visible_article(article_id)
    size = page_size or conf.page_size()
    thread = community_selectors.comment_thread(article=article, user=request.user, order=order, page=page,
                                                per_page=size)
    paginator = thread.page.paginator
    beyond = page > paginator.num_pages
    return {
        "count": paginator.count, "page": page, "page_size": size, "pages": paginator.num_pages,
        "items": [] if beyond else [_comment(c) for c in _flatten(thread.comments)],
    }


def _reader_may_participate(user) -> None:
    problem = community_selectors.participation_problem(user=user)
    if problem:
        raise ApiError(403, "forbidden", problem)


def _refused(exc: CommunityError) -> ApiError:
    if isinstance(exc, RateLimited):
        # A reader's own limit answers as the API's limits do: 429 and when to try again.
        return ApiError(429, "rate_limited", str(exc), headers={"Retry-After": str(math.ceil(exc.retry_after))})
    detail = [{"loc": ["body", exc.field], "msg": str(exc), "type": "rejected"}] if exc.field else None
    return ApiError(400, "rejected", str(exc), detail)


@api.post("/articles/{article_id}/comments", response={201: CommentOut, **WRITE}, auth=READER_AUTH,
          throttle=[ReadThrottle(), WriteThrottle()], tags=["دیدگاه‌ها"], summary="نوشتن دیدگاه یا پاسخ")
def comment_post(request, payload: CommentIn, article_id: int = Path(..., ge=1, le=MAX_ID)):
    """Posts as the token's or session's reader (community.services.comment_create).
    The comment may come back `pending`: it waits for a moderator."""
    article = _visible_article(article_id)
    _reader_may_participate(request.auth)
    parent = None
    if payload.parent_id is not None:
        # The same accessor as the site's reply form: a hidden comment is no parent.
        parent = community_selectors.comment_access(pk=payload.parent_id, user=request.auth, action="reply")
        if parent is None or parent.article_id != article.pk:
            # The article exists: what is wrong is the field, said as the site's form says it.
            message = _("به این دیدگاه نمی‌توان پاسخ داد.")
            raise ApiError(422, "invalid_input", message,
                           [{"loc": ["body", "parent_id"], "msg": message, "type": "rejected"}])
    try:
        comment = community_services.comment_create(article=article, author=request.auth,
                                                    body=payload.body, parent=parent)
    except CommunityError as exc:
        raise _refused(exc) from None
    return Status(201, _comment(comment))


@api.post("/articles/{article_id}/vote", response={200: VoteOut, **WRITE}, auth=READER_AUTH,
          throttle=[ReadThrottle(), WriteThrottle()], tags=["دیدگاه‌ها"], summary="رأی به خبر")
def article_vote(request, payload: VoteIn, article_id: int = Path(..., ge=1, le=MAX_ID)):
    """Sets the reader's vote to `value` (0 withdraws it); repeating a vote changes
    nothing (community.services.article_vote sets, never toggles). The counters returned
    are the article's as last folded from the votes: they include this vote within a
    second or two."""
    article = _visible_article(article_id)
    _reader_may_participate(request.auth)
    try:
        value = community_services.article_vote(article=article, user=request.auth, value=payload.value)
    except CommunityError as exc:
        raise _refused(exc) from None
    article.refresh_from_db(fields=["votes_up", "votes_down", "score"])
    return {"value": value, "votes_up": article.votes_up, "votes_down": article.votes_down,
            "score": article.score}
