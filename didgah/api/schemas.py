"""Shapes of the API's answers and of what it accepts. Texts are stored already
normalized (display_text).

What comes in is read strictly: a value is taken only in the type the schema
publishes. Pydantic's lax mode would read `true` as the vote 1, `"5"` as a parent id
and `until=0` as 1 January 1970 (a Unix time), none of which the published schema
allows, so a client built from the schema and one guessing would see different APIs."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, StrictInt, StrictStr
from pydantic_core import PydanticCustomError

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value):
    """A day only as the schema's `format: date` writes it (YYYY-MM-DD): no Unix times,
    no datetimes. The date type then checks that the day exists."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return value
    raise PydanticCustomError("date_format", _("روز را به شکل YYYY-MM-DD بنویسید، مثلاً 2025-03-21."))


def _exact_int(value):
    """An integer as itself: not a boolean (Python's True == 1), a float or a string."""
    if type(value) is not int:
        raise PydanticCustomError("int_type", _("یک عدد صحیح بنویسید."))
    return value


# A day in a query string (`since`, `until`).
IsoDay = Annotated[date, BeforeValidator(_iso_day)]


class _Input(Schema):
    """A request body: strict types, and no fields the schema does not name (a
    misspelt field would otherwise be dropped without a word)."""

    model_config = ConfigDict(strict=True, extra="forbid")


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


class CommentIn(_Input):
    body: StrictStr = Field(..., min_length=1, max_length=10000)
    parent_id: StrictInt | None = Field(None, ge=1, le=2**63 - 1)


class VoteIn(_Input):
    # Literal alone lets `true` and `false` through as 1 and 0, even in strict mode.
    value: Annotated[Literal[1, -1, 0], BeforeValidator(_exact_int)] = Field(
        ..., description="۱ موافق، −۱ مخالف، ۰ پس‌گرفتن رأی")


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
    estimated: bool = Field(..., description="شمار نتیجه‌ها برآورد است و گرد شده (بیش از چند هزار نتیجه)")
    sort: str = Field(..., description="ترتیب: relevance (مرتبط‌ترین) یا date (تازه‌ترین)")
    fuzzy: bool = Field(..., description="نتیجه‌ها از جست‌وجوی تقریبی تیترها آمده‌اند (چیزی دقیقاً یافت نشد)")
    items: list[SearchHit]
