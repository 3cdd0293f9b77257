"""Reads of the feeds' state for the editors' dashboard (ingest.dashboard)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncHour

from .models import FeedState, FetchLog


def feed_health(*, failing_limit: int) -> dict:
    """{"feeds": polled feeds, "failing": how many of them failed their last fetch,
    "last_success": the latest successful fetch of any, "failing_feeds": up to
    `failing_limit` of the failing, most failures first, each {"source_id", "name",
    "failures", "error", "since"}}. Two queries."""
    polled = FeedState.objects.filter(poll_enabled=True, source__is_active=True)
    row = polled.aggregate(feeds=Count("pk"), failing=Count("pk", filter=Q(failure_count__gt=0)),
                           last_success=Max("last_success_at"))
    failing = (
        polled.filter(failure_count__gt=0).select_related("source")
        .only("failure_count", "last_error", "last_error_at", "source__id", "source__name")
        .order_by("-failure_count", "source__name")[:failing_limit]
    )
    row["failing_feeds"] = [
        {"source_id": s.source_id, "name": s.source.name, "failures": s.failure_count, "error": s.last_error,
         "since": s.last_error_at}
        for s in failing
    ]
    return row


def items_per_hour(*, start, end) -> dict:
    """{hour's start on the site's clock: entries taken from the feeds in it} between
    start and end, from the fetch logs. One query."""
    rows = (
        FetchLog.objects.filter(started_at__gte=start, started_at__lt=end)
        .annotate(hour=TruncHour("started_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .values("hour").annotate(n=Sum("entries_taken")).order_by()
    )
    return {row["hour"]: row["n"] or 0 for row in rows}
