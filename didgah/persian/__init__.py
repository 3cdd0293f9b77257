"""Persian text core for Didgah: normalisation, search keys, digits, Jalali dates.

Pure Python: the standard library and jdatetime only (no Django).
"""

from .collation import sort_key
from .dates import (
    DEFAULT_TZ,
    format_jalali,
    format_jalali_date,
    format_relative,
    jalali_today,
    jalali_month_names,
    jalali_weekday_names,
    parse_jalali_date,
)
from .digits import (
    format_number,
    format_score,
    persian_digits_in_html,
    persian_digits_in_text,
    to_latin_digits,
    to_persian_digits,
)
from .text import display_text, has_forbidden_controls, search_key, slugify, strip_controls

__all__ = [
    "sort_key",
    "display_text",
    "search_key",
    "to_persian_digits",
    "to_latin_digits",
    "persian_digits_in_text",
    "persian_digits_in_html",
    "DEFAULT_TZ",
    "format_jalali",
    "format_jalali_date",
    "format_relative",
    "jalali_today",
    "parse_jalali_date",
    "jalali_month_names",
    "jalali_weekday_names",
    "format_score",
    "format_number",
    "slugify",
    "has_forbidden_controls",
    "strip_controls",
]
