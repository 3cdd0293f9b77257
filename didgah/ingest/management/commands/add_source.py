"""Register outlets' feeds: `add_source URL [URL ...] [--name NAME] [--review]` or `--opml FILE`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from didgah import persian
from didgah.ingest import services
from didgah.ingest.opml import OPMLError, parse_opml


class Command(BaseCommand):
    help = _("خوراک‌های RSS/Atom را منبع می‌کند (نام منبع از عنوان خوراک، مگر آنکه داده شود).")

    def add_arguments(self, parser):
        parser.add_argument("feed_urls", nargs="*", metavar="FEED_URL")
        parser.add_argument("--name", help=_("نام رسانه (تنها با یک FEED_URL)"))
        parser.add_argument("--opml", metavar="FILE", help=_("افزودن همهٔ خوراک‌های یک فهرست اشتراک OPML"))
        parser.add_argument("--review", action="store_true", help=_("خبرهای این منبع برای بررسی پیش‌نویس بمانند"))
        parser.add_argument("--full-text", action="store_true", help=_("متن کامل هر خبر از صفحه‌اش گرفته شود"))
        parser.add_argument("--no-fetch", action="store_true", help=_("خوراک برای دانستن عنوانش دریافت نشود"))

    def handle(self, *args, feed_urls, name, opml, review, full_text, no_fetch, **options):
        if not feed_urls and not opml:
            raise CommandError(_("دست‌کم یک FEED_URL یا --opml FILE بدهید."))
        if name and len(feed_urls) != 1:
            raise CommandError(_("--name تنها با یک FEED_URL می‌آید."))
        todo = [(url, name or "", "") for url in feed_urls]
        if opml:
            try:
                outlines = parse_opml(Path(opml).read_bytes())
            except (OSError, OPMLError) as exc:
                raise CommandError(str(exc)) from None
            todo += [(o.feed_url, o.title, o.site_url) for o in outlines]
        refused = 0
        for n, (url, title, site) in enumerate(todo, start=1):
            if not url.lower().startswith(("http://", "https://")):
                self.stderr.write(f"[{n}/{len(todo)}] " + _("رد شد (نشانی http یا https نیست): %(url)s") % {"url": url})
                continue
            notes: list[str] = []
            try:
                source, created = services.source_add(
                    feed_url=url, name=title, site_url=site, review=review, full_text=full_text,
                    discover=not no_fetch, notes=notes,
                )
            except services.NotAFeed as exc:
                # One wrong address in a list must not keep the others out; the run
                # still ends in failure so that a script notices.
                refused += 1
                self.stderr.write(f"[{n}/{len(todo)}] " + _not_a_feed(url, exc))
                continue
            state = _("افزوده شد") if created else _("پیش‌تر بود")
            self.stdout.write(f"[{n}/{len(todo)}] {state}: {source.name} ({source.slug}) {url}")
            for note in notes:
                self.stderr.write(f"[{n}/{len(todo)}] {note}")
        if refused:
            raise CommandError(_("%(n)s نشانی خوراک نبود و افزوده نشد.") % {"n": persian.format_number(refused)})


def _not_a_feed(url: str, exc: services.NotAFeed) -> str:
    message = (_("این نشانی صفحهٔ وب است، نه خوراک، و افزوده نشد: %(url)s") if exc.web_page
               else _("این نشانی خوراک نیست و افزوده نشد: %(url)s")) % {"url": url}
    if exc.alternates:
        message += "\n" + _("خوراک‌هایی که خود این صفحه نام برده است:") + "".join(
            f"\n  {alternate}" for alternate in exc.alternates)
    else:
        message += "\n" + _("اگر همین نشانی را می‌خواهید، با --no-fetch افزوده می‌شود.")
    return message
