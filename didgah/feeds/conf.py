"""Settings of the distribution app: `getattr(settings, NAME)` first, then the environment."""

import os

from django.conf import settings


def _int(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name) or default
    return int(value)


def feed_items() -> int:
    """Items per feed. Thirty covers more than a day of a busy outlet's reports, which is
    what a reader polling every few hours needs, and keeps each fetch small."""
    return _int("FEED_ITEMS", 30)


def sitemap_page_size() -> int:
    """URLs per sitemap page. Google accepts 50,000; 5,000 keeps one page's rows, and so
    the memory one request needs, small and the same however many articles exist."""
    return _int("SITEMAP_PAGE_SIZE", 5000)


def news_sitemap_days() -> int:
    """Google News reads articles of the last two days only."""
    return _int("NEWS_SITEMAP_DAYS", 2)


def news_sitemap_limit() -> int:
    """Google News takes at most 1,000 URLs per news sitemap."""
    return _int("NEWS_SITEMAP_LIMIT", 1000)
