"""Fixed-window rate limits kept in Django's cache, and the client address they count against.

The cache is the one every process of a deployment shares (settings.CACHES: Redis, or
the embedded default's in-process cache in its one process), and both count
atomically, so a limit means the same however requests are spread over workers, and
two requests at once cannot both slip under it."""

from __future__ import annotations

import time

from django.core.cache import cache


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
    cache_key = f"rl:{key}:{window_seconds}:{window}"
    # A few seconds past the window, so a count is never read as expired mid-window.
    timeout = window_seconds + 5
    if cache.add(cache_key, 1, timeout=timeout):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=timeout)
        count = 1
    return count <= limit


def client_ip(request) -> str:
    """The client's address. Behind the production profile's nginx, didgah.edge.wsgi has
    already put the client's address (nginx's X-Real-IP) into REMOTE_ADDR; a header sent
    by the client itself is never believed."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
