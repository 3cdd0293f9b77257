"""RSS 2.0 and Atom feeds: site-wide, per category, per source and per article's comments.

Each article item credits its outlet: the description ends with «منبع: …» linking the
original report, RSS items carry a <source> element, and Atom entries a
`<link rel="via">` to the original. Dates come from Django's generators, which write
RFC 822 for RSS and RFC 3339 for Atom.

Identifiers (RSS guid, Atom id) are built from primary keys only, never from a slug: a
title edited after publication changes the slug, and a feed reader seeing a new id
shows the story again as new. An article's id is its short address, /news/<pk>/, which
always leads to the current one.

Opened in a browser, every feed is a readable Persian page: it names an XSLT stylesheet
(`<?xml-stylesheet type="text/xsl"?>`, the static file feeds/feed.xsl.xml) that the browser applies
to it; feed readers ignore the instruction."""

from __future__ import annotations

import copy
import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, Stylesheet
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.xmlutils import SimplerXMLGenerator

from didgah.news.models import Category, Source

from . import selectors
from .structured import absolute
from .xml import xml_text


# The XSLT stylesheet that shows a feed opened in a browser as a page (served as text/xml:
# static servers know .xml, not .xsl; browsers apply either).
FEED_STYLESHEET = "feeds/feed.xsl.xml"


def feed_stylesheets() -> list[Stylesheet]:
    return [Stylesheet(static(FEED_STYLESHEET), mimetype="text/xsl")]


def readable_in_browser(request, response):
    """Chromium shows a document typed application/rss+xml or application/atom+xml as
    plain text and never applies its stylesheet. A browser opening the feed (it asks for
    text/html, feed readers do not) gets the same bytes typed application/xml; feed
    readers keep the feed's own type. Caches keep the two apart by Accept."""
    patch_vary_headers(response, ["Accept"])
    accept = request.headers.get("Accept", "").lower()
    if "text/html" in accept and "rss" not in accept and "atom" not in accept:
        response["Content-Type"] = "application/xml; charset=utf-8"
    return response


def article_permalink(pk: int) -> str:
    """The article's address that no edit changes (the site path, without a host)."""
    return reverse("news:article_short", kwargs={"pk": pk})


def image_type(url: str) -> str:
    """The image's MIME type by its file name's extension. RSS requires one on an
    enclosure; an address without a known extension is still an image."""
    guessed, _encoding = mimetypes.guess_type(url.split("?", 1)[0].split("#", 1)[0])
    return guessed if guessed and guessed.startswith("image/") else "image/jpeg"


class DidgahRssFeed(Rss201rev2Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # RSS 2.0 <source>: the channel the item came from; its url attribute is required,
        # so the outlet's feed (or site, or the report itself) stands in.
        if item.get("source_name") and item.get("source_url"):
            handler.addQuickElement("source", item["source_name"], {"url": item["source_url"]})


class DidgahAtomFeed(Atom1Feed):
    def write(self, outfile, encoding):
        # Atom1Feed.write, with the stylesheets Django writes for RSS only.
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # Atom's rel="via" names the resource the entry's information came from.
        if item.get("original_url"):
            handler.addQuickElement("link", "", {"rel": "via", "href": item["original_url"]})


class ArticleFeed(Feed):
    """The site's newest articles; subclasses narrow them to a category or source."""

    feed_type = DidgahRssFeed
    description_template = "feeds/item_description.html"

    def title(self, obj=None) -> str:
        return xml_text(settings.SITE_NAME)

    def stylesheets(self, obj=None):
        return feed_stylesheets()

    def description(self, obj=None) -> str:
        return _("تازه‌ترین خبرهای منابع فارسی‌زبان در دیدگاه")

    def subtitle(self, obj=None) -> str:
        return self.description(obj)

    def link(self, obj=None) -> str:
        return reverse("news:home")

    def feed_copyright(self, obj=None) -> str:
        return _("حق نشر هر خبر از آنِ منبع آن است.")

    def author_name(self, obj=None) -> str:
        return xml_text(settings.SITE_NAME)

    def items(self, obj=None):
        return selectors.feed_articles()

    def item_title(self, item) -> str:
        return xml_text(item.title)

    def item_link(self, item) -> str:
        return item.get_absolute_url()

    def item_guid(self, item) -> str:
        return self._add_domain(article_permalink(item.pk))

    def item_enclosures(self, item):
        # The article's image; its size is unknown without fetching it, and RSS requires
        # a length, so 0 stands for "unknown", as common practice has it.
        url = absolute(self._add_domain, item.image_url)
        return [Enclosure(url, "0", image_type(url))] if url else []

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item) -> str:
        return xml_text(item.byline or (item.source.name if item.source else settings.SITE_NAME))

    def item_categories(self, item):
        return [xml_text(c.name) for c in item.categories.all()]

    def item_comments(self, item) -> str:
        return self._add_domain(item.get_absolute_url()) + "#comments"

    def item_extra_kwargs(self, item):
        source = item.source
        return {
            "source_name": xml_text(source.name) if source else "",
            "source_url": (source.feed_url or source.site_url or item.original_url or "") if source else "",
            "original_url": item.original_url or "",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["absolute_url"] = self._add_domain(kwargs["item"].get_absolute_url())
        return context

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request (and thread): the request goes on a
        # per-request copy, never on the shared instance.
        feed = copy.copy(self)
        feed._request = request
        response = Feed.__call__(feed, request, *args, **kwargs)
        # Feed readers and caches may keep a feed for a few minutes; new reports arrive
        # at most every few minutes anyway.
        response["Cache-Control"] = "public, max-age=300"
        return readable_in_browser(request, response)

    def _add_domain(self, path: str) -> str:
        return self._request.build_absolute_uri(path)


class ArticleAtomFeed(ArticleFeed):
    feed_type = DidgahAtomFeed


class _ScopedFeed(ArticleFeed):
    """The articles of one category or one source, found by slug."""

    model = None
    scope = ""  # the feed_articles keyword that narrows the list
    description_text = ""

    def get_object(self, request, slug: str):
        return get_object_or_404(self.model, slug=slug)

    def title(self, obj=None) -> str:
        return xml_text(f"{settings.SITE_NAME} - {obj.name}")

    def description(self, obj=None) -> str:
        return xml_text(self.description_text % {"name": obj.name})

    def link(self, obj=None) -> str:
        return obj.get_absolute_url()

    def items(self, obj=None):
        return selectors.feed_articles(**{self.scope: obj})


class CategoryFeed(_ScopedFeed):
    model, scope = Category, "category"
    description_text = gettext_lazy("تازه‌ترین خبرهای دستهٔ «%(name)s»")


class CategoryAtomFeed(CategoryFeed):
    feed_type = DidgahAtomFeed


class SourceFeed(_ScopedFeed):
    model, scope = Source, "source"
    description_text = gettext_lazy("تازه‌ترین خبرهای «%(name)s» در دیدگاه")


class SourceAtomFeed(SourceFeed):
    feed_type = DidgahAtomFeed


class ArticleCommentsFeed(Feed):
    """Readers' comments on one article, newest first (approved ones only)."""

    feed_type = DidgahRssFeed

    def __call__(self, request, *args, **kwargs):
        feed = copy.copy(self)
        feed._request = request
        response = Feed.__call__(feed, request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=300"
        return readable_in_browser(request, response)

    def stylesheets(self, obj=None):
        return feed_stylesheets()

    def get_object(self, request, pk: int):
        article = selectors.feed_article(pk=pk)
        if article is None:
            raise Http404
        return article

    def title(self, obj) -> str:
        return xml_text(_("دیدگاه‌های خوانندگان دربارهٔ «%(title)s»") % {"title": obj.title})

    def description(self, obj) -> str:
        return xml_text(_("دیدگاه‌های تأییدشدهٔ خوانندگان %(site)s") % {"site": settings.SITE_NAME})

    def subtitle(self, obj) -> str:
        return self.description(obj)

    def link(self, obj) -> str:
        # Also the Atom feed's id: the article's permalink, not its slug address.
        return article_permalink(obj.pk) + "#comments"

    def author_name(self, obj=None) -> str:
        return xml_text(settings.SITE_NAME)

    def items(self, obj):
        return selectors.feed_comments(article=obj)

    def _author(self, item) -> str:
        profile = getattr(item.author, "profile", None) if item.author_id else None
        # An imported comment keeps the name it was signed with (guest_name).
        name = profile.display_name if profile else (getattr(item, "guest_name", "") or _("خواننده"))
        return xml_text(name)

    def item_title(self, item) -> str:
        return xml_text(_("دیدگاه %(name)s") % {"name": self._author(item)})

    def item_description(self, item) -> str:
        # Comments are plain text: escape, keep line breaks.
        return linebreaksbr(escape(xml_text(item.body)))

    def item_link(self, item) -> str:
        return item.get_absolute_url()

    def item_guid(self, item) -> str:
        return self._request.build_absolute_uri(f"{article_permalink(item.article_id)}#c-{item.pk}")

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.edited_at or item.created_at

    def item_author_name(self, item) -> str:
        return self._author(item)


class ArticleCommentsAtomFeed(ArticleCommentsFeed):
    feed_type = DidgahAtomFeed
