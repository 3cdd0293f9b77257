"""Register outlets' feeds: `add_source URL [URL ...] [--name NAME] [--review]` or `--opml FILE`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from didgah.ingest import services
from didgah.ingest.opml import OPMLError, parse_opml


class Command(BaseCommand):
    help = "Adds RSS/Atom feeds as sources (the name comes from the feed's title unless given)."

    def add_arguments(self, parser):
        parser.add_argument("feed_urls", nargs="*", metavar="FEED_URL")
        parser.add_argument("--name", help="the outlet's name (only with one FEED_URL)")
        parser.add_argument("--opml", metavar="FILE", help="add every feed in an OPML subscription list")
        parser.add_argument("--review", action="store_true", help="hold this source's articles as drafts for review")
        parser.add_argument("--full-text", action="store_true", help="fetch each article's page for its full text")
        parser.add_argument("--no-fetch", action="store_true", help="do not fetch the feed to learn its title")

    def handle(self, *args, feed_urls, name, opml, review, full_text, no_fetch, **options):
        if not feed_urls and not opml:
            raise CommandError("give at least one FEED_URL or --opml FILE")
        if name and len(feed_urls) != 1:
            raise CommandError("--name goes with exactly one FEED_URL")
        todo = [(url, name or "", "") for url in feed_urls]
        if opml:
            try:
                outlines = parse_opml(Path(opml).read_bytes())
            except (OSError, OPMLError) as exc:
                raise CommandError(str(exc)) from None
            todo += [(o.feed_url, o.title, o.site_url) for o in outlines]
        for n, (url, title, site) in enumerate(todo, start=1):
            if not url.lower().startswith(("http://", "https://")):
                self.stderr.write(f"[{n}/{len(todo)}] skipped (not an http(s) URL): {url}")
                continue
            source, created = services.source_add(
                feed_url=url, name=title, site_url=site, review=review, full_text=full_text,
                discover=not no_fetch,
            )
            state = "added" if created else "already present"
            self.stdout.write(f"[{n}/{len(todo)}] {state}: {source.name} ({source.slug}) {url}")
