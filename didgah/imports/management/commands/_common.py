"""What import_wxr and import_disqus share: options, the progress display, the report."""

from __future__ import annotations

import os

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from didgah.imports.report import Progress


def add_arguments(parser) -> None:
    parser.add_argument("file", help=_("پروندهٔ برون‌بری (XML)"))
    parser.add_argument("--dry-run", action="store_true",
                        help=_("فقط بخوان و بشمار؛ چیزی در پایگاه داده نوشته نمی‌شود"))
    parser.add_argument("--quiet", action="store_true", help=_("بی‌نوار پیشرفت"))
    parser.add_argument("--progress-every", type=int, default=100,
                        help=_("وقتی خروجی پایانه نیست، هر چند مورد یک خط پیشرفت"))


def checked_path(path: str) -> str:
    if not os.path.isfile(path):
        raise CommandError(_("پرونده پیدا نشد: %(path)s") % {"path": path})
    return path


def progress(options, stderr, label: str) -> Progress | None:
    if options["quiet"]:
        return None
    return Progress(stream=stderr._out if hasattr(stderr, "_out") else stderr, every=options["progress_every"],
                    label=label)


def report_written(stdout, report) -> None:
    """The report on stdout; a file nothing whole could be read from fails the command
    (after its report, which says where the file broke), so a script notices."""
    stdout.write(report.render())
    if report.unreadable:
        raise CommandError(_("از این پرونده هیچ مورد کاملی خوانده نشد؛ پرونده آسیب دیده است."))
