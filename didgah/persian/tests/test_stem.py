"""Light stemming: inflected forms of a word share one key; short and non-verb words
are left alone. Tokens are search-key tokens (ی ک folded, no ZWNJ)."""

import pytest

from didgah.persian.stem import merge_detached, stem, strip_verb_prefix

# (token, expected key)
STEMS = [
    ("پهپاد", "پهپاد"),
    ("پهپادها", "پهپاد"),
    ("پهپادهای", "پهپاد"),
    ("پهپادهایی", "پهپاد"),
    ("پهپادهایشان", "پهپاد"),
    ("کارشناسان", "کارشناس"),
    ("اطلاعات", "اطلاع"),
    ("بزرگتر", "بزرگ"),
    ("بزرگترین", "بزرگ"),
    ("بزرگترینها", "بزرگ"),
    ("نمایندگان", "نماینده"),
    ("گفتهاند", "گفته"),
    ("خانهاش", "خانه"),
    ("کتابی", "کتاب"),
    ("میگوید", "گوید"),
    ("نمیگوید", "نگوید"),  # the negation stays on the key
    ("میگفتند", "گفتند"),
    ("میرود", "رود"),
    ("میتوان", "توان"),
    ("نمیتوان", "نتوان"),
    ("نمیشود", "نشود"),
    ("میشود", "شود"),
    # «می» that is not a verb prefix stays
    ("میز", "میز"),
    ("میلیون", "میلیون"),
    # short words are kept whole
    ("تر", "تر"),
    ("ها", "ها"),
    ("جوان", "جوان"),
    ("علی", "علی"),
    # not Persian: unchanged
    ("drones", "drones"),
    ("1404", "1404"),
    ("", ""),
]


@pytest.mark.parametrize(("token", "expected"), STEMS)
def test_stem(token, expected):
    assert stem(token) == expected


# Groups of forms that must share one key, whatever the key is.
SAME_KEY = [
    ("ایران", "ایرانی", "ایرانیان"),
    ("دفتر", "دفترها", "دفترهای"),
    ("جوان", "جوانان"),
    ("گوید", "میگوید"),
    ("نگوید", "نمیگوید"),
    ("رییسجمهور", "رییسجمهوری", "رییسجمهورها"),
    ("میدان", "میدانها"),
]


@pytest.mark.parametrize("forms", SAME_KEY)
def test_inflected_forms_share_a_key(forms):
    assert len({stem(f) for f in forms}) == 1, {f: stem(f) for f in forms}


@pytest.mark.parametrize(
    ("token", "expected"),
    [("میخواهند", "خواهند"), ("میاید", "اید"), ("میدان", "میدان"), ("میانه", "میانه"), ("می", "می")],
)
def test_verb_prefix_only_before_a_known_verb(token, expected):
    assert strip_verb_prefix(token) == expected


MERGES = [
    ("پهپاد ها", [("پهپادها", "پهپاد")]),
    ("می گوید", [("میگوید", "گوید")]),
    ("نمی توان گفت", [("نمیتوان", "نتوان"), ("گفت", "گفت")]),
    ("بزرگ ترین شهر", [("بزرگترین", "بزرگ"), ("شهر", "شهر")]),
    ("خانه ای", [("خانهای", "خانه")]),
    # nothing to join to: the piece stays
    ("ها", [("ها", "ها")]),
    ("می", [("می", "می")]),
    ("12 ها", [("12", "12"), ("ها", "ها")]),
]


def test_negation_never_shares_the_positive_verbs_key():
    for positive, negative in [("میشود", "نمیشود"), ("میگوید", "نمیگوید"), ("میتوان", "نمیتوان")]:
        assert stem(positive) != stem(negative)
    # detached or joined, the negated verb has one key
    (_, base), = merge_detached(["نمی", "شود"])
    assert stem(base) == stem("نمیشود")


@pytest.mark.parametrize(("text", "expected"), MERGES)
def test_merge_detached(text, expected):
    assert merge_detached(text.split()) == expected
