"""Jalali dates, relative times, numbers and scores."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from didgah.persian import (
    DEFAULT_TZ,
    format_jalali,
    format_jalali_date,
    format_number,
    format_relative,
    format_score,
    jalali_month_names,
    parse_jalali_date,
)
from didgah.persian.dates import parse_jalali_datetime

UTC = dt.timezone.utc


def test_default_tz():
    assert DEFAULT_TZ == "Asia/Tehran"
    assert len(jalali_month_names) == 12
    assert jalali_month_names[0] == "فروردین" and jalali_month_names[7] == "آبان"


@pytest.mark.parametrize(
    "when, tz, expected",
    [
        (dt.datetime(2025, 11, 2, 6, 21, tzinfo=UTC), None, "یکشنبه ۱۱ آبان ۱۴۰۴ - ۰۹:۵۱"),
        (dt.datetime(2025, 11, 2, 6, 21), None, "یکشنبه ۱۱ آبان ۱۴۰۴ - ۰۹:۵۱"),  # naive = UTC
        # midnight boundary: 20:29 UTC is still Saturday 23:59 in Tehran, 20:30 is Sunday 00:00
        (dt.datetime(2025, 11, 1, 20, 29, tzinfo=UTC), None, "شنبه ۱۰ آبان ۱۴۰۴ - ۲۳:۵۹"),
        (dt.datetime(2025, 11, 1, 20, 30, tzinfo=UTC), None, "یکشنبه ۱۱ آبان ۱۴۰۴ - ۰۰:۰۰"),
        # Nowruz 1404: equinox 2025-03-20 09:01:25 UTC is 12:31 in Tehran (after noon),
        # so 20 March is still 30 Esfand 1403 (a leap year) and 1 Farvardin is 21 March
        (dt.datetime(2025, 3, 20, 9, 1, 25, tzinfo=UTC), None, "پنجشنبه ۳۰ اسفند ۱۴۰۳ - ۱۲:۳۱"),
        (dt.datetime(2025, 3, 20, 20, 30, tzinfo=UTC), None, "جمعه ۱ فروردین ۱۴۰۴ - ۰۰:۰۰"),
        # month boundary: last day of Shahrivar (31 days) → 1 Mehr
        (dt.datetime(2025, 9, 22, 12, 0, tzinfo=UTC), None, "دوشنبه ۳۱ شهریور ۱۴۰۴ - ۱۵:۳۰"),
        (dt.datetime(2025, 9, 23, 12, 0, tzinfo=UTC), None, "سه‌شنبه ۱ مهر ۱۴۰۴ - ۱۵:۳۰"),
        # summer: no DST in Iran any more, still +03:30
        (dt.datetime(2025, 7, 1, 0, 0, tzinfo=UTC), None, "سه‌شنبه ۱۰ تیر ۱۴۰۴ - ۰۳:۳۰"),
        (dt.datetime(2025, 11, 2, 6, 21, tzinfo=UTC), "Europe/London", "یکشنبه ۱۱ آبان ۱۴۰۴ - ۰۶:۲۱"),
        (dt.datetime(2025, 11, 2, 6, 21, tzinfo=UTC), ZoneInfo("America/Los_Angeles"), "شنبه ۱۰ آبان ۱۴۰۴ - ۲۳:۲۱"),
        (dt.datetime(2025, 11, 2, 9, 51, tzinfo=ZoneInfo("Asia/Tehran")), None, "یکشنبه ۱۱ آبان ۱۴۰۴ - ۰۹:۵۱"),
    ],
)
def test_format_jalali(when, tz, expected):
    assert format_jalali(when, tz=tz) == expected


def test_weekdays_cycle():
    names = [format_jalali(dt.datetime(2025, 11, 1, 12, tzinfo=UTC) + dt.timedelta(days=i)).split()[0] for i in range(7)]
    assert names == ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"]


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.date(2025, 11, 2), "۱۱ آبان ۱۴۰۴"),
        (dt.datetime(2025, 11, 2, 6, 21, tzinfo=UTC), "۱۱ آبان ۱۴۰۴"),
        (dt.datetime(2025, 11, 1, 21, 0, tzinfo=UTC), "۱۱ آبان ۱۴۰۴"),  # already the 11th in Tehran
        (dt.date(2025, 3, 21), "۱ فروردین ۱۴۰۴"),
        (dt.date(2025, 3, 20), "۳۰ اسفند ۱۴۰۳"),
    ],
)
def test_format_jalali_date(value, expected):
    assert format_jalali_date(value) == expected


NOW = dt.datetime(2025, 11, 2, 6, 21, tzinfo=UTC)


@pytest.mark.parametrize(
    "delta, expected",
    [
        (dt.timedelta(seconds=0), "همین حالا"),
        (dt.timedelta(seconds=59), "همین حالا"),
        (dt.timedelta(seconds=-30), "همین حالا"),  # slightly in the future
        (dt.timedelta(minutes=1), "۱ دقیقه پیش"),
        (dt.timedelta(minutes=5, seconds=20), "۵ دقیقه پیش"),
        (dt.timedelta(minutes=59, seconds=59), "۵۹ دقیقه پیش"),
        (dt.timedelta(hours=1), "۱ ساعت پیش"),
        (dt.timedelta(hours=3, minutes=10), "۳ ساعت پیش"),
        (dt.timedelta(hours=23, minutes=59), "۲۳ ساعت پیش"),
        (dt.timedelta(days=1), "شنبه ۱۰ آبان ۱۴۰۴ - ۰۹:۵۱"),
        (dt.timedelta(hours=-2), "یکشنبه ۱۱ آبان ۱۴۰۴ - ۱۱:۵۱"),  # further future: full date
    ],
)
def test_format_relative(delta, expected):
    assert format_relative(NOW - delta, now=NOW) == expected


def test_format_relative_default_now_and_naive():
    assert format_relative(dt.datetime.now(UTC)) == "همین حالا"
    assert format_relative(dt.datetime(2025, 11, 2, 6, 16), now=dt.datetime(2025, 11, 2, 6, 21)) == "۵ دقیقه پیش"


@pytest.mark.parametrize(
    "s, expected",
    [
        ("۱۴۰۴/۰۸/۱۱", dt.date(2025, 11, 2)),
        ("1404-8-11", dt.date(2025, 11, 2)),
        ("١٤٠٤/٠٨/١١", dt.date(2025, 11, 2)),
        (" 1404/08/11 ", dt.date(2025, 11, 2)),
        ("1404.1.1", dt.date(2025, 3, 21)),
        ("1403/12/30", dt.date(2025, 3, 20)),  # leap year
        ("1404/12/30", None),  # 1404 is not leap
        ("1404/13/01", None),
        ("1404/00/10", None),
        ("1404/07/31", None),  # Mehr has 30 days
        ("", None),
        ("abc", None),
        ("۱۴۰۴/۰۸", None),
        (None, None),
        (14040811, None),
        ("\ud800", None),
        # a Gregorian date typed by mistake is refused, not read six centuries on
        ("2026-12-01", None),
        ("۲۰۲۶/۱۲/۰۱", None),
        ("1299/12/29", None),
        ("1300/01/01", dt.date(1921, 3, 21)),
        ("1499/12/29", dt.date(2121, 3, 20)),
        ("1500/01/01", None),
    ],
)
def test_parse_jalali_date(s, expected):
    assert parse_jalali_date(s) == expected


@pytest.mark.parametrize(
    "n, expected",
    [(385, "+۳۸۵"), (-12, "\u2212۱۲"), (0, "۰"), (1, "+۱"), (-1234, "\u2212۱٬۲۳۴"), (1234, "+۱٬۲۳۴")],
)
def test_format_score(n, expected):
    assert format_score(n) == expected


@pytest.mark.parametrize(
    "n, expected",
    [
        (0, "۰"),
        (999, "۹۹۹"),
        (1234, "۱٬۲۳۴"),
        (1234567, "۱٬۲۳۴٬۵۶۷"),
        (-1234, "\u2212۱٬۲۳۴"),
        ("1234", "۱٬۲۳۴"),
        (3.5, "۳٫۵"),
    ],
)
def test_format_number(n, expected):
    assert format_number(n) == expected


def test_jalali_today_turns_at_nowruz_in_tehran():
    import datetime as dt

    from didgah.persian import jalali_today

    # Nowruz 1405 is 21 March 2026; 20:30 UTC on the 20th is already midnight in Tehran.
    assert str(jalali_today(dt.datetime(2026, 3, 20, 20, 0, tzinfo=dt.timezone.utc))) == "1404-12-29"
    assert str(jalali_today(dt.datetime(2026, 3, 20, 20, 31, tzinfo=dt.timezone.utc))) == "1405-01-01"
    assert jalali_today().year >= 1405


@pytest.mark.parametrize(
    "s, expected",
    [
        ("۱۴۰۵/۰۹/۱۲ ۱۰:۴۰", dt.datetime(2026, 12, 3, 7, 10, tzinfo=UTC)),
        # a one-digit minute, as one-digit hours, months and days are taken
        ("۱۴۰۵/۹/۵ ۸:۵", dt.datetime(2026, 11, 26, 4, 35, tzinfo=UTC)),
        ("1405/9/5 8:60", None),
        ("1405/9/5 24:00", None),
        # Gregorian: refused (the admin says how to write the date)
        ("2026-12-06 10:00", None),
        ("2026/12/06", None),
    ],
)
def test_parse_jalali_datetime(s, expected):
    assert parse_jalali_datetime(s, tz="Asia/Tehran") == expected
