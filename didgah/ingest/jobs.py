"""The same polling job on a Redis-backed RQ queue, for more than one machine.

`ingest_scheduler --rq` enqueues one `poll_source` job per due source (claimed first, so
it is enqueued once); `manage.py ingest_worker` runs them. See docs/ingest.md.
"""

from __future__ import annotations

QUEUE = "ingest"


def redis_url() -> str:
    from django.conf import settings

    # Its own Redis if named, else the site's (both read from the environment once, in
    # settings.py).
    return getattr(settings, "INGEST_REDIS_URL", "") or getattr(settings, "REDIS_URL", "") \
        or "redis://127.0.0.1:6379/0"


def queue(connection=None, name: str = QUEUE):
    from redis import Redis
    from rq import Queue

    return Queue(name, connection=connection or Redis.from_url(redis_url()))


def poll_source(source_id: int) -> dict:
    """RQ job: poll one source now. Returns a summary (kept as the job's result)."""
    from didgah.ingest import services
    from didgah.news.models import Source

    source = Source.objects.filter(pk=source_id).first()
    if source is None or not source.feed_url:
        return {"source": source_id, "outcome": "gone"}
    report = services.feed_poll(source=source)
    return {"source": source_id, "outcome": report.outcome, "taken": report.taken, "error": report.error}


def enqueue_due(q) -> int:
    """Claim every due source and enqueue its poll. Returns how many were enqueued."""
    from didgah.ingest import services

    n = 0
    for source in list(services.sources_due()):
        if services.source_claim(source=source):
            # A job timeout well above the client's own total deadline plus import time.
            q.enqueue(poll_source, source.pk, job_timeout=600, result_ttl=3600, failure_ttl=86400)
            n += 1
    return n
