"""display_text: letters, ZWNJ tidying and restoration, HTML safety, robustness."""

import random

import pytest

from didgah.persian import display_text

Z = "\u200c"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("رئیسجمهور", "رئیس‌جمهور"),
        ("نامههایی", "نامه‌هایی"),
        ("میگوید", "می‌گوید"),
        ("گفتهاند", "گفته‌اند"),
        ("گزارشها", "گزارش‌ها"),
        ("نمیتوان", "نمی‌توان"),
        ("بزرگترین", "بزرگ‌ترین"),
        ("خانهاش", "خانه‌اش"),
        ("واشینگتنپست", "واشینگتن‌پست"),
        ("برنمیگردد", "برنمی‌گردد"),
        ("کتابهایشان", "کتاب‌هایشان"),
        ("میکردهاند", "می‌کرده‌اند"),
        ("رئیسجمهور گفت نامهها رسید", "رئیس‌جمهور گفت نامه‌ها رسید"),
    ],
)
def test_zwnj_restored(raw, expected):
    assert display_text(raw) == expected


@pytest.mark.parametrize(
    "word",
    [
        "نامهای",  # نامه‌ای or نام‌های: ambiguous, left alone
        "میدان",  # a word, not می + دان
        "میزان",
        "بیشتر",
        "بهتر",
        "همچنین",
        "دیوارها",  # ر does not join: no ZWNJ needed
        "کشورها",
        "دانشگاه",
        "پژوهشگران",
        "بیشترین",
        "ساختمانی",
        "کتاب",
        "تهران",
        "راهش",
    ],
)
def test_words_left_alone(word):
    assert display_text(word) == word


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("كتاب", "کتاب"),  # Arabic kaf
        ("يك", "یک"),  # Arabic yeh
        ("موسى", "موسی"),  # alef maksura
        ("کـــتاب", "کتاب"),  # tatweel
        ("ا\u0653ب", "آب"),  # NFC: alef + madda
        ("نامه\u200c\u200c\u200cها", "نامه‌ها"),  # doubled ZWNJ
        ("\u200cکتاب\u200c", "کتاب"),  # ZWNJ at word start/end
        ("کتاب\u200c ها", "کتاب ها"),  # ZWNJ next to a space
        ("کتاب\u200c.", "کتاب."),  # ZWNJ next to punctuation
        ("دیوار\u200cها", "دیوارها"),  # after non-joining ر
        ("کارد\u200cها", "کاردها"),  # after د
        ("آزاد\u200cی", "آزادی"),
        ("و\u200cگفت", "وگفت"),  # after و
        ("رئیس‌جمهور", "رئیس‌جمهور"),  # a good ZWNJ is kept
    ],
)
def test_letters_and_zwnj_tidy(raw, expected):
    assert display_text(raw) == expected


@pytest.mark.parametrize(
    "html, expected",
    [
        (
            '<a href="https://example.com/نامهها">نامهها</a>',
            '<a href="https://example.com/نامهها">نامه‌ها</a>',
        ),
        ('<img alt="كتاب نامهها" src="/a.png">', '<img alt="كتاب نامهها" src="/a.png">'),
        ("<p class='x'>كتابها &amp; &#1610; &nbsp;</p>", "<p class='x'>کتاب‌ها &amp; &#1610; &nbsp;</p>"),
        ("<!-- كتابها --><b>كتابها</b>", "<!-- كتابها --><b>کتاب‌ها</b>"),
        ("<script>var s='كتابها';</script>", "<script>var s='كتابها';</script>"),
        ("ببینید https://example.com/path?q=نامهها&x=1 را", "ببینید https://example.com/path?q=نامهها&x=1 را"),
        ("www.example.com/كتاب", "www.example.com/كتاب"),
        ("نشانی user.name+tag@example.co.uk است", "نشانی user.name+tag@example.co.uk است"),
        ("تورم ۳٫۵ درصد و 3.5 percent و ۱۲٬۰۰۰", "تورم ۳٫۵ درصد و 3.5 percent و ۱۲٬۰۰۰"),
        ("Hello World, didgah's API v2.0", "Hello World, didgah's API v2.0"),
        ("a < b و c > d", "a < b و c > d"),
    ],
)
def test_html_and_latin_safe(html, expected):
    assert display_text(html) == expected


WEIRD = [
    "",
    "\ud800",
    "abc\udfffکتاب",
    "\x00",
    "".join(chr(c) for c in range(0, 32)),
    "".join(chr(c) for c in range(0x7F, 0xA0)),
    "\u200c" * 50,
    "\u202eکتاب\u202c",
    "<" * 100,
    "<a href='",
    "&#xFFFFFF;",
    "ـــ",
    "\u0654\u0670\u064b",
    "کتاب" * 25_000,  # 100 KB
    "نامهها " * 15_000,
]


@pytest.mark.parametrize("s", WEIRD, ids=range(len(WEIRD)))
def test_never_raises_and_idempotent(s):
    out = display_text(s)
    assert isinstance(out, str)
    assert display_text(out) == out


def test_non_str_input():
    assert display_text(None) == ""
    assert display_text(123) == "123"


def test_random_unicode_never_raises_and_idempotent():
    rng = random.Random(20251102)
    alphabet = (
        [chr(c) for c in range(0x0600, 0x0700)]
        + list("\u200c\u200d\u200e\u200f \n\t<>&;\"'=/.:@ab01")
        + ["\ud800", "\x00", "\u202e", "\ufeff"]
    )
    for _ in range(2000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        out = display_text(s)
        assert display_text(out) == out
    for _ in range(300):
        s = "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, 30)))
        out = display_text(s)
        assert display_text(out) == out


def test_idempotent_on_repaired_words():
    for w in ["رئیسجمهورها", "بزرگترینها", "وزارتخانههایی", "نامههایشان", "میگویند که"]:
        once = display_text(w)
        assert display_text(once) == once
