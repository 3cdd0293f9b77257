from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from didgah.imports import services

from . import _common


class Command(BaseCommand):
    help = _("درون‌ریزی نوشته‌ها، دسته‌ها، برچسب‌ها، تصویرها و دیدگاه‌های یک وب‌گاه وردپرسی از پروندهٔ برون‌بری (WXR)")

    def add_arguments(self, parser):
        _common.add_arguments(parser)
        parser.add_argument("--no-images", action="store_true",
                            help=_("تصویرها را دریافت نکن؛ نشانی‌های اصلی بمانند"))

    def handle(self, *args, **options):
        path = _common.checked_path(options["file"])
        try:
            report = services.wxr_import(path=path, dry_run=options["dry_run"], images=not options["no_images"],
                                         progress=_common.progress(options, self.stderr, _("وردپرس")))
        except services.ImportRefused as exc:
            raise CommandError(str(exc)) from None
        _common.report_written(self.stdout, report)
