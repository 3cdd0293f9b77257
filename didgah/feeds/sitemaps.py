"""Sitemaps: an index over paginated sections, so it scales past 100,000 articles.

A page of the articles section is one LIMIT/OFFSET query over (id, slug, time changed)
tuples; the index needs only a COUNT and a MAX. Memory per request therefore depends
on the page size (conf.sitemap_page_size), never on how many articles exist."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from didgah.news.models import Category, Source

from . import conf, selectors


class SectionSitemap(Sitemap):
    """The home page and every category and source page."""

    changefreq = "hourly"

    def items(self):
        home = [("home", None)]
        categories = [("category", slug) for slug in Category.objects.values_list("slug", flat=True)]
        sources = [
            ("source", slug)
            for slug in Source.objects.filter(is_active=True).values_list("slug", flat=True)
        ]
        return home + categories + sources

    def location(self, item) -> str:
        kind, slug = item
        if kind == "home":
            return reverse("news:home")
        return reverse(f"news:{kind}", kwargs={"slug": slug})

    def priority(self, item):
        return 1.0 if item[0] == "home" else 0.6


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    @property
    def limit(self) -> int:
        return conf.sitemap_page_size()

    def items(self):
        return selectors.sitemap_articles()

    def location(self, item) -> str:
        pk, slug, _changed = item
        return reverse("news:article", kwargs={"pk": pk, "slug": slug or "-"})

    def lastmod(self, item):
        return item[2]

    def get_latest_lastmod(self):
        # The default takes max() over every item: a full scan into memory.
        return selectors.sitemap_articles_lastmod()


class NewsSitemap(Sitemap):
    """Google News: the last two days' articles, with title, language and time."""

    limit = 1000

    def items(self):
        return selectors.news_sitemap_articles()

    def location(self, item) -> str:
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.changed

    def get_latest_lastmod(self):
        # For the sitemap index: one aggregate instead of reading every item.
        return selectors.news_sitemap_lastmod()


SITEMAPS = {"sections": SectionSitemap, "articles": ArticleSitemap}
