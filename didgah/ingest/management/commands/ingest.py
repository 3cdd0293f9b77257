"""Poll every due source once (`ingest`), or one source now (`ingest --source SLUG`)."""

from django.core.management.base import BaseCommand, CommandError

from didgah.ingest import services
from didgah.news.models import Source


def describe(report) -> str:
    if report.outcome == "error":
        return f"{report.source.slug}: ERROR {report.error}"
    if report.outcome == "not_modified":
        return f"{report.source.slug}: not modified (304)"
    skipped = ", ".join(f"{r}×{n}" for r, n in report.skip_counts.items())
    line = f"{report.source.slug}: {report.seen} entries, {report.taken} new, {report.known} known, {len(report.skipped)} skipped"
    line += f" ({skipped})" if skipped else ""
    return line + (f" [warning: {report.warning}]" if report.warning else "")


class Command(BaseCommand):
    help = "Polls every source that is due, once; or one source now with --source."

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="SLUG", help="poll this source now, due or not")

    def handle(self, *args, source=None, **options):
        if source:
            obj = Source.objects.filter(slug=source).first()
            if obj is None:
                raise CommandError(f"no source with slug {source!r}")
            if not obj.feed_url:
                raise CommandError(f"source {source!r} has no feed URL")
            self.stdout.write(describe(services.feed_poll(source=obj)))
            return
        total = services.sources_due().count()
        done = [0]

        def progress(report):
            done[0] += 1
            self.stdout.write(f"[{done[0]}/{total}] {describe(report)}")

        reports = services.ingest_due(progress=progress)
        self.stdout.write(f"polled {len(reports)} sources, {sum(r.taken for r in reports)} new articles")
