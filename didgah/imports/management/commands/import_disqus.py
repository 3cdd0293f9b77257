from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from didgah.imports import services

from . import _common


class Command(BaseCommand):
    help = _("درون‌ریزی دیدگاه‌های Disqus بر خبرهای درون‌ریخته، به نشانی اصلی یا شناسهٔ رشته")

    def add_arguments(self, parser):
        _common.add_arguments(parser)

    def handle(self, *args, **options):
        path = _common.checked_path(options["file"])
        try:
            report = services.disqus_import(path=path, dry_run=options["dry_run"],
                                            progress=_common.progress(options, self.stderr, _("دیسکاس")))
        except services.ImportRefused as exc:
            raise CommandError(str(exc)) from None
        _common.report_written(self.stdout, report)
