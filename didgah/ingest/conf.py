"""Ingest settings, each `getattr(settings, NAME, default)`.

Each value says why it is what it is. settings.py reads the environment once
(APP_SETTINGS_FROM_ENV), so an operator tunes a site without a code change, and tests
change a setting with Django's override_settings.
"""

from __future__ import annotations

from django.conf import settings


def allow_private() -> bool:
    """Fetching from private, loopback and link-local addresses is refused unless this is
    on: a feed URL (or a redirect) must never turn the server into a probe of its own
    network. Tests and the offline demo turn it on for their local HTTP server."""
    return getattr(settings, "INGEST_ALLOW_PRIVATE", False)


def user_agent() -> str:
    site = getattr(settings, "SITE_URL", "http://127.0.0.1:8000")
    return getattr(settings, "INGEST_USER_AGENT", None) or f"DidgahBot/1.0 (+{site}; news aggregator crediting sources)"


def max_bytes() -> int:
    # The largest real feeds (a year of full-text entries) stay under 10 MB; anything
    # bigger is a mistake or an attack and is cut off while streaming.
    return getattr(settings, "INGEST_MAX_BYTES", 10 * 1024 * 1024)


def page_max_bytes() -> int:
    # An article page for full-text extraction: 5 MB covers inline-heavy pages.
    return getattr(settings, "INGEST_PAGE_MAX_BYTES", 5 * 1024 * 1024)


def connect_timeout() -> float:
    return getattr(settings, "INGEST_CONNECT_TIMEOUT", 5.0)


def read_timeout() -> float:
    # Between two chunks; a server that stalls longer is treated as down.
    return getattr(settings, "INGEST_READ_TIMEOUT", 10.0)


def total_timeout() -> float:
    # Whole response: stops a server that trickles one byte per second forever.
    return getattr(settings, "INGEST_TOTAL_TIMEOUT", 30.0)


def poll_budget() -> float:
    # One source's whole poll, full-text pages included: a few page fetches' worth, so a
    # source with many slow pages delays the sources after it by at most this much.
    return getattr(settings, "INGEST_POLL_BUDGET", 4 * total_timeout())


def max_redirects() -> int:
    # Feeds move (http→https, new CMS) once or twice; five catches every loop quickly.
    return getattr(settings, "INGEST_MAX_REDIRECTS", 5)


def default_interval() -> int:
    # Fifteen minutes: news is fresh, and no outlet minds four requests an hour,
    # especially conditional ones.
    return getattr(settings, "INGEST_DEFAULT_INTERVAL", 15 * 60)


def max_backoff() -> int:
    # A dead feed is retried at least daily, so a fixed outlet comes back by itself.
    return getattr(settings, "INGEST_MAX_BACKOFF", 24 * 60 * 60)


def simhash_max_distance() -> int:
    # Out of 64 bits two unrelated texts differ in ~32 (σ≈4); lightly edited copies of
    # one wire report differ in under 10. Twelve sits five σ from chance.
    return getattr(settings, "INGEST_SIMHASH_DISTANCE", 12)


def cluster_window_days() -> int:
    # A story is news for a few days; older reports are not the "same story" any more.
    return getattr(settings, "INGEST_CLUSTER_DAYS", 3)


def lead_max_chars() -> int:
    return getattr(settings, "INGEST_LEAD_CHARS", 400)
