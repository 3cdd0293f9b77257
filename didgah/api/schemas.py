"""Shapes of the API's answers. Texts are stored already normalized (display_text)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema


class ErrorOut(Schema):
    code: str = Field(..., description="شناسهٔ پایدار خطا، مثل not_found یا rate_limited")
    message: str = Field(..., description="پیام فارسی برای نمایش به خواننده")
    detail: list[dict] | None = None


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    url: str


class SourceOut(Schema):
    id: int
    name: str
    slug: str
    site_url: str
    url: str


class SourceRef(Schema):
    id: int
    name: str
    slug: str


class ArticleOut(Schema):
    id: int
    title: str
    lead: str
    url: str = Field(..., description="نشانی خبر در دیدگاه")
    image_url: str
    published_at: datetime
    source: SourceRef | None
    original_url: str | None = Field(..., description="نشانی خبر در وب‌گاه منبع (برای خبرهای بازنشرشده)")
    categories: list[CategoryOut]
    score: int
    votes_up: int
    votes_down: int
    comment_count: int
    view_count: int


class ArticleDetailOut(ArticleOut):
    body: str = Field(..., description="متن خبر به HTML پاک‌سازی‌شده")
    byline: str
    image_caption: str
    updated_at: datetime
    tags: list[str]


class _Page(Schema):
    count: int
    page: int
    page_size: int
    pages: int


class ArticlePage(_Page):
    items: list[ArticleOut]


class SourcePage(_Page):
    items: list[SourceOut]


class CategoryPage(_Page):
    items: list[CategoryOut]


class CommentAuthor(Schema):
    display_name: str
    place: str


class CommentOut(Schema):
    id: int
    parent_id: int | None
    depth: int
    author: CommentAuthor | None
    body: str = Field(..., description="متن ساده (بی‌نشانه‌گذاری)؛ برای دیدگاه حذف‌شده خالی است")
    status: str
    is_deleted: bool
    created_at: datetime
    edited_at: datetime | None
    likes: int
    dislikes: int
    score: int


class CommentPage(_Page):
    items: list[CommentOut] = Field(..., description="رشته‌های دیدگاه این صفحه، هر دیدگاه پیش از پاسخ‌هایش")


class CommentIn(Schema):
    body: str = Field(..., min_length=1, max_length=10000)
    parent_id: int | None = Field(None, ge=1, le=2**63 - 1)


class VoteIn(Schema):
    value: Literal[1, -1, 0] = Field(..., description="۱ موافق، −۱ مخالف، ۰ پس‌گرفتن رأی")


class VoteOut(Schema):
    value: int
    votes_up: int
    votes_down: int
    score: int


class SearchSource(Schema):
    name: str
    slug: str
    url: str


class SearchHit(Schema):
    id: int
    title: str
    title_html: str = Field(..., description="تیتر به HTML گریزداده‌شده، واژه‌های یافته در <mark>")
    url: str
    source: SearchSource | None
    published_at: datetime | None
    published_jalali: str
    snippet_html: str = Field(..., description="بریده‌ای از متن به HTML گریزداده‌شده، واژه‌های یافته در <mark>")
    score: float


class SearchPage(_Page):
    query: str
    fuzzy: bool = Field(..., description="نتیجه‌ها از جست‌وجوی تقریبی تیترها آمده‌اند (چیزی دقیقاً یافت نشد)")
    items: list[SearchHit]
