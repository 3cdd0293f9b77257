"""Pure rules, table-driven."""

from datetime import datetime, timedelta, timezone

import pytest

from didgah.community import rules

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("likes", "dislikes", "expected"),
    [
        (0, 0, 0.0),
        (1, 0, 0.3784),
        (10, 0, 0.8589),
        (50, 2, 0.9109),
        (5, 5, 0.3122),
        (0, 10, 0.0),
    ],
)
def test_wilson_lower_bound_values(likes, dislikes, expected):
    assert rules.wilson_lower_bound(likes, dislikes) == pytest.approx(expected, abs=1e-3)


def test_wilson_prefers_many_likes_over_a_single_one():
    assert rules.wilson_lower_bound(50, 2) > rules.wilson_lower_bound(1, 0)
    assert rules.wilson_lower_bound(10, 1) > rules.wilson_lower_bound(3, 0)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # same age: more points is hotter
        (dict(score=10, comment_count=0, published_at=T0), dict(score=5, comment_count=0, published_at=T0)),
        # comments count (half a vote each)
        (dict(score=0, comment_count=10, published_at=T0), dict(score=0, comment_count=0, published_at=T0)),
        # newer beats older at equal points
        (dict(score=5, comment_count=0, published_at=T0 + timedelta(hours=1)),
         dict(score=5, comment_count=0, published_at=T0)),
        # 10x the points keep an article level with one HOT_WINDOW newer; a bit more wins
        (dict(score=110, comment_count=0, published_at=T0),
         dict(score=10, comment_count=0, published_at=T0 + timedelta(hours=12))),
        # a day-old story with 50 votes loses to a fresh one with 5
        (dict(score=5, comment_count=0, published_at=T0 + timedelta(hours=24)),
         dict(score=50, comment_count=0, published_at=T0)),
        # net-negative sinks below zero points
        (dict(score=0, comment_count=0, published_at=T0), dict(score=-20, comment_count=0, published_at=T0)),
    ],
)
def test_hot_score_orders(a, b):
    assert rules.hot_score(**a) > rules.hot_score(**b)


MAX = 100


@pytest.mark.parametrize(
    ("raw", "stored", "error_part"),
    [
        ("سلام", "سلام", None),
        ("  سلام\r\n\r\n\r\n\r\nخداحافظ  ", "سلام\n\nخداحافظ", None),
        ("<script>alert(1)</script>", "<script>alert(1)</script>", None),  # kept as text
        ("علي كجاست", "علی کجاست", None),  # Arabic letters → Persian
        ("a\x00b", "", "NUL"),
        ("abc\u202edcba", "", "RLO"),
        ("   \n\t  \u200c ", "", "خالی"),
        ("\u200b\u200b", "", "خالی"),
        ("ب" * (MAX + 1), "", "۱۰۰"),
        ("x\u200by", "xy", None),  # zero-width space dropped
        # direction marks pasted unseen from a word processor or messenger: dropped, not refused
        ("\u200fسلام\u200e دنیا\u061c", "سلام دنیا", None),
        ("نام\u2067 x \u2069", "", "RLO"),  # an isolate still reorders: refused
        ("abc\u202bdcba", "", "RLO"),  # an embedding too
    ],
)
def test_clean_comment_text(raw, stored, error_part):
    text, error = rules.clean_comment_text(raw, max_length=MAX)
    if error_part:
        assert text == "" and error_part in error
    else:
        assert error is None and text == stored


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("سلام", "<p>سلام</p>"),
        ("یک\nدو\n\nسه", "<p>یک<br>دو</p><p>سه</p>"),
        ("<b>x</b> & y", "<p>&lt;b&gt;x&lt;/b&gt; &amp; y</p>"),
        ("ببینید https://example.org/a?b=1&c=2.",
         '<p>ببینید <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener" dir="ltr">'
         "https://example.org/a?b=1&amp;c=2</a>.</p>"),
        ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
        ('https://x.org/"onmouseover="alert(1)', '<p><a href="https://x.org/" rel="nofollow ugc noopener" dir="ltr">'
         'https://x.org/</a>&quot;onmouseover=&quot;alert(1)</p>'),
    ],
)
def test_comment_html_escapes_and_links(text, html):
    assert rules.comment_html(text) == html


@pytest.mark.parametrize(
    ("text", "words", "found"),
    [
        ("این یک متن احمقانه است", ["احمقانه"], ["احمقانه"]),
        ("این يك متن احمقانه است", ["احمقانه"], ["احمقانه"]),  # Arabic kaf
        ("این احمـــقانه است", ["احمقانه"], ["احمقانه"]),  # tatweel
        ("این اَحمَقانه است", ["احمقانه"], ["احمقانه"]),  # diacritics
        ("تو بی‌شرفی", ["بی‌شرفی"], ["بی‌شرفی"]),
        ("تو بیشرفی", ["بی‌شرفی"], ["بی‌شرفی"]),  # written without the ZWNJ
        ("تو بی‌شرفی", ["بیشرفی"], ["بیشرفی"]),  # listed without, written with ZWNJ
        ("خرید ویاگرا", ["VIAGRA", "وياگرا"], ["وياگرا"]),
        ("گربه‌ها", ["گرب"], []),  # whole words only
        ("", ["x"], []),
    ],
)
def test_find_words_on_search_keys(text, words, found):
    assert rules.find_words(text, words) == found
