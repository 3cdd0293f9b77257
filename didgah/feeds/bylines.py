"""Feeds of a tag's stories and of an author's articles (RSS and Atom), like a category's."""

from django.utils.translation import gettext_lazy

from didgah.news.models import Author, Tag

from .feeds import DidgahAtomFeed, _ScopedFeed


class TagFeed(_ScopedFeed):
    model, scope = Tag, "tag"
    description_text = gettext_lazy("تازه‌ترین خبرهای برچسب «%(name)s» در دیدگاه")


class TagAtomFeed(TagFeed):
    feed_type = DidgahAtomFeed


class AuthorFeed(_ScopedFeed):
    model, scope = Author, "author"
    description_text = gettext_lazy("تازه‌ترین نوشته‌های %(name)s در دیدگاه")


class AuthorAtomFeed(AuthorFeed):
    feed_type = DidgahAtomFeed
