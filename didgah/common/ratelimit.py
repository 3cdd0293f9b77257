"""Fixed-window rate limits kept in the cache, and the client address they count against.

The windows live in the store every worker process shares (common/shared.py: Redis, or
a SQLite file on the embedded default), so a limit holds however the requests are
spread over the workers; on PostgreSQL without Redis each worker counts alone. Counting
is atomic in each store, so two requests at once cannot both slip under a limit."""

from __future__ import annotations

import logging
import sqlite3
import time

from didgah.common.shared import SharedCounters, shared_cache, shared_clear

STORE = "rate-limits"

logger = logging.getLogger(__name__)


def clear_local() -> None:
    """Empty the embedded default's store of limits (tests)."""
    shared_clear(STORE)


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
    cache = shared_cache(STORE)
    cache_key = f"rl:{key}:{window_seconds}:{window}"
    if isinstance(cache, SharedCounters):
        try:
            return cache.count(cache_key, window_seconds + 5) <= limit
        except (sqlite3.Error, OSError):
            # The store's file cannot be written (its directory's owner, a stalled
            # writer): the request goes on unlimited rather than failing.
            logger.exception("rate limit store unavailable; %s not counted", key)
            return True
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
