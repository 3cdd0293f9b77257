"""search_key, digits, slugify, control characters."""

import pytest

from didgah.persian import (
    has_forbidden_controls,
    search_key,
    slugify,
    strip_controls,
    to_latin_digits,
    to_persian_digits,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("كتاب", "کتاب"),  # ك → ک
        ("يك", "یک"),
        ("آب", "اب"),
        ("أمير", "امیر"),
        ("إسلام", "اسلام"),
        ("ٱلله", "الله"),
        ("مدرسة", "مدرسه"),
        ("خانۀ", "خانه"),
        ("خانهٔ", "خانه"),
        ("مؤمن", "مومن"),
        ("رئیس", "رییس"),
        ("کِتابْ", "کتاب"),  # diacritics
        ("قرآن\u0670", "قران"),
        ("کـتاب", "کتاب"),  # tatweel
        ("۱۲۳", "123"),
        ("١٢٣", "123"),
        ("123", "123"),
        ("۳٫۵", "3.5"),
        ("۱۲٬۳۴۵", "12345"),
        ("رئیس‌جمهور", "رییس جمهور"),  # ZWNJ → space
        ("a\u200bb", "ab"),  # ZWSP dropped
        ("a\u00a0b", "a b"),  # NBSP → space
        ("\u200fکتاب\u200e", "کتاب"),  # RLM/LRM
        ("\u202bکتاب\u202c", "کتاب"),
        ("\u2067کتاب\u2069", "کتاب"),
        ("\u061cکتاب", "کتاب"),
        ("\ufeffکتاب\u2060", "کتاب"),
        ("ک\u200dتاب", "کتاب"),  # ZWJ
        ("HeLLo WORLD", "hello world"),
        ("Straße", "strasse"),
        ("  کتاب \t\n  ها  ", "کتاب ها"),
        ("رئیسجمهور", "رییس جمهور"),  # repaired first, so it matches the ZWNJ form
        ("", ""),
    ],
)
def test_search_key(raw, expected):
    assert search_key(raw) == expected


def test_search_key_matches_variants():
    variants = ["رئیس‌جمهور", "رییس جمهور", "رئيسجمهور", "رئیس\u200c\u200cجمهور"]
    assert len({search_key(v) for v in variants}) == 1


@pytest.mark.parametrize("s", ["\ud800", "\x00", "\x00" * 10 + "کتاب", "<" * 10, "a" * 100_000])
def test_search_key_never_raises(s):
    out = search_key(s)
    assert isinstance(out, str)
    assert search_key(out) == out


@pytest.mark.parametrize(
    "raw, persian, latin",
    [
        ("0123456789", "۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("سال 1404 و ۲۰۲۵", "سال ۱۴۰۴ و ۲۰۲۵", "سال 1404 و 2025"),
        (1404, "۱۴۰۴", "1404"),
        (-5, "-۵", "-5"),
    ],
)
def test_digits(raw, persian, latin):
    assert to_persian_digits(raw) == persian
    assert to_latin_digits(raw) == latin


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("رئیس‌جمهور آمریکا: «نامه‌ها» در ۲۰۲۵!", "رییس-جمهور-امریکا-نامه-ها-در-2025"),
        ("Hello, World!", "hello-world"),
        ("Café ۱۲", "cafe-12"),
        ("كتابِ تازه", "کتاب-تازه"),
        ("  --- ", ""),
        ("!!!", ""),
        ("", ""),
    ],
)
def test_slugify(raw, expected):
    assert slugify(raw) == expected


def test_slugify_max_length_word_boundary():
    s = slugify("گزارش " * 40, max_length=20)
    assert len(s) <= 20
    assert not s.endswith("-")
    assert all(part == "گزارش" for part in s.split("-"))
    assert slugify("آزمایشی" * 30, max_length=10)  # one long word: cut, never empty


@pytest.mark.parametrize(
    "s, bad",
    [
        ("علی رضایی", False),
        ("رئیس‌جمهور", False),  # ZWNJ is legit
        ("a\nb", True),
        ("name\u202e", True),
        ("\u2066x", True),
        ("x\u200e", True),
        ("x\u200f", True),
        ("x\u061c", True),
        ("x\u200b", True),
        ("x\u200d", True),
        ("x\u2060", True),
        ("x\ufeff", True),
        ("x\x00", True),
        ("x\x85", True),
        ("", False),
    ],
)
def test_has_forbidden_controls(s, bad):
    assert has_forbidden_controls(s) is bad


@pytest.mark.parametrize(
    "s, expected",
    [
        ("a\x00b", "ab"),
        ("a\nb\tc", "a\nb\tc"),
        ("a\x1bb\x7f\x9f", "ab"),
        ("\u202eabc\u202c", "abc"),
        ("\u2066abc\u2069", "abc"),
        ("رئیس‌جمهور", "رئیس‌جمهور"),
    ],
)
def test_strip_controls(s, expected):
    assert strip_controls(s) == expected
