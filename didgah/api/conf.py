"""API settings, each `getattr(settings, NAME, default)`: settings.py reads the
environment once (APP_SETTINGS_FROM_ENV), and tests change a setting with Django's
override_settings."""

from django.conf import settings


def page_size() -> int:
    """Default items per page: the site's own page size, so API pages match web pages."""
    return getattr(settings, "API_PAGE_SIZE", getattr(settings, "ARTICLES_PER_PAGE", 20))


# A client may ask for up to this many per page; more would let one request cost what a
# hundred normal ones do.
MAX_PAGE_SIZE = 100
# OFFSET beyond this is never a reader paging by hand; capping it keeps page * size
# inside a 64-bit integer on every database.
MAX_PAGE = 100_000


def reads_per_minute_anonymous() -> int:
    """Reads per minute per address without a login: a busy app polling every list each
    second stays under it; a scraper walking the archive does not."""
    return getattr(settings, "API_READS_PER_MINUTE_ANON", 120)


def reads_per_minute_reader() -> int:
    """Reads per minute per signed-in reader or token: five times an anonymous address."""
    return getattr(settings, "API_READS_PER_MINUTE_READER", 600)


def writes_per_minute() -> int:
    """Comments and votes per minute per reader or token, on top of the community's own
    per-reader limits, which count the site's forms too."""
    return getattr(settings, "API_WRITES_PER_MINUTE", 30)


def tokens_per_reader() -> int:
    """Active tokens a reader may hold: one per device or app is plenty."""
    return getattr(settings, "API_TOKENS_PER_READER", 10)
