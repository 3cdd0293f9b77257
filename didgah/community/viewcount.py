"""Article views counted in the cache and written to the database in batches.

A page view costs cache operations only: `add` of a "seen" key (one view per reader
or visitor per article per hour) and `incr` of a per-minute counter. `views_flush`
(called every VIEW_FLUSH_SECONDS by the first request after that time, and by the
`flush_views` command) adds the counters to Article.view_count, a batch of articles
per transaction, then takes the flushed amounts off the counters with `decr`, so views
that arrive during a flush are kept for the next one and none is counted twice.

Counters live in minute buckets. A bucket is deleted only once it is two minutes old:
no request can still be writing to it, so deleting it cannot lose a view.

The buffer and the "seen" keys live in stores every worker process shares
(common/shared.py: Redis, or SQLite files on the embedded default), so a viewer is
counted once an hour whichever worker serves them, and a worker that is killed loses
no view. On PostgreSQL without Redis each worker keeps its own (a viewer may then count
once per worker, and a killed worker loses its last VIEW_FLUSH_SECONDS of views).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections import Counter

from django.db import transaction
from django.db.models import F

from didgah.common.shared import shared_cache, shared_clear
from didgah.news.models import Article

from . import conf

log = logging.getLogger(__name__)

BUCKET_SECONDS = 60
# Long enough to survive a weekend without a flush; the buffer is tiny.
KEY_TTL = 7 * 24 * 3600
PREFIX = "vc"
# Crawlers, link previews, monitors and HTTP libraries. A real browser always sends a
# User-Agent, so an empty one is not counted either.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|curl|wget|python|httpx|aiohttp|go-http|java/|okhttp|libwww|perl|"
    r"headless|phantom|lighthouse|pingdom|uptime|monitor|preview|facebookexternalhit|whatsapp|"
    r"telegram|scrapy|axios|node-fetch|feedfetcher|rss|ia_archiver|yandex|baidu|semrush|ahrefs",
    re.IGNORECASE,
)


STORE = "views"
SEEN = "views-seen"


def clear_local_buffers() -> None:
    """Empty the embedded default's buffer (tests)."""
    shared_clear(SEEN)
    shared_clear(STORE)


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def viewer_key(*, user_id: int | None, ip: str, user_agent: str) -> str:
    """A reader is their account; a visitor is a hash of address and browser (we store
    neither, and the hash lives only as long as the one-hour "seen" key)."""
    if user_id:
        return f"u{user_id}"
    return "a" + hashlib.blake2b(f"{ip}|{user_agent}".encode(), digest_size=10).hexdigest()


def _bucket(now: float | None = None) -> int:
    return int((now if now is not None else time.time()) // BUCKET_SECONDS)


def _count_key(bucket: int, article_id: int) -> str:
    return f"{PREFIX}:{bucket}:n:{article_id}"


def view_record(*, article_id: int, viewer: str, now: float | None = None, flush: bool = True) -> bool:
    """Count one view of an article by a viewer unless they were counted in the last
    hour; True if counted. May flush the buffer (at most every VIEW_FLUSH_SECONDS)."""
    if not shared_cache(SEEN).add(f"{PREFIX}:seen:{article_id}:{viewer}", 1, timeout=conf.view_dedup_seconds()):
        return False
    cache = shared_cache(STORE)
    bucket = _bucket(now)
    key = _count_key(bucket, article_id)
    if cache.add(key, 0, timeout=KEY_TTL):
        # First view of this article in this bucket: list it so the flush finds it.
        cache.add(f"{PREFIX}:{bucket}:len", 0, timeout=KEY_TTL)
        index = cache.incr(f"{PREFIX}:{bucket}:len")
        cache.set(f"{PREFIX}:{bucket}:id:{index}", article_id, timeout=KEY_TTL)
        cache.add(f"{PREFIX}:oldest", bucket, timeout=KEY_TTL)
    cache.incr(key)
    if flush and cache.add(f"{PREFIX}:tick", 1, timeout=conf.view_flush_seconds()):
        try:
            views_flush()
        except Exception:  # a failed flush keeps the counts for the next one
            log.exception("view flush failed")
    return True


def views_pending() -> dict[int, int]:
    """Buffered views not yet in the database, per article (for tests and the command)."""
    totals, _keys = _collect(_bucket())
    return dict(totals)


def _collect(last_bucket: int) -> tuple[Counter, list[tuple[str, int]]]:
    cache = shared_cache(STORE)
    done = cache.get(f"{PREFIX}:done")
    start = done + 1 if done is not None else cache.get(f"{PREFIX}:oldest")
    totals: Counter = Counter()
    taken: list[tuple[str, int]] = []
    if start is None:
        return totals, taken
    buckets = list(range(max(start, last_bucket - KEY_TTL // BUCKET_SECONDS), last_bucket + 1))
    for i in range(0, len(buckets), 500):
        chunk = buckets[i:i + 500]
        lengths = cache.get_many([f"{PREFIX}:{b}:len" for b in chunk])
        for b in chunk:
            n_ids = lengths.get(f"{PREFIX}:{b}:len") or 0
            if not n_ids:
                continue
            ids = cache.get_many([f"{PREFIX}:{b}:id:{j}" for j in range(1, n_ids + 1)])
            count_keys = {_count_key(b, aid): aid for aid in ids.values()}
            for key, n in cache.get_many(list(count_keys)).items():
                if n:
                    totals[count_keys[key]] += n
                    taken.append((key, n))
    return totals, taken


def views_flush(*, batch_size: int = 500) -> int:
    """Write buffered views to Article.view_count; the number of views written.

    Safe to call from many processes: a cache lock lets one flush at a time."""
    cache = shared_cache(STORE)
    if not cache.add(f"{PREFIX}:lock", 1, timeout=300):
        return 0
    try:
        current = _bucket()
        totals, taken = _collect(current)
        items = sorted(totals.items())
        for i in range(0, len(items), batch_size):
            with transaction.atomic():
                for article_id, n in items[i:i + batch_size]:
                    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + n)
        for key, n in taken:
            cache.decr(key, n)
        # Buckets two or more minutes old receive no more views: drop their keys.
        done = cache.get(f"{PREFIX}:done")
        start = done + 1 if done is not None else cache.get(f"{PREFIX}:oldest")
        closed_until = current - 2
        if start is not None and start <= closed_until:
            for b in range(max(start, closed_until - KEY_TTL // BUCKET_SECONDS), closed_until + 1):
                n_ids = cache.get(f"{PREFIX}:{b}:len") or 0
                ids = cache.get_many([f"{PREFIX}:{b}:id:{j}" for j in range(1, n_ids + 1)])
                cache.delete_many([*ids, *(_count_key(b, aid) for aid in ids.values()), f"{PREFIX}:{b}:len"])
            cache.set(f"{PREFIX}:done", closed_until, timeout=KEY_TTL)
        _hot_for_new_articles()
        return sum(totals.values())
    finally:
        cache.delete(f"{PREFIX}:lock")


def _hot_for_new_articles(limit: int = 500) -> None:
    """Articles published since the last flush have no hot score yet (news' writers do
    not know about it): give them theirs, so the hot order places them by age."""
    from .services import articles_hot_refresh

    ids = list(Article.objects.published().filter(hot=0).values_list("pk", flat=True)[:limit])
    if ids:
        articles_hot_refresh(article_ids=ids)
