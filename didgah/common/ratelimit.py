"""Fixed-window rate limits kept in the cache, and the client address they count against.

With Redis as the cache the windows are shared by every worker; with the in-process
default each worker counts alone (the best one process can do). `cache.add` creates a
window's counter atomically and `cache.incr` is atomic on Redis and on the local-memory
cache, so two requests at once cannot both slip under a limit."""

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


def window_remaining(window_seconds: int) -> float:
    """Seconds until the current window ends (for Retry-After)."""
    now = time.time()
    return (int(now // window_seconds) + 1) * window_seconds - now


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one event for `key`; True if it is within `limit` events per window.
    A limit of 0 or less means no limit."""
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
    """The client's address. Behind the production profile's nginx, didgah.edge.wsgi has
    already put the client's address (nginx's X-Real-IP) into REMOTE_ADDR; a header sent
    by the client itself is never believed."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
