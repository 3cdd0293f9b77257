"""Jalali (Solar Hijri) date formatting in the house style, via jdatetime."""

from __future__ import annotations

import datetime as _dt
import re
from zoneinfo import ZoneInfo

import jdatetime

from .digits import to_latin_digits, to_persian_digits

__all__ = [
    "DEFAULT_TZ",
    "jalali_month_names",
    "jalali_weekday_names",
    "format_jalali",
    "format_jalali_date",
    "format_relative",
    "parse_jalali_date",
    "format_jalali_numeric",
    "parse_jalali_datetime",
]

DEFAULT_TZ = "Asia/Tehran"

jalali_month_names = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]
# Indexed by Python's date.weekday(): Monday == 0.
jalali_weekday_names = [
    "دوشنبه",
    "سه‌شنبه",
    "چهارشنبه",
    "پنجشنبه",
    "جمعه",
    "شنبه",
    "یکشنبه",
]


def _zone(tz):
    if tz is None:
        return ZoneInfo(DEFAULT_TZ)
    if isinstance(tz, str):
        return ZoneInfo(tz)
    return tz


def _local(dt: _dt.datetime, tz=None) -> _dt.datetime:
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        dt = dt.replace(tzinfo=_dt.timezone.utc)  # naive means UTC
    return dt.astimezone(_zone(tz))


def _jdate(d: _dt.date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=d)


def format_jalali_date(d, tz=None) -> str:
    """«۱۱ آبان ۱۴۰۴». A datetime is first converted to tz; a date is taken as is."""
    if isinstance(d, _dt.datetime):
        d = _local(d, tz).date()
    elif isinstance(d, jdatetime.datetime):
        d = d.togregorian()
        return format_jalali_date(d, tz)
    elif isinstance(d, jdatetime.date):
        d = d.togregorian()
    j = _jdate(d)
    return to_persian_digits(f"{j.day} {jalali_month_names[j.month - 1]} {j.year}")


def format_jalali(dt, tz=None) -> str:
    """«یکشنبه ۱۱ آبان ۱۴۰۴ - ۰۹:۵۱» in tz (default Asia/Tehran); naive = UTC."""
    if isinstance(dt, jdatetime.datetime):
        dt = dt.togregorian()
    if not isinstance(dt, _dt.datetime):  # a bare date: no time part
        j = _jdate(dt)
        wd = jalali_weekday_names[dt.weekday()]
        return to_persian_digits(f"{wd} {j.day} {jalali_month_names[j.month - 1]} {j.year}")
    local = _local(dt, tz)
    j = _jdate(local.date())
    wd = jalali_weekday_names[local.weekday()]
    return to_persian_digits(
        f"{wd} {j.day} {jalali_month_names[j.month - 1]} {j.year} - {local.hour:02d}:{local.minute:02d}"
    )


def format_relative(dt, now=None, tz=None) -> str:
    """«همین حالا», «۵ دقیقه پیش», «۳ ساعت پیش» (under a day), else format_jalali."""
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        dt = dt.replace(tzinfo=_dt.timezone.utc)
    if now is None:
        now = _dt.datetime.now(_dt.timezone.utc)
    elif now.tzinfo is None or now.tzinfo.utcoffset(now) is None:
        now = now.replace(tzinfo=_dt.timezone.utc)
    seconds = (now - dt).total_seconds()
    if -60 < seconds < 60:
        return "همین حالا"
    if seconds < 0:
        return format_jalali(dt, tz)
    if seconds < 3600:
        return f"{to_persian_digits(int(seconds // 60))} دقیقه پیش"
    if seconds < 86400:
        return f"{to_persian_digits(int(seconds // 3600))} ساعت پیش"
    return format_jalali(dt, tz)


def jalali_today(now: _dt.datetime | None = None, tz=None) -> jdatetime.date:
    """Today's Solar Hijri date in tz (default Asia/Tehran); `now` (aware, or naive UTC)
    for tests. Its `.year` is the year forms suggest (۱۴۰۵ from Nowruz 2026)."""
    if now is None:
        now = _dt.datetime.now(_dt.timezone.utc)
    return _jdate(_local(now, tz).date())


# The Solar Hijri years a date typed on this site may have: 1300 began in 1921, before
# anything a news site publishes or imports, and 1500 is a century away. A year outside
# is almost always a Gregorian one typed by mistake («2026/12/06»), which jdatetime would
# take as a Solar Hijri year six centuries on; refusing it lets the form say so.
JALALI_YEAR_MIN, JALALI_YEAR_MAX = 1300, 1499


_DATE_RE = re.compile(r"^\s*(\d{1,4})\s*[/\-.\u066b\u060c ]\s*(\d{1,2})\s*[/\-.\u066b\u060c ]\s*(\d{1,2})\s*$")


def parse_jalali_date(s) -> _dt.date | None:
    """«۱۴۰۴/۰۸/۱۱», «1404-8-11» → datetime.date(2025, 11, 2); None if invalid or if the
    year is outside JALALI_YEAR_MIN..MAX (a Gregorian «2026-12-06»)."""
    try:
        if not isinstance(s, str):
            return None
        s = to_latin_digits(s)
        s = s.translate({0x200E: None, 0x200F: None, 0x061C: None, 0x200C: None})
        m = _DATE_RE.match(s)
        if not m:
            return None
        y, mo, d = (int(x) for x in m.groups())
        if not (1 <= mo <= 12 and 1 <= d <= 31 and JALALI_YEAR_MIN <= y <= JALALI_YEAR_MAX):
            return None
        return jdatetime.date(y, mo, d).togregorian()
    except Exception:
        return None


def format_jalali_numeric(dt, tz=None) -> str:
    """«۱۴۰۵/۰۹/۱۲ ۱۰:۴۰»: a moment as an editor types it (the admin's date boxes), in tz
    (default Asia/Tehran); naive = UTC. A bare date gives the date part alone."""
    if isinstance(dt, _dt.datetime):
        local = _local(dt, tz)
        j = _jdate(local.date())
        return to_persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d} {local.hour:02d}:{local.minute:02d}")
    j = _jdate(dt)
    return to_persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}")


_DATETIME_RE = re.compile(
    r"^\s*(\d{3,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})"
    r"(?:\s*(?:[T,\u060c]|\s)\s*(\d{1,2})\s*[:\u066b.]\s*(\d{1,2})(?:\s*:\s*(\d{2}))?)?\s*$"
)


def parse_jalali_datetime(s, tz=None) -> _dt.datetime | None:
    """«۱۴۰۵/۰۹/۱۲ ۱۰:۴۰» (or Latin digits, «-» for «/», seconds, no time: midnight) read
    in tz (default Asia/Tehran) → an aware datetime in UTC; None when it is no such
    moment (a 30 Esfand in a common year, 24:00, text, a year outside JALALI_YEAR_MIN..MAX)."""
    if not isinstance(s, str):
        return None
    s = to_latin_digits(s).translate({0x200E: None, 0x200F: None, 0x061C: None, 0x200C: None})
    m = _DATETIME_RE.match(s)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups()[:3])
    if not JALALI_YEAR_MIN <= y <= JALALI_YEAR_MAX:
        return None
    hour, minute, second = (int(x) if x else 0 for x in m.groups()[3:])
    try:
        day = jdatetime.date(y, mo, d).togregorian()
        local = _dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=_zone(tz))
    except (ValueError, OverflowError):
        return None
    return local.astimezone(_dt.timezone.utc)
