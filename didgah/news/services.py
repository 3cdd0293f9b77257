"""Writes to sources and articles. Every path that stores article text comes through here
so the text is normalized and sanitized exactly once, the same way."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from didgah import persian
from didgah.common.html import clean_html, strip_tags

from . import signals
from .models import Article, Category, Source, Tag


def _clean_text(value: str, *, max_length: int | None = None) -> str:
    text = persian.display_text(persian.strip_controls(value or "")).strip()
    text = " ".join(text.split())
    return text[:max_length] if max_length else text


def safe_media_url(url: str) -> str:
    """An http(s) URL or a site-relative path; anything else (javascript:, data:) is dropped."""
    url = (url or "").strip()
    if url.startswith("/") and not url.startswith("//"):
        return url
    if url.lower().startswith(("http://", "https://")):
        return url
    return ""


# The slug of an article whose title and text give none (a title of only punctuation
# or emoji): never empty, so its address is a real one the article page answers at.
FALLBACK_SLUG = "خبر"


def article_slug(title: str, *, text: str = "") -> str:
    """The title's slug; failing that, the opening words of `text` (the lead or body);
    failing that FALLBACK_SLUG."""
    return (persian.slugify(title, max_length=100)
            or persian.slugify(" ".join((text or "")[:400].split()[:8]), max_length=100)
            or FALLBACK_SLUG)


def _resolve_status(status: str, published_at: datetime | None) -> tuple[str, datetime | None]:
    """A published article needs a time; one with a future time is scheduled."""
    now = timezone.now()
    if status == Article.Status.DRAFT:
        return status, published_at
    published_at = published_at or now
    if published_at > now:
        return Article.Status.SCHEDULED, published_at
    return Article.Status.PUBLISHED, published_at


def tags_get_or_create(*, names: Iterable[str]) -> list[Tag]:
    tags = []
    for raw in names:
        name = _clean_text(raw, max_length=100)
        if not name:
            continue
        slug = persian.slugify(name, max_length=100) or name
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    return tags


@transaction.atomic
def article_save(*, article: Article, base_url: str | None = None) -> Article:
    """Normalize and sanitize an article's fields, fix its status and slug, and save it.

    The one place article text is cleaned, whether the change came from an editor, the
    admin or a feed. `base_url` makes relative links in the body absolute (the original
    page's address for ingested reports)."""
    article.title = _clean_text(article.title, max_length=300)
    article.lead = _clean_text(article.lead)
    article.byline = _clean_text(article.byline, max_length=200)
    article.image_caption = _clean_text(article.image_caption, max_length=500)
    article.body = clean_html(article.body, base_url=base_url)
    article.image_url = safe_media_url(article.image_url)
    article.video_url = safe_media_url(article.video_url)
    article.original_url = article.original_url or None
    article.guid = (article.guid or "")[:1000]
    article.status, article.published_at = _resolve_status(article.status, article.published_at)
    article.slug = article_slug(article.title, text=article.lead or strip_tags(article.body))
    article.save()
    # Everything derived from the text (the search index) is refreshed in this transaction.
    signals.article_saved.send(sender=Article, article=article)
    return article


@transaction.atomic
def article_create(
    *,
    title: str,
    lead: str = "",
    body: str = "",
    status: str = Article.Status.DRAFT,
    published_at: datetime | None = None,
    source: Source | None = None,
    original_url: str | None = None,
    guid: str = "",
    byline: str = "",
    image_url: str = "",
    image_caption: str = "",
    video_url: str = "",
    categories: Iterable[Category] = (),
    tags: Iterable[str] = (),
    base_url: str | None = None,
    author=None,
) -> Article:
    article = Article(
        title=title, lead=lead, body=body, status=status, published_at=published_at,
        source=source, original_url=original_url, guid=guid, byline=byline,
        image_url=image_url or "", image_caption=image_caption, video_url=video_url or "",
        author=author,
    )
    article_save(article=article, base_url=base_url)
    if categories:
        article.categories.set(categories)
    if tags:
        article.tags.set(tags_get_or_create(names=tags))
    return article


@transaction.atomic
def article_update(*, article: Article, categories: Iterable[Category] | None = None,
                   tags: Iterable[str] | None = None, **changes) -> Article:
    """Apply editor changes. A new title gets a new slug; links with the old slug keep
    working because the article view redirects any slug to the current one."""
    for field, value in changes.items():
        setattr(article, field, value)
    article_save(article=article)
    if categories is not None:
        article.categories.set(categories)
    if tags is not None:
        article.tags.set(tags_get_or_create(names=tags))
    return article


@transaction.atomic
def article_delete(*, article: Article) -> None:
    signals.article_deleting.send(sender=Article, article=article)
    article.delete()


def category_get_or_create(*, name: str, slug_hint: str = "") -> Category | None:
    """The category of this name, made if there is none (imports bring their site's
    categories). Its slug is the name's; `slug_hint` (the old site's) when the name
    gives none, with a number added if another category holds it. None for a name
    with nothing in it."""
    name = _clean_text(name, max_length=100)
    if not name:
        return None
    found = Category.objects.filter(name=name).first()
    if found is not None:
        return found
    base = (persian.slugify(name, max_length=90) or persian.slugify(slug_hint, max_length=90)
            or "category")
    slug, n = base, 2
    while Category.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Category.objects.create(name=name, slug=slug)


def source_create(
    *, name: str, slug: str, site_url: str = "", feed_url: str = "", description: str = "",
    logo_url: str = "",
) -> Source:
    return Source.objects.create(
        name=_clean_text(name, max_length=200),
        slug=slug,
        site_url=site_url,
        feed_url=feed_url,
        description=_clean_text(description),
        logo_url=logo_url,
    )
