"""Rules for readers' names: pure functions, no database.

A name is compared on a key so that look-alikes collide: «علي» (Arabic yeh) and «علی»
(Persian yeh), «علی‌رضا» (ZWNJ), «علی رضا» and «علیرضا» all give one key, so nobody can
register a second account that reads the same as someone else's.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from didgah import persian

DISPLAY_NAME_MIN = 2
# Forty characters fit «نام - شهر، کشور» on one line of a phone.
DISPLAY_NAME_MAX = 40
CITY_MAX = 60
_HAS_LETTER = re.compile(r"[^\W\d_]")
# Letters, digits, marks, spaces, ZWNJ and a little punctuation; nothing that could
# imitate site chrome («مدیر <تحریریه>») or carry markup.
_DISPLAY_ALLOWED = re.compile(r"^[\w\s\u200c\u064b-\u0652\u0670.\-'()]+$")


def name_key(value: str) -> str:
    """The uniqueness key of a name: the Persian search key without any spaces."""
    return "".join(persian.search_key(value).split())


def clean_display_name(value: str) -> str:
    """The stored form of a display name: Persian display text, single spaces."""
    return " ".join(persian.display_text(value or "").split())


def display_name_problem(value: str) -> str | None:
    """A Persian error message if `value` cannot be a display name, else None.

    Bidi overrides and zero-width characters (ZWJ, ZWSP, BOM…) are refused outright
    rather than stripped: a name that needs them is trying to look like something it
    is not. ZWNJ is allowed because Persian names are spelled with it.
    """
    if persian.has_forbidden_controls(value or ""):
        return _("نام نمی‌تواند نویسه‌های نامرئی یا کنترل جهت متن داشته باشد.")
    cleaned = clean_display_name(value)
    if len(cleaned) < DISPLAY_NAME_MIN:
        return _("نام نمایشی دست‌کم باید دو نویسه داشته باشد.")
    if len(cleaned) > DISPLAY_NAME_MAX:
        return _("نام نمایشی حداکثر می‌تواند ۴۰ نویسه داشته باشد.")
    if not _DISPLAY_ALLOWED.match(cleaned) or not _HAS_LETTER.search(cleaned):
        return _("نام نمایشی فقط می‌تواند حرف، عدد، فاصله و نشانه‌های ساده داشته باشد.")
    return None


def city_problem(value: str) -> str | None:
    if persian.has_forbidden_controls(value or ""):
        return _("نام شهر نمی‌تواند نویسه‌های نامرئی یا کنترل جهت متن داشته باشد.")
    cleaned = clean_display_name(value)
    if len(cleaned) > CITY_MAX:
        return _("نام شهر بیش از اندازه بلند است.")
    if cleaned and (not _DISPLAY_ALLOWED.match(cleaned) or not _HAS_LETTER.search(cleaned)):
        return _("نام شهر فقط می‌تواند حرف، فاصله و نشانه‌های ساده داشته باشد.")
    return None


def username_problem(value: str) -> str | None:
    if persian.has_forbidden_controls(value or "") or "\u200c" in (value or ""):
        return _("نام کاربری نمی‌تواند نویسه‌های نامرئی یا کنترل جهت متن داشته باشد.")
    return None
