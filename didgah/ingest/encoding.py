"""Repairing a feed's declared character encoding before feedparser reads it.

Persian outlets' feeds often lie about their encoding: Windows-1256 bytes declared as
UTF-8 (feedparser then falls back to Windows-1252 and stores «ÓáÇã» for «سلام»), or
UTF-8 bytes declared as Windows-1256 (stored as «ط³ظ„ط§ظ…»). Pure functions; of Django
only its translation, for the warning an editor reads on the source.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

_XML_DECL = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""")
_UNICODE = {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be", "ucs-2"}


def _declared(content: bytes, content_type: str) -> tuple[str, str]:
    match = _XML_DECL.match(content[:300])
    xml = match.group(2).decode("ascii").lower() if match else ""
    http = ""
    if "charset=" in content_type.lower():
        http = content_type.lower().split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    return xml, http


def _arabic_share(text: str) -> float:
    non_ascii = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not non_ascii:
        return 0.0
    return sum(1 for c in non_ascii if "\u0600" <= c <= "\u06ff") / len(non_ascii)


def _as_utf8(text: str, content: bytes) -> tuple[bytes, str]:
    body = text.encode("utf-8")
    body = _XML_DECL.sub(rb"\1utf-8\3", body, count=1)
    return body, "application/xml; charset=utf-8"


def fix_encoding(content: bytes, content_type: str) -> tuple[bytes, str, str]:
    """(content, content_type, warning): unchanged with warning "" when the declaration
    is believable; otherwise the body re-encoded as UTF-8 (declaration rewritten) and a
    warning saying what was wrong."""
    xml, http = _declared(content, content_type)
    declared = http or xml
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or content[:3] == b"\xef\xbb\xbf":
        return content, content_type, ""  # a byte-order mark says it all
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if declared and declared not in _UNICODE and not text.isascii() and _arabic_share(text) > 0.5:
            # Valid multi-byte UTF-8 full of Persian letters is never an accident.
            body, ctype = _as_utf8(text, content)
            return body, ctype, _("رمزگذاری نام‌برده برای خوراک %(declared)s بود اما بایت‌هایش UTF-8 بود و "
                                  "چنین خوانده شد") % {"declared": declared}
        return content, content_type, ""
    if declared in ("", *_UNICODE):
        try:
            guess = content.decode("windows-1256")
        except UnicodeDecodeError:
            return content, content_type, ""
        if _arabic_share(guess) > 0.5:
            body, ctype = _as_utf8(guess, content)
            if declared:
                warning = _("رمزگذاری نام‌برده برای خوراک %(declared)s بود اما بایت‌هایش چنین نبود و با "
                            "Windows-1256 خوانده شد") % {"declared": declared}
            else:
                warning = _("خوراک رمزگذاری‌اش را نام نبرده بود و بایت‌هایش UTF-8 نبود؛ با Windows-1256 خوانده شد")
            return body, ctype, warning
    return content, content_type, ""
