import pytest

from didgah.persian import sort_key


@pytest.mark.parametrize("words", [
    ["آب", "اسب", "بابا", "پدر", "تاب"],              # پ between ب and ت, not after ی
    ["جنگل", "چای", "حوض"],                           # چ after ج
    ["زمین", "ژاپن", "سیب"],                           # ژ after ز
    ["کتاب", "گل", "لاله"],                            # گ after ک
    ["نان", "وانواتو", "هلند", "یمن"],                 # و before ه (Unicode's order has ه first)
    ["سن مارینو", "سنت لوسیا", "سنگال"],               # a space ends the word
    ["آلمان", "الجزیره"],                              # آ before ا
])
def test_words_sort_in_the_persian_alphabet(words):
    assert sorted(reversed(words), key=sort_key) == words


@pytest.mark.parametrize("a, b", [
    ("علي", "علی"),            # Arabic yeh
    ("كره", "کره"),            # Arabic kaf
    ("می‌خواهم", "میخواهم"),   # ZWNJ does not count
    ("کتـــاب", "کتاب"),       # nor kashida
    ("مَرد", "مرد"),           # nor short vowels
])
def test_spellings_of_one_word_sort_alike(a, b):
    assert sort_key(a) == sort_key(b)
