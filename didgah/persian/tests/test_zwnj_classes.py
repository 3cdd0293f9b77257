"""ZWNJ restoration, class by class (issue 17): joined input -> display_text."""

import pytest

from didgah.persian import display_text

Z = "\u200c"

CASES = [
    # «به» in fixed phrases
    ("be phrase", "بهعنوان", f"به{Z}عنوان"),
    ("be phrase", "بهصورت", f"به{Z}صورت"),
    ("be phrase", "بهطور", f"به{Z}طور"),
    ("be word kept", "بهار", "بهار"),
    ("be word kept", "بهبود", "بهبود"),
    # «X‌به‌X»
    ("x be x", "روزبهروز", f"روزبه{Z}روز"),
    ("x be x", "راستبهچپ", f"راست{Z}به{Z}چپ"),
    # «‌ای» / «‌ی» after a silent final ه
    ("he + ye", "خانهای", f"خانه{Z}ای"),
    ("he + ye", "جملهای", f"جمله{Z}ای"),
    ("he + ye", "پروندهی", f"پرونده{Z}ی"),
    ("pronounced he", "مشابهی", "مشابهی"),
    ("ambiguous", "نامهای", "نامهای"),
    # plural after loanwords and names
    ("plural", "سیگنالهای", f"سیگنال{Z}های"),
    ("plural", "ایمیلهای", f"ایمیل{Z}های"),
    ("plural", "زیرسامانههای", f"زیرسامانه{Z}های"),
    # compounds and names
    ("compound", "مکعبماهواره", f"مکعب{Z}ماهواره"),
    ("compound", "رئیسجمهور", f"رئیس{Z}جمهور"),
    ("compound", "واشینگتنپست", f"واشینگتن{Z}پست"),
    ("known joined word", "فیلتر", "فیلتر"),
    ("either way kept", "آنها", "آنها"),
    # «می» verbs
    ("mi verb", "میگوید", f"می{Z}گوید"),
    # marks kept on their letters
    ("marks", "فعّالیتها", f"فعّالیت{Z}ها"),
]


@pytest.mark.parametrize("kind,joined,expected", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_zwnj_class(kind, joined, expected):
    assert display_text(joined) == expected
    # idempotent, and the written form is never changed
    assert display_text(expected) == expected


def test_demo_article_words_in_a_sentence():
    text = "این مکعبماهواره سیگنالهای خود را بهعنوان داده از زیرسامانههای خود بهصورت پیوسته میفرستد."
    assert display_text(text) == (
        f"این مکعب{Z}ماهواره سیگنال{Z}های خود را به{Z}عنوان داده از زیرسامانه{Z}های خود "
        f"به{Z}صورت پیوسته می{Z}فرستد."
    )
