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
    # ezafe «‌ی» after a compound's or a short noun's silent ه
    ("he + ye", "پسزمینهی", f"پس{Z}زمینه{Z}ی"),
    ("he + ye", "ردهی", f"رده{Z}ی"),
    # productive heads written apart after a noun
    ("head apart", "گزارشدهی", f"گزارش{Z}دهی"),
    ("head apart", "شبیهسازی", f"شبیه{Z}سازی"),
    ("head apart", "امکانپذیر", f"امکان{Z}پذیر"),
    ("head apart", "سازمانیافته", f"سازمان{Z}یافته"),
    # prefixes written apart from a newer word; the fused old ones kept
    ("prefix apart", "پیشگزیده", f"پیش{Z}گزیده"),
    ("prefix apart", "همرسانی", f"هم{Z}رسانی"),
    ("prefix apart", "تمامصفحه", f"تمام{Z}صفحه"),
    ("prefix fused kept", "پیشنهاد", "پیشنهاد"),
    ("prefix fused kept", "همکاری", "همکاری"),
    ("prefix fused kept", "تکرار", "تکرار"),
    # the site's own words (docs/glossary.md) with their endings
    ("glossary", "گذرواژهتان", f"گذرواژه{Z}تان"),
    ("glossary", "رایانامهای", f"رایانامه{Z}ای"),
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
