"""System checks of the deployment's shape."""

from __future__ import annotations

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Tags, Warning, register
from django.db import connections


@register(Tags.caches, deploy=True)
def shared_counters_check(app_configs=None, **kwargs):
    """PostgreSQL without Redis: rate limits and the once-an-hour view rule count per
    worker process (common/shared.py says why), so a reader gets their limit once per
    worker."""
    if connections["default"].vendor == "sqlite" or not isinstance(caches["default"], LocMemCache):
        return []
    return [Warning(
        "DATABASE_URL names PostgreSQL but REDIS_URL is not set: rate limits and view counts are kept per "
        "worker process.",
        hint="Set REDIS_URL, the cache every worker shares (README, scale-out).",
        id="didgah.W001",
    )]
