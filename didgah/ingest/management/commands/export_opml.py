"""Write every source with a feed as OPML (to stdout or --output FILE)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from didgah.ingest.opml import export_opml
from didgah.news.models import Source


class Command(BaseCommand):
    help = "Exports the sources' feeds as an OPML subscription list."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", metavar="FILE")
        parser.add_argument("--all", action="store_true", help="include inactive sources")

    def handle(self, *args, output=None, all=False, **options):
        sources = Source.objects.exclude(feed_url="").order_by("name")
        if not all:
            sources = sources.filter(is_active=True)
        text = export_opml(sources)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"{sources.count()} sources written to {output}")
        else:
            self.stdout.write(text, ending="")
