"""Writes to sources and articles. Every path that stores article text comes through here
so the text is normalized and sanitized exactly once, the same way."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from didgah import persian
from didgah.common.html import clean_html, strip_tags

from . import renditions, revisions, roles, signals
from .models import Article, ArticleRevision, Author, Breaking, Category, Image, Source, Tag


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
def article_save(*, article: Article, base_url: str | None = None, user=None, note: str = "",
                 record: bool = True) -> Article:
    """Normalize and sanitize an article's fields, fix its status and slug, and save it.

    The one place article text is cleaned, whether the change came from an editor, the
    admin or a feed. `base_url` makes relative links in the body absolute (the original
    page's address for ingested reports). The save is kept as a revision by `user`;
    callers that set tags or categories after it pass record=False and call
    revision_record once they are set, so one save makes one revision."""
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
    if record:
        revision_record(article=article, user=user, note=note)
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
    image: Image | None = None,
    authors: Iterable[Author] = (),
) -> Article:
    article = Article(
        title=title, lead=lead, body=body, status=status, published_at=published_at,
        source=source, original_url=original_url, guid=guid, byline=byline,
        image_url=image_url or "", image_caption=image_caption, video_url=video_url or "",
        author=author, image=image,
    )
    article_save(article=article, base_url=base_url, record=False)
    if authors:
        article.authors.set(authors)
    if categories:
        article.categories.set(categories)
    if tags:
        article.tags.set(tags_get_or_create(names=tags))
    revision_record(article=article, user=author)
    return article


@transaction.atomic
def article_update(*, article: Article, categories: Iterable[Category] | None = None,
                   tags: Iterable[str] | None = None, authors: Iterable[Author] | None = None,
                   user=None, note: str = "", **changes) -> Article:
    """Apply editor changes, kept as one revision by `user`. A new title gets a new slug;
    links with the old slug keep working because the article view redirects any slug
    to the current one."""
    for field, value in changes.items():
        setattr(article, field, value)
    article_save(article=article, record=False)
    if categories is not None:
        article.categories.set(categories)
    if tags is not None:
        article.tags.set(tags_get_or_create(names=tags))
    if authors is not None:
        article.authors.set(authors)
    revision_record(article=article, user=user, note=note)
    return article


# --- Revisions and roles (news/revisions.py, news/roles.py) ------------------------------

@transaction.atomic
def revision_record(*, article: Article, user=None, note: str = "") -> ArticleRevision | None:
    """Keep the article's state as its next revision; None when nothing a revision keeps
    has changed since the last one and there is no note (a save of the front page's
    order, a feed polled again), so the history lists changes, not clicks.

    Called in the transaction of the save, after its UPDATE has locked the article's
    row, so two saves of one article number their revisions one after the other."""
    data = revisions.snapshot(article)
    last = ArticleRevision.objects.filter(article=article).order_by("-number").only("number", "data").first()
    if last is not None and last.data == data and not note:
        return None
    return ArticleRevision.objects.create(
        article=article, number=(last.number + 1) if last else 1,
        user=user if user is not None and user.is_authenticated else None,
        note=note[:200], data=data,
    )


@transaction.atomic
def revision_restore(*, revision: ArticleRevision, user) -> Article:
    """Bring an article's text, image, categories and tags back to a revision's; the
    result is a new revision. Status and publication time stay as they are: going back
    to an earlier wording of a published story must not unpublish it. An image or a
    category deleted since is left out."""
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    data = revision.data
    image = data.get("image") or None
    image_obj = Image.objects.filter(pk=image["id"]).first() if image else None
    return article_update(
        article=article, user=user,
        note=_("بازگردانی نسخهٔ {number}").format(number=persian.to_persian_digits(revision.number)),
        title=data.get("title", article.title), lead=data.get("lead", ""), body=data.get("body", ""),
        image=image_obj, image_url=data.get("image_url", ""), image_caption=data.get("image_caption", ""),
        video_url=data.get("video_url", ""),
        categories=revisions.restorable_categories(data), tags=data.get("tags") or [],
    )


@transaction.atomic
def article_submit(*, article: Article, user) -> Article:
    """A writer hands a draft to the editors: it stays a draft, marked as waiting."""
    article.submitted_at = timezone.now()
    Article.objects.filter(pk=article.pk).update(submitted_at=article.submitted_at)
    revision_record(article=article, user=user, note=_("فرستاده برای بازبینی"))
    return article


def roles_sync(*, using: str = "default") -> None:
    """Make the role groups (news/roles.py) and give them their permissions; adds what
    is missing and takes nothing away, so permissions an administrator added stay.
    Creates the permissions first: it runs from post_migrate, possibly before Django's
    own handler has reached the apps the roles name."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    labels = {name.split(".", 1)[0] for role in roles.ROLES for name in role.permissions}
    for label in labels:
        if apps.is_installed(f"didgah.{label}"):
            create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    for role in roles.ROLES:
        group, _created = Group.objects.using(using).get_or_create(name=role.group)
        wanted = Q()
        for name in role.permissions:
            label, codename = name.split(".", 1)
            wanted |= Q(content_type__app_label=label, codename=codename)
        group.permissions.add(*Permission.objects.using(using).filter(wanted))


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


# --- The newsroom: the image library, authors, the breaking-news bar --------------------

def _rendition_key(image: Image) -> str:
    # A new file gets new rendition names, so a cached copy of the old picture is never
    # served under the new one's address.
    digest = hashlib.sha1(image.file.name.encode()).hexdigest()[:10]
    return f"{image.pk}-{digest}"


@transaction.atomic
def image_save(*, image: Image, user=None) -> Image:
    """Clean an image's texts, save it, and make its renditions once per file."""
    image.alt = _clean_text(image.alt, max_length=300)
    image.caption = _clean_text(image.caption, max_length=500)
    image.credit = _clean_text(image.credit, max_length=200)
    if user is not None and image.uploaded_by_id is None and image.pk is None:
        image.uploaded_by = user
    if not image.width or not image.height:
        # A file saved onto the field in code (the demo, an import) leaves the sizes the
        # field read before the file was written: read them from the file itself.
        image.width, image.height = (d or 0 for d in get_image_dimensions(image.file))
    previous = Image.objects.filter(pk=image.pk).values_list("file", "renditions").first() if image.pk else None
    image.save()
    if previous is None or previous[0] != image.file.name or not image.renditions:
        image.renditions = renditions.make_renditions(file_name=image.file.name, key=_rendition_key(image))
        Image.objects.filter(pk=image.pk).update(renditions=image.renditions)
        if previous is not None and previous[1] and previous[1] != image.renditions:
            # The old file's renditions go once the new ones are in place.
            old = previous[1]
            transaction.on_commit(lambda: renditions.delete_renditions(old))
    return image


def image_create(*, file, alt: str, caption: str = "", credit: str = "", name: str = "", user=None) -> Image:
    """A library image from an uploaded or generated file (bytes, or a Django File)."""
    if isinstance(file, bytes):
        file = ContentFile(file, name=name or "image.jpg")
    image = Image(alt=alt, caption=caption, credit=credit)
    image.file.save(name or file.name, file, save=False)
    return image_save(image=image, user=user)


def author_save(*, author: Author) -> Author:
    author.name = _clean_text(author.name, max_length=200)
    author.role = _clean_text(author.role, max_length=200)
    author.bio = persian.display_text(persian.strip_controls(author.bio or "")).strip()
    author.slug = author.slug or persian.slugify(author.name, max_length=100) or "-"
    author.save()
    return author


def breaking_save(*, breaking: Breaking) -> Breaking:
    breaking.headline = _clean_text(breaking.headline, max_length=200)
    breaking.save()
    return breaking
