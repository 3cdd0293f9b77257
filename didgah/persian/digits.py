"""Digit conversion and number formatting."""

from __future__ import annotations

from ._chars import ARABIC_DIGITS, LATIN_DIGITS, PERSIAN_DIGITS

__all__ = ["to_persian_digits", "to_latin_digits", "format_number", "format_score"]

_TO_PERSIAN = str.maketrans(LATIN_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2)

PERSIAN_THOUSANDS_SEP = "\u066c"  # ٬
MINUS = "\u2212"  # −


def _as_str(s) -> str:
    if s is None:
        return ""
    return s if isinstance(s, str) else str(s)


def to_persian_digits(s) -> str:
    """Latin and Arabic-Indic digits → Persian (۰–۹). Accepts ints too."""
    return _as_str(s).translate(_TO_PERSIAN)


def to_latin_digits(s) -> str:
    """Persian and Arabic-Indic digits → Latin (0–9). Accepts ints too."""
    return _as_str(s).translate(_TO_LATIN)


def format_number(n) -> str:
    """Persian digits with the Persian thousands separator: 1234 → «۱٬۲۳۴».

    Accepts int, float/Decimal (decimal separator «٫») or a digit string.
    """
    if isinstance(n, bool):
        n = int(n)
    if isinstance(n, int):
        s = f"{abs(n):,}"
        sign = MINUS if n < 0 else ""
    else:
        try:
            text = to_latin_digits(n).strip().replace(",", "").replace("\u066c", "")
            text = text.replace("\u066b", ".")
            if text.startswith(("-", MINUS)):
                sign, text = MINUS, text[1:]
            else:
                sign = ""
            intpart, dot, frac = text.partition(".")
            if not intpart.isdigit() or (frac and not frac.isdigit()):
                return to_persian_digits(n)
            s = f"{int(intpart):,}" + ("." + frac if dot and frac else "")
        except Exception:
            return to_persian_digits(n)
    s = s.replace(",", PERSIAN_THOUSANDS_SEP).replace(".", "\u066b")
    return sign + to_persian_digits(s)


def format_score(n) -> str:
    """Net score: «+۳۸۵», «−۱۲» (U+2212), «۰»."""
    try:
        n = int(n)
    except (TypeError, ValueError):
        n = 0
    if n > 0:
        return "+" + to_persian_digits(n)
    if n < 0:
        return MINUS + to_persian_digits(-n)
    return "۰"
