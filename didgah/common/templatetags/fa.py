"""Template filters that show numbers, scores and times the Persian way."""

import re
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from didgah import persian

register = template.Library()


@register.filter
def fa_digits(value) -> str:
    return persian.to_persian_digits("" if value is None else str(value))


_TAG = re.compile(r"(<[^>]*>)")


@register.filter
def fa_digits_html(value) -> str:
    """Persian digits in the text of an HTML fragment (a message with a link in it, a
    validator's help list), never inside its tags, whose addresses keep their digits.
    Escapes what is not marked safe, as the template would have."""
    parts = _TAG.split(str(conditional_escape(value)))
    return mark_safe("".join(part if part.startswith("<") else persian.to_persian_digits(part) for part in parts))


@register.filter
def fa_number(value) -> str:
    try:
        return persian.format_number(int(value))
    except (TypeError, ValueError):
        return persian.to_persian_digits("" if value is None else str(value))


@register.filter
def score(value) -> str:
    try:
        return persian.format_score(int(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def jalali(value) -> str:
    if not value:
        return ""
    return persian.format_jalali(value, tz=timezone.get_current_timezone_name())


@register.filter
def jalali_date(value) -> str:
    if not value:
        return ""
    return persian.format_jalali_date(value, tz=timezone.get_current_timezone_name())


@register.filter
def relative(value) -> str:
    if not value:
        return ""
    return persian.format_relative(value, tz=timezone.get_current_timezone_name())


@register.filter
def html_datetime(value) -> str:
    """A moment for <time datetime="…">: ISO 8601 to the second, with the site's UTC
    offset. Django's `date:'c'` keeps microseconds, which HTML's valid date-time
    strings allow only up to three digits of (validators reject the six). Takes a
    datetime or an ISO string (the search index hands those over)."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return ""
    if not isinstance(value, datetime):
        return value.isoformat()  # a date: YYYY-MM-DD is valid as it is
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
