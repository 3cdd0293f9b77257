"""Fixed-window rate limits kept in the cache (shared between workers when the cache is
Redis; per process with the in-process default, which is the best a single box needs).

`cache.add` creates the window's counter atomically and `cache.incr` is atomic on both
Redis and the local-memory cache, so two requests at once cannot both slip under the
limit."""

from __future__ import annotations

import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

# Django's local-memory cache keeps 300 entries and culls a third when full, which would
# reset counters under load; with the in-process default, limits get their own store.
_LOCAL = LocMemCache("didgah-rate-limits", {"OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 10}})


def _store():
    default = caches["default"]
    return _LOCAL if isinstance(default, LocMemCache) else default


def clear_local() -> None:
    """Empty the in-process store (tests)."""
    _LOCAL.clear()


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one event for `key`; True if it is within `limit` events per window."""
    if limit <= 0:
        return True
    window = int(time.time() // window_seconds)
    cache = _store()
    cache_key = f"rl:{key}:{window_seconds}:{window}"
    cache.add(cache_key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds + 5)
        count = 1
    return count <= limit


def client_ip(request) -> str:
    """The client address. Behind a proxy, the proxy must set REMOTE_ADDR correctly
    (we do not trust X-Forwarded-For, which any client can forge)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
