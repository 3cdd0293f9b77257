"""What an import did, counted per kind and reason, and its progress while it runs."""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from didgah import persian


def kind_labels() -> dict[str, str]:
    return {
        "published": _("نوشته‌های منتشرشده"), "post": _("نوشته‌ها"), "draft": _("پیش‌نویس‌ها"), "scheduled": _("نوشته‌های زمان‌بندی‌شده"),
        "comment": _("دیدگاه‌ها"), "page": _("برگه‌ها"), "attachment": _("پیوست‌ها"), "item": _("موارد دیگر"),
        "category": _("دسته‌ها"), "tag": _("برچسب‌ها"), "redirect": _("ارجاع‌های نشانی قدیمی"),
        "image": _("تصویرها"), "thread": _("رشته‌های دیدگاه"), "claimed": _("دیدگاه‌های واگذارشده به خوانندگان"),
        "untitled": _("نوشته‌های بی‌تیتر (تیتر از آغاز متن)"),
        "password_draft": _("نوشته‌های رمزدار (به پیش‌نویس)"),
    }


def reason_labels() -> dict[str, str]:
    return {
        "already_imported": _("پیش‌تر درون‌ریزی شده"),
        "deleted_since_import": _("پس از درون‌ریزی به دست ویراستار حذف شده"),
        "duplicate_id": _("شناسهٔ تکراری در همین پرونده"),
        "page": _("برگه (نوشته نیست)"), "attachment": _("پیوست"), "trash": _("در زباله‌دان"),
        "spam": _("هرزنامه"), "unapproved": _("تأییدنشده"), "deleted": _("حذف‌شده"),
        "pingback": _("پینگ‌بک یا ترک‌بک"), "auto_draft": _("پیش‌نویس خودکار خالی"),
        "revision": _("بازنگری یا گونهٔ دیگر وردپرس"), "empty": _("بی‌متن"),
        "no_article": _("خبری با این نشانی یا شناسه پیدا نشد"), "no_thread": _("رشته‌اش در پرونده نیست"),
        "post_not_imported": _("نوشته‌اش درون‌ریزی نشد"), "failed": _("خطا هنگام نوشتن"),
        "kept_original_url": _("دریافت نشد؛ نشانی اصلی ماند"),
        "incomplete": _("ناقص (پرونده در میانه‌اش تمام شده)"),
        "no_public_media_url": _("SITE_URL نشانی عمومی نیست و رونوشت‌ها نمایش‌دادنی نبودند"),
        "not_an_image": _("پاسخ تصویر نبود"), "host_unreachable": _("میزبانش پیش‌تر پاسخ نداده بود"),
    }


def parse_error_text(error) -> str:
    """A parser error (xmlstream.ParseError) as a Persian sentence, with where it was:
    «پرونده پیش از پایانش بریده شده است (سطر ۵۰، ستون ۳۵)». libxml's own message is
    English and written for programmers, so it is never shown."""
    kind = error.kind or ""
    if kind in ("ERR_TAG_NOT_FINISHED", "ERR_CDATA_NOT_FINISHED", "ERR_COMMENT_NOT_FINISHED",
                "ERR_PI_NOT_FINISHED", "ERR_LTSLASH_REQUIRED"):
        what = _("پرونده پیش از پایانش بریده شده است")
    elif kind == "ERR_TAG_NAME_MISMATCH":
        what = _("برچسب بسته‌شده با برچسب بازشده نمی‌خواند")
    elif kind in ("ERR_RESOURCE_LIMIT", "ERR_ENTITY_LOOP", "ERR_ENTITY_AMPLIFICATION"):
        what = _("موجودیتی که باز کردنش از اندازه بیرون است (بمب موجودیت)؛ خواندن همان‌جا ایستاد")
    elif "ENTITY" in kind:
        what = _("ارجاع به موجودیتی که تعریف نشده یا پذیرفتنی نیست")
    elif kind == "ERR_DOCUMENT_EMPTY":
        what = _("پرونده با هیچ برچسبی آغاز نمی‌شود")
    elif kind == "ERR_DOCUMENT_END":
        what = _("پس از پایان سند چیز دیگری آمده است")
    elif kind in ("ERR_INVALID_CHAR", "ERR_INVALID_ENCODING", "ERR_UNKNOWN_ENCODING", "ERR_UNSUPPORTED_ENCODING"):
        what = _("نویسه‌ای که در XML پذیرفته نیست")
    elif kind.startswith(("ERR_NAME", "ERR_ATTRIBUTE", "ERR_GT", "ERR_LT", "ERR_SPACE")):
        what = _("نویسهٔ بی‌جا (مانند & یا < بی‌پناه) یا برچسبی نادرست‌نوشته")
    else:
        what = _("خطای ساختاری")
    if error.line > 0:
        return _("%(what)s (سطر %(line)s، ستون %(column)s)") % {
            "what": what, "line": persian.to_persian_digits(error.line),
            "column": persian.to_persian_digits(max(error.column, 0))}
    return what


@dataclass
class ImportReport:
    dry_run: bool = False
    imported: Counter = field(default_factory=Counter)
    skipped: dict[str, Counter] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    examples: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    # Nothing whole could be read from a damaged file: the command fails.
    unreadable: bool = False

    def add(self, kind: str, n: int = 1) -> None:
        self.imported[kind] += n

    def skip(self, kind: str, reason: str, example: str = "") -> None:
        self.skipped.setdefault(kind, Counter())[reason] += 1
        if example:
            bucket = self.examples.setdefault(f"{kind}:{reason}", [])
            if len(bucket) < 5 and example[:120] not in bucket:
                bucket.append(example[:120])

    def skipped_count(self, kind: str, reason: str | None = None) -> int:
        counts = self.skipped.get(kind, Counter())
        return sum(counts.values()) if reason is None else counts[reason]

    @property
    def nothing_new(self) -> bool:
        return not any(n for k, n in self.imported.items() if k not in ("claimed",))

    def render(self) -> str:
        kinds, reasons = kind_labels(), reason_labels()
        n = persian.format_number
        lines = [_("گزارش آزمایشی (چیزی نوشته نشد):") if self.dry_run else _("گزارش درون‌ریزی:")]
        if self.nothing_new:
            already = any(counts["already_imported"] for counts in self.skipped.values())
            lines.append(_("چیز تازه‌ای برای درون‌ریزی نبود؛ همه‌چیز پیش‌تر آمده است.") if already
                         else _("چیزی درون‌ریزی نشد."))
        for kind, count in sorted(self.imported.items()):
            if count:
                lines.append(f"  {kinds.get(kind, kind)}: {n(count)} " + (_("درون‌ریزی می‌شود") if self.dry_run
                                                                        else _("درون‌ریزی شد")))
        for kind, counts in sorted(self.skipped.items()):
            for reason, count in counts.most_common():
                line = f"  {kinds.get(kind, kind)} — {reasons.get(reason, reason)}: {n(count)} " + _("کنار گذاشته شد")
                examples = self.examples.get(f"{kind}:{reason}")
                if examples:
                    line += " (" + "، ".join(examples) + ")"
                lines.append(line)
        lines.extend(f"  {note}" for note in self.notes)
        lines.append(_("زمان: %(s)s ثانیه") % {"s": n(round(self.seconds, 1))})
        return "\n".join(lines)


class Progress:
    """A bar on a terminal (redrawn at most a few times a second), otherwise a line
    every `every` items, on stderr: the report itself goes to stdout."""

    def __init__(self, *, stream=None, every: int = 100, label: str = ""):
        self.stream = stream if stream is not None else sys.stderr
        self.every = max(1, every)
        self.label = label
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.items = 0
        self._last = 0.0
        self.position = 0
        self.size = 0

    def bytes(self, position: int, size: int) -> None:
        self.position, self.size = position, size

    def item(self, summary: str = "") -> None:
        self.items += 1
        now = time.monotonic()
        if self.tty:
            if now - self._last < 0.2:
                return
        elif self.items % self.every:
            return
        self._last = now
        share = min(self.position / self.size, 1.0) if self.size else 0.0
        if self.tty:
            bar = "█" * int(share * 30) + "░" * (30 - int(share * 30))
            self.stream.write(f"\r{self.label} {bar} {persian.format_number(int(share * 100))}٪ {summary}\x1b[K")
        else:
            self.stream.write(f"{self.label} {persian.format_number(int(share * 100))}٪ {summary}\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
