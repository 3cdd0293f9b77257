"""Ingest the demo feeds (didgah/ingest/demo/) offline, through the whole pipeline.

The files are served by an in-process HTTP server on 127.0.0.1 and fetched by the real
client; INGEST_ALLOW_PRIVATE is on for this run only. The demo sources keep a stable
`.example` feed address and have automatic polling off (their feeds exist only during
this command), so the scheduler leaves them alone. Running it again imports nothing twice.
"""

import re
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from didgah.common.progress import Progress
from didgah.ingest import services
from didgah.ingest.localserver import LocalServer, Route
from didgah.ingest.models import FeedState
from didgah.news.models import Source

from .ingest import describe

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
STABLE_URL = "https://demo-feeds.didgah.example/{name}"
_PLACEHOLDER = re.compile(r"\{\{(HOURS_AGO|ISO_HOURS_AGO):(\d+)\}\}")


def render(text: str, now: datetime) -> str:
    def replace(match):
        when = now - timedelta(hours=int(match.group(2)))
        return format_datetime(when) if match.group(1) == "HOURS_AGO" else when.strftime("%Y-%m-%dT%H:%M:%SZ")

    return _PLACEHOLDER.sub(replace, text)


class Command(BaseCommand):
    help = "Ingests the bundled demo feeds from a local in-process HTTP server."

    def handle(self, *args, **options):
        now = datetime.now(timezone.utc)
        files = sorted(DEMO_DIR.glob("*.xml"))
        taken = known = 0
        problems = []
        with override_settings(INGEST_ALLOW_PRIVATE=True), LocalServer() as server, \
                Progress(self.stdout, "demo feeds", len(files)) as bar:
            for path in files:
                url_path = f"/{path.name}"
                server.routes[url_path] = Route(body=render(path.read_text(encoding="utf-8"), now).encode("utf-8"))
                stable = STABLE_URL.format(name=path.name)
                source = Source.objects.filter(feed_url=stable).first()
                if source is None:
                    source, _ = services.source_add(feed_url=server.url(url_path))
                    Source.objects.filter(pk=source.pk).update(feed_url=stable)
                    FeedState.objects.filter(source=source).update(poll_enabled=False)
                source.feed_url = server.url(url_path)  # this run only; not saved
                report = services.feed_poll(source=source)
                taken, known = taken + (report.taken or 0), known + (report.known or 0)
                if report.outcome == "error" or report.warning:
                    problems.append(f"demo feed {path.name}: {describe(report)}")
                bar.advance()
                bar.summary = f"{taken} new, {known} known" + (f", {len(problems)} with problems" if problems else "")
        for line in problems:
            self.stderr.write(line)
