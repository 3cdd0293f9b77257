"""Article views counted in the cache and written to the database in batches.

A view is counted by the page's personal request (community.views.personal), never by
the cached page itself, and costs cache operations only: `add` of a "seen" key (one
view per reader or visitor per article per hour) and `incr` of a per-minute counter; a
signed-in reader's "seen" key is read with their personal parts, so a view counted in
the last hour writes nothing.
Automated browsers and crawlers are not counted (is_bot). `views_flush`, run every
VIEW_FLUSH_SECONDS by the scheduler process (and by `manage.py flush_views`), adds the
counters to Article.view_count, a batch of articles per transaction, then takes the
flushed amounts off the counters with `decr`, so views that arrive during a flush are
kept for the next one and none is counted twice. The same transaction adds them to
the article's row of that hour (ViewHour), which the editors' dashboard plots: the
flush is that table's only writer.

Counters live in minute buckets. A bucket is deleted only once it is two minutes old:
no request can still be writing to it, so deleting it cannot lose a view.

The buffer and the "seen" keys live in Django's cache, which every process of a
deployment shares (Redis, or the embedded default's one process's own), so a viewer is counted
once an hour whichever worker serves them, and the scheduler process reads what the
web workers counted.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections import Counter
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from didgah.common.ratelimit import client_ip
from didgah.news.models import Article

from . import conf
from .models import ViewHour

log = logging.getLogger(__name__)

BUCKET_SECONDS = 60
# Long enough to survive a weekend without a flush; the buffer is tiny.
KEY_TTL = 7 * 24 * 3600
PREFIX = "vc"
# The hourly rows the dashboard plots are kept this long: a month shows this week
# against the last ones, and the table stays small (articles x hours).
VIEW_HOURS_KEEP_DAYS = 31
# Crawlers, link previews, monitors and HTTP libraries. A real browser always sends a
# User-Agent, so an empty one is not counted either.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|curl|wget|python|httpx|aiohttp|go-http|java/|okhttp|libwww|perl|"
    r"headless|phantom|lighthouse|pingdom|uptime|monitor|preview|facebookexternalhit|whatsapp|"
    r"telegram|scrapy|axios|node-fetch|feedfetcher|rss|ia_archiver|yandex|baidu|semrush|ahrefs",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def viewer_key(*, user_id: int | None, ip: str = "", user_agent: str = "") -> str:
    """A reader is their account; a visitor is a hash of address and browser (we store
    neither, and the hash lives only as long as the one-hour "seen" key)."""
    if user_id:
        return f"u{user_id}"
    return "a" + hashlib.blake2b(f"{ip}|{user_agent}".encode(), digest_size=10).hexdigest()


def _bucket(now: float | None = None) -> int:
    return int((now if now is not None else time.time()) // BUCKET_SECONDS)


def bucket_hour(bucket: int, tz: str | None = None) -> datetime:
    """The start of the hour of the site's clock (settings.TIME_ZONE) a minute bucket
    falls in, as an aware UTC instant. Tehran is UTC+03:30, so its hours start at half
    past a UTC hour: the dashboard's «ساعت ۱۴» must be 14:00 to 15:00 in Tehran."""
    zone = ZoneInfo(tz or settings.TIME_ZONE)
    local = datetime.fromtimestamp(bucket * BUCKET_SECONDS, tz=dt_timezone.utc).astimezone(zone)
    return local.replace(minute=0, second=0, microsecond=0).astimezone(dt_timezone.utc)


def _count_key(bucket: int, article_id: int) -> str:
    return f"{PREFIX}:{bucket}:n:{article_id}"


def seen_key(*, article_id: int, viewer: str) -> str:
    """The key that says a viewer was counted on an article in the last hour."""
    return f"{PREFIX}:seen:{article_id}:{viewer}"


def view_record(*, article_id: int, viewer: str, now: float | None = None) -> bool:
    """Count one view of an article by a viewer unless they were counted in the last
    hour; True if counted."""
    if not cache.add(seen_key(article_id=article_id, viewer=viewer), 1, timeout=conf.view_dedup_seconds()):
        return False
    bucket = _bucket(now)
    key = _count_key(bucket, article_id)
    try:  # the article's counter of this bucket is there but for its first view
        cache.incr(key)
        return True
    except ValueError:
        pass
    if cache.add(key, 0, timeout=KEY_TTL):
        # First view of this article in this bucket: list it so the flush finds it.
        cache.add(f"{PREFIX}:{bucket}:len", 0, timeout=KEY_TTL)
        index = cache.incr(f"{PREFIX}:{bucket}:len")
        cache.set(f"{PREFIX}:{bucket}:id:{index}", article_id, timeout=KEY_TTL)
        cache.add(f"{PREFIX}:oldest", bucket, timeout=KEY_TTL)
    cache.incr(key)
    return True


def view_count(request, *, article_id: int, user_id: int | None = None, seen: bool = False) -> None:
    """Count one view of an article by whoever sent `request`, unless it is a bot: the
    signed-in reader `user_id` (the caller knows them: request.user is not read here), or
    else a visitor. `seen`: the caller found the reader's seen_key (read with its own
    keys), so they were counted in the last hour and nothing is written. Never raises:
    counting must not break the page."""
    user_agent = request.headers.get("User-Agent", "")
    if is_bot(user_agent) or seen:
        return
    viewer = viewer_key(user_id=user_id, ip=client_ip(request), user_agent=user_agent)
    try:
        view_record(article_id=article_id, viewer=viewer)
    except Exception:  # noqa: BLE001
        log.exception("view count failed")


def views_pending() -> dict[int, int]:
    """Buffered views not yet in the database, per article (for tests and the command)."""
    totals, _keys, _hours = _collect(_bucket())
    return dict(totals)


def _collect(last_bucket: int) -> tuple[Counter, list[tuple[str, int]], Counter]:
    """Buffered views per article, the (key, amount) pairs taken, and the same views per
    (article, hour)."""
    done = cache.get(f"{PREFIX}:done")
    start = done + 1 if done is not None else cache.get(f"{PREFIX}:oldest")
    totals: Counter = Counter()
    hourly: Counter = Counter()
    taken: list[tuple[str, int]] = []
    if start is None:
        return totals, taken, hourly
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
                    hourly[(count_keys[key], bucket_hour(b))] += n
                    taken.append((key, n))
    return totals, taken, hourly


def _hours_add(hourly: list[tuple[tuple[int, datetime], int]]) -> None:
    """Add views to their hourly rows (inside the flush's transaction). Three queries a
    batch: the articles that still exist, the rows there are, then the updates and the
    new rows in bulk. The flush is the rows' only writer and runs one at a time (its
    lock), so reading a row and writing its sum cannot lose another writer's views."""
    article_ids = {aid for (aid, _hour), _n in hourly}
    alive = set(Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True))
    hourly = [item for item in hourly if item[0][0] in alive]
    if not hourly:
        return
    rows = {(r.article_id, r.hour): r for r in ViewHour.objects.filter(
        article_id__in=alive, hour__in={hour for (_aid, hour), _n in hourly})}
    changed, new = [], []
    for (aid, hour), n in hourly:
        row = rows.get((aid, hour))
        if row is None:
            new.append(ViewHour(article_id=aid, hour=hour, views=n))
        else:
            row.views += n
            changed.append(row)
    ViewHour.objects.bulk_update(changed, ["views"])
    ViewHour.objects.bulk_create(new)


def _hours_prune() -> None:
    """Drop hourly rows past VIEW_HOURS_KEEP_DAYS, once an hour at most."""
    if cache.add(f"{PREFIX}:pruned", 1, timeout=3600):
        ViewHour.objects.filter(hour__lt=datetime.now(dt_timezone.utc) - timedelta(days=VIEW_HOURS_KEEP_DAYS)).delete()


def views_flush(*, batch_size: int = 500) -> int:
    """Write buffered views to Article.view_count; the number of views written.

    Safe to call from many processes: a cache lock lets one flush at a time."""
    if not cache.add(f"{PREFIX}:lock", 1, timeout=300):
        return 0
    try:
        current = _bucket()
        totals, taken, hourly = _collect(current)
        items = sorted(totals.items())
        hours = sorted(hourly.items())
        for i in range(0, len(items), batch_size):
            batch = items[i:i + batch_size]
            with transaction.atomic():
                for article_id, n in batch:
                    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + n)
                ids = {article_id for article_id, _n in batch}
                _hours_add([item for item in hours if item[0][0] in ids])
        _hours_prune()
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
        return sum(totals.values())
    finally:
        cache.delete(f"{PREFIX}:lock")
