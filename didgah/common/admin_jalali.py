"""The editors' admin in Solar Hijri with Persian digits, for every model at once.

Django's admin writes a date, a time, a number or a yes/no in four places, each
Gregorian or Latin: a list's cells and a read-only field (both through
`admin.utils.display_for_field`, which the list and the form helpers import by name),
the yes/no icons' alt text (`admin_list._boolean_icon`), the date list filter's «this
month» and «this year», and the date drill-down above a list. `install()` (run by
CommonConfig.ready) replaces the first two where they are looked up and registers the
filter for every date field; the drill-down is the `jalali_date_hierarchy` tag that
templates/admin/change_list.html uses in place of Django's. Date boxes in every admin
form become one text box, «۱۴۰۵/۰۹/۱۲ ۱۰:۴۰» in Tehran time, with a small calendar
(static/admin-fa/jalali-picker.js); what is stored is the same UTC instant.

Pure text work lives in didgah.persian; this module only hooks it into the admin, and
imports no app (common sits under all of them).
"""

from __future__ import annotations

import datetime as _dt

import jdatetime
from django import forms
from django.contrib.admin import filters as admin_filters
from django.contrib.admin import helpers as admin_helpers
from django.contrib.admin import options as admin_options
from django.contrib.admin import utils as admin_utils
from django.contrib.admin.templatetags import admin_list
from django.core.exceptions import ValidationError
from django.db import models
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from didgah.persian import format_jalali, format_jalali_date, format_number, jalali_month_names, to_persian_digits
from didgah.persian.dates import format_jalali_numeric, parse_jalali_date, parse_jalali_datetime

_django_display_for_field = admin_utils.display_for_field
_django_display_for_value = admin_utils.display_for_value


def _tz_name() -> str:
    return timezone.get_current_timezone_name()


def display_for_field(value, field, empty_value_display, avoid_link=False):
    """Django's, with dates in Solar Hijri and numbers in Persian digits."""
    if not getattr(field, "flatchoices", None) and value not in field.empty_values:
        if isinstance(field, models.DateTimeField):
            return format_jalali(value, tz=_tz_name())
        if isinstance(field, models.DateField):
            return format_jalali_date(value)
        if isinstance(field, models.TimeField):
            return to_persian_digits(value.strftime("%H:%M"))
        if isinstance(field, (models.IntegerField, models.FloatField, models.DecimalField)) \
                and not isinstance(field, models.BooleanField):
            return format_number(value)
    return _django_display_for_field(value, field, empty_value_display, avoid_link=avoid_link)


def display_for_value(value, empty_value_display, boolean=False):
    """Django's, for what an admin's own column returns: the same dates and numbers."""
    if not boolean and value is not None:
        if isinstance(value, _dt.datetime):
            return format_jalali(value, tz=_tz_name())
        if isinstance(value, _dt.date):
            return format_jalali_date(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_number(value)
    return _django_display_for_value(value, empty_value_display, boolean)


_YES_NO = {True: ("yes", _("بله")), False: ("no", _("خیر")), None: ("unknown", _("نامعلوم"))}


def boolean_icon(field_val):
    """The admin's yes/no icon, its alt text in Persian (Django writes «True»)."""
    icon, alt = _YES_NO[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), alt)


# --- The date list filter ----------------------------------------------------------------

def _jalali_month_start(year: int, month: int) -> _dt.date:
    if month > 12:
        year, month = year + 1, 1
    return jdatetime.date(year, month, 1).togregorian()


class JalaliDateFieldListFilter(admin_filters.DateFieldListFilter):
    """Django's date filter with «this month» and «this year» the Solar Hijri ones."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        today = timezone.localdate()
        j = jdatetime.date.fromgregorian(date=today)
        month = (_jalali_month_start(j.year, j.month), _jalali_month_start(j.year, j.month + 1))
        year = (_jalali_month_start(j.year, 1), _jalali_month_start(j.year + 1, 1))
        if isinstance(field, models.DateTimeField):
            month, year = ([_local_midnight(d) for d in pair] for pair in (month, year))
        links = list(self.links)
        links[3] = (links[3][0], {self.lookup_kwarg_since: month[0], self.lookup_kwarg_until: month[1]})
        links[4] = (links[4][0], {self.lookup_kwarg_since: year[0], self.lookup_kwarg_until: year[1]})
        self.links = tuple(links)


def _local_midnight(day: _dt.date) -> _dt.datetime:
    return timezone.make_aware(_dt.datetime(day.year, day.month, day.day))


# --- The date drill-down above a list ----------------------------------------------------

def _span(field_name: str, start: _dt.date, end: _dt.date, is_datetime: bool) -> dict[str, str]:
    """The drill-down's lookups for the days from `start` to before `end`: the same
    `field__gte` and `field__lt` as the date list filter's, so a month picked in one
    shows as picked in the other; local midnights for a datetime field."""
    if is_datetime:
        low, high = _local_midnight(start).isoformat(), _local_midnight(end).isoformat()
    else:
        low, high = start.isoformat(), end.isoformat()
    return {f"{field_name}__gte": low, f"{field_name}__lt": high}


def _selected(field_name: str, params, is_datetime: bool):
    """(level, jdatetime.date) of the span in `params`: 'year', 'month' or 'day' when it
    is one Solar Hijri year, month or day, else (None, None)."""
    low_text, high_text = params.get(f"{field_name}__gte") or "", params.get(f"{field_name}__lt") or ""
    if isinstance(low_text, list):  # the change list's params keep every value given
        low_text, high_text = low_text[-1], (high_text[-1] if high_text else "")
    try:
        if is_datetime:
            low = timezone.localtime(_aware(_dt.datetime.fromisoformat(low_text))).date()
            high = timezone.localtime(_aware(_dt.datetime.fromisoformat(high_text))).date()
        else:
            low, high = _dt.date.fromisoformat(low_text[:10]), _dt.date.fromisoformat(high_text[:10])
    except ValueError:
        return None, None
    j = jdatetime.date.fromgregorian(date=low)
    if j.month == 1 and j.day == 1 and high == _jalali_month_start(j.year + 1, 1):
        return "year", j
    if j.day == 1 and high == _jalali_month_start(j.year, j.month + 1):
        return "month", j
    if high == low + _dt.timedelta(days=1):
        return "day", j
    return None, None


def _aware(moment: _dt.datetime) -> _dt.datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def jalali_date_hierarchy(cl) -> dict:
    """The context of Django's admin/date_hierarchy.html, in Solar Hijri years, months
    and days. Each link filters `field__gte` and `field__lt` (local midnights), which
    the change list applies as any other lookup (the date list filter's own, when it
    has one)."""
    field_name = cl.date_hierarchy
    if not field_name:
        return {"show": False}
    field = admin_utils.get_fields_from_path(cl.model, field_name)[-1]
    is_datetime = isinstance(field, models.DateTimeField)
    level, chosen = _selected(field_name, cl.params, is_datetime)

    def link(start: _dt.date, end: _dt.date) -> str:
        return cl.get_query_string(_span(field_name, start, end, is_datetime), [f"{field_name}__"])

    def days_in(start: _dt.date, end: _dt.date) -> list[jdatetime.date]:
        kind = "datetimes" if is_datetime else "dates"
        qs = cl.queryset.filter(**_span(field_name, start, end, is_datetime))
        values = getattr(qs, kind)(field_name, "day")
        found = []
        for value in values:
            day = timezone.localtime(value).date() if is_datetime and timezone.is_aware(value) else value
            day = day.date() if isinstance(day, _dt.datetime) else day
            found.append(jdatetime.date.fromgregorian(date=day))
        return found

    month_name = lambda j: jalali_month_names[j.month - 1]  # noqa: E731
    if level == "year":
        start, end = _jalali_month_start(chosen.year, 1), _jalali_month_start(chosen.year + 1, 1)
        months = sorted({(d.year, d.month) for d in days_in(start, end)})
        return {"show": True, "back": {"link": cl.get_query_string({}, [f"{field_name}__"]),
                                       "title": _("همهٔ تاریخ‌ها")},
                "choices": [{"link": link(_jalali_month_start(y, m), _jalali_month_start(y, m + 1)),
                             "title": to_persian_digits(f"{jalali_month_names[m - 1]} {y}")} for y, m in months]}
    if level in ("month", "day"):
        start = _jalali_month_start(chosen.year, chosen.month)
        end = _jalali_month_start(chosen.year, chosen.month + 1)
        back_year = {"link": link(_jalali_month_start(chosen.year, 1), _jalali_month_start(chosen.year + 1, 1)),
                     "title": to_persian_digits(str(chosen.year))}
        if level == "day":
            return {"show": True,
                    "back": {"link": link(start, end), "title": to_persian_digits(f"{month_name(chosen)} {chosen.year}")},
                    "choices": [{"title": to_persian_digits(f"{chosen.day} {month_name(chosen)}")}]}
        days = sorted({d for d in days_in(start, end)}, key=lambda d: d.day)
        return {"show": True, "back": back_year,
                "choices": [{"link": link(d.togregorian(), d.togregorian() + _dt.timedelta(days=1)),
                             "title": to_persian_digits(f"{d.day} {month_name(d)}")} for d in days]}
    bounds = cl.queryset.aggregate(first=models.Min(field_name), last=models.Max(field_name))
    if not (bounds["first"] and bounds["last"]):
        return {"show": False}
    first, last = (timezone.localtime(v).date() if is_datetime and timezone.is_aware(v) else v
                   for v in (bounds["first"], bounds["last"]))
    years = range(jdatetime.date.fromgregorian(date=first).year, jdatetime.date.fromgregorian(date=last).year + 1)
    return {"show": True, "back": None,
            "choices": [{"link": link(_jalali_month_start(y, 1), _jalali_month_start(y + 1, 1)),
                         "title": to_persian_digits(str(y))} for y in years]}


# --- The date boxes of the admin's forms -------------------------------------------------

class JalaliDateTimeInput(forms.TextInput):
    """One box, «۱۴۰۵/۰۹/۱۲ ۱۰:۴۰» in Tehran time, with the calendar beside it."""

    input_type = "text"
    with_time = True

    class Media:
        css = {"all": ["admin-fa/jalali-picker.css"]}
        js = ["admin-fa/jalali-picker.js"]

    def __init__(self, attrs=None):
        example = "۱۴۰۵/۰۹/۱۲ ۱۰:۴۰" if self.with_time else "۱۴۰۵/۰۹/۱۲"
        final = {"class": "jalali-date", "dir": "ltr", "autocomplete": "off", "placeholder": example,
                 "data-jalali-time": "1" if self.with_time else "0", "size": "16" if self.with_time else "10"}
        final.update(attrs or {})
        super().__init__(final)

    def format_value(self, value):
        if isinstance(value, (_dt.date, _dt.datetime)):
            if isinstance(value, _dt.datetime) and not self.with_time:
                value = value.date()
            return format_jalali_numeric(value, tz=_tz_name())
        return super().format_value(value)


class JalaliDateInput(JalaliDateTimeInput):
    with_time = False


class JalaliDateTimeField(forms.DateTimeField):
    """A moment typed as «۱۴۰۵/۰۹/۱۲ ۱۰:۴۰» (Persian or Latin digits, «/» or «-»),
    read in the current time zone (Tehran); stored as the same UTC instant."""

    widget = JalaliDateTimeInput
    default_error_messages = {
        "invalid": _("تاریخ و ساعت را به شکل «۱۴۰۵/۰۹/۱۲ ۱۰:۴۰» بنویسید (سال/ماه/روز ساعت:دقیقه)، "
                     "روزی که در تقویم هست."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, _dt.datetime):
            return value
        moment = parse_jalali_datetime(str(value), tz=_tz_name())
        if moment is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return moment

    def prepare_value(self, value):
        return value

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        initial = initial.replace(second=0, microsecond=0) if isinstance(initial, _dt.datetime) else initial
        return initial != data


class JalaliDateField(forms.DateField):
    widget = JalaliDateInput
    default_error_messages = {
        "invalid": _("تاریخ را به شکل «۱۴۰۵/۰۹/۱۲» بنویسید (سال/ماه/روز)، روزی که در تقویم هست."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, _dt.date):
            return value
        day = parse_jalali_date(str(value))
        if day is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return day


# --- Installing it -----------------------------------------------------------------------

DATE_BOXES = {
    models.DateTimeField: {"form_class": JalaliDateTimeField, "widget": JalaliDateTimeInput},
    models.DateField: {"form_class": JalaliDateField, "widget": JalaliDateInput},
}


def install() -> None:
    """Hook the above into Django's admin, once, for every model."""
    admin_list.display_for_field = display_for_field
    admin_list.display_for_value = display_for_value
    admin_helpers.display_for_field = display_for_field
    admin_list._boolean_icon = boolean_icon
    admin_filters.FieldListFilter.register(
        lambda f: isinstance(f, models.DateField), JalaliDateFieldListFilter, take_priority=True)
    # Every ModelAdmin copies these defaults when it is made: this app comes before the
    # admin in INSTALLED_APPS, so this runs before the admin makes them.
    admin_options.FORMFIELD_FOR_DBFIELD_DEFAULTS.update(DATE_BOXES)
