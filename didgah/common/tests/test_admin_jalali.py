"""The admin's Solar Hijri dates (common/admin_jalali.py): what an editor types and
what is stored are the same instant, Tehran time; bad input is refused in Persian."""

import datetime as dt
import re

import pytest
from django import forms
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.utils import timezone

from didgah.common import admin_jalali
from didgah.persian.dates import format_jalali_numeric, parse_jalali_datetime

UTC = dt.timezone.utc
LATIN_LETTERS = re.compile(r"[A-Za-z]")


@pytest.mark.parametrize("typed, instant", [
    ("۱۴۰۵/۰۹/۱۲ ۱۰:۴۰", dt.datetime(2026, 12, 3, 7, 10, tzinfo=UTC)),
    ("1405/09/12 10:40", dt.datetime(2026, 12, 3, 7, 10, tzinfo=UTC)),
    ("۱۴۰۵-۹-۱۲ ۱۰:۴۰", dt.datetime(2026, 12, 3, 7, 10, tzinfo=UTC)),
    ("  ۱۴۰۵/۰۹/۱۲   ۱۰:۴۰:۳۰ ", dt.datetime(2026, 12, 3, 7, 10, 30, tzinfo=UTC)),
    ("۱۴۰۵/۰۹/۱۲", dt.datetime(2026, 12, 2, 20, 30, tzinfo=UTC)),  # midnight in Tehran
    ("۱۴۰۵/۰۱/۰۱ ۰۰:۰۰", dt.datetime(2026, 3, 20, 20, 30, tzinfo=UTC)),  # Nowruz
    ("۱۴۰۳/۱۲/۳۰ ۲۳:۵۹", dt.datetime(2025, 3, 20, 20, 29, tzinfo=UTC)),  # 1403 is a leap year
    ("\u200f۱۴۰۵/۰۹/۱۲ ۱۰:۴۰", dt.datetime(2026, 12, 3, 7, 10, tzinfo=UTC)),  # an RLM pasted in
])
def test_typed_moment_is_the_same_utc_instant_both_ways(typed, instant):
    assert parse_jalali_datetime(typed, tz="Asia/Tehran") == instant
    shown = format_jalali_numeric(instant, tz="Asia/Tehran")
    assert parse_jalali_datetime(shown, tz="Asia/Tehran") == instant.replace(second=0)


@pytest.mark.parametrize("typed", [
    "", "فردا", "2026-12-03 10:40x", "۱۴۰۵/۱۳/۰۱ ۱۰:۰۰", "۱۴۰۵/۰۹/۳۲", "۱۴۰۵/۱۲/۳۰ ۱۰:۰۰",  # 1405 is common
    "۱۴۰۵/۰۹/۱۲ ۲۴:۰۰", "۱۴۰۵/۰۹/۱۲ ۱۰:۶۰", "۱۴۰۵/۰۹/۱۲ ۱۰", "1405/09/12T", "۱۴۰۵//۱۲",
])
def test_what_is_no_moment_is_refused(typed):
    assert parse_jalali_datetime(typed, tz="Asia/Tehran") is None


@pytest.mark.parametrize("instant, shown", [
    (dt.datetime(2026, 12, 3, 7, 10, tzinfo=UTC), "۱۴۰۵/۰۹/۱۲ ۱۰:۴۰"),
    (dt.datetime(2026, 3, 20, 20, 30, tzinfo=UTC), "۱۴۰۵/۰۱/۰۱ ۰۰:۰۰"),
    (dt.date(2026, 12, 3), "۱۴۰۵/۰۹/۱۲"),
])
def test_the_box_shows_tehran_time_in_persian_digits(instant, shown):
    with timezone.override("Asia/Tehran"):
        assert admin_jalali.JalaliDateTimeInput().format_value(instant) == shown


def test_form_field_round_trip_and_persian_refusal():
    class Form(forms.Form):
        at = admin_jalali.JalaliDateTimeField()

    with timezone.override("Asia/Tehran"):
        form = Form(data={"at": "۱۴۰۵/۰۹/۱۲ ۱۰:۴۰"})
        assert form.is_valid()
        assert form.cleaned_data["at"] == dt.datetime(2026, 12, 3, 7, 10, tzinfo=UTC)
        # Shown again as typed.
        bound = Form(initial={"at": form.cleaned_data["at"]})
        assert 'value="۱۴۰۵/۰۹/۱۲ ۱۰:۴۰"' in str(bound["at"])

        refused = Form(data={"at": "۱۴۰۵/۱۲/۳۰ ۱۰:۰۰"})
        assert not refused.is_valid()
        message = refused.errors["at"][0]
        assert "۱۴۰۵/۰۹/۱۲ ۱۰:۴۰" in message and not LATIN_LETTERS.search(message)
        # What was typed stays in the box for the editor to correct.
        assert "۱۴۰۵/۱۲/۳۰ ۱۰:۰۰" in str(refused["at"])


@pytest.mark.django_db
def test_every_admin_date_box_is_the_jalali_one():
    """The article's publishing time and the breaking bar's times (the scheduling
    fields) get the Jalali box through install(), not per model."""
    from django.contrib.auth import get_user_model

    from didgah.news.models import Article, Breaking

    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_staff=True, is_superuser=True)
    for model, name in [(Article, "published_at"), (Breaking, "starts_at"), (Breaking, "expires_at")]:
        form = admin.site._registry[model].get_form(request)()
        assert isinstance(form.fields[name], admin_jalali.JalaliDateTimeField), (model, name)
        assert isinstance(form.fields[name].widget, admin_jalali.JalaliDateTimeInput)


@pytest.mark.parametrize("value, field, shown", [
    (dt.datetime(2026, 12, 3, 7, 10, tzinfo=UTC), models.DateTimeField(), "پنجشنبه ۱۲ آذر ۱۴۰۵ - ۱۰:۴۰"),
    (dt.date(2026, 12, 3), models.DateField(), "۱۲ آذر ۱۴۰۵"),
    (1234, models.IntegerField(), "۱٬۲۳۴"),
    (None, models.DateTimeField(null=True), "-"),
    ("abc", models.CharField(), "abc"),
])
def test_list_cells_and_read_only_fields(value, field, shown):
    with timezone.override("Asia/Tehran"):
        assert str(admin_jalali.display_for_field(value, field, "-")) == shown


@pytest.mark.parametrize("start, end, level, jalali", [
    (dt.date(2026, 3, 21), dt.date(2027, 3, 21), "year", (1405, 1, 1)),
    (dt.date(2026, 11, 22), dt.date(2026, 12, 22), "month", (1405, 9, 1)),
    (dt.date(2026, 12, 3), dt.date(2026, 12, 4), "day", (1405, 9, 12)),
    (dt.date(2026, 12, 3), dt.date(2026, 12, 9), None, None),
])
def test_drill_down_ranges_name_their_level(start, end, level, jalali):
    with timezone.override("Asia/Tehran"):
        for is_datetime in (True, False):
            params = admin_jalali._span("at", start, end, is_datetime)
            found, day = admin_jalali._selected("at", params, is_datetime)
            assert found == level
            assert (None if day is None else (day.year, day.month, day.day)) == jalali
