"""Settings of the distribution app, each `getattr(settings, NAME, default)`: settings.py
reads the environment once (APP_SETTINGS_FROM_ENV), and tests change a setting with
Django's override_settings."""

from django.conf import settings


def feed_items() -> int:
    """Items per feed. Thirty covers more than a day of a busy outlet's reports, which is
    what a reader polling every few hours needs, and keeps each fetch small."""
    return getattr(settings, "FEED_ITEMS", 30)


def sitemap_page_size() -> int:
    """URLs per sitemap page. Google accepts 50,000; 5,000 keeps one page's rows, and so
    the memory one request needs, small and the same however many articles exist."""
    return getattr(settings, "SITEMAP_PAGE_SIZE", 5000)


def news_sitemap_days() -> int:
    """Google News reads articles of the last two days only."""
    return getattr(settings, "NEWS_SITEMAP_DAYS", 2)


def news_sitemap_limit() -> int:
    """Google News takes at most 1,000 URLs per news sitemap."""
    return getattr(settings, "NEWS_SITEMAP_LIMIT", 1000)
