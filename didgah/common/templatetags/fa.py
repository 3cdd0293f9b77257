"""Template filters that show numbers, scores and times the Persian way."""

from django import template
from django.utils import timezone

from didgah import persian

register = template.Library()


@register.filter
def fa_digits(value) -> str:
    return persian.to_persian_digits("" if value is None else str(value))


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
