import pytest

from didgah.persian.diff import DELETE, EQUAL, INSERT, diff_words, words

ZWNJ = "\u200c"


@pytest.mark.parametrize("text, expected", [
    # A ZWNJ joins, never splits: one word.
    (f"نامه{ZWNJ}ها", [f"نامه{ZWNJ}ها"]),
    # Punctuation is a word of its own; spaces are kept so the pieces give the text back.
    ("سلام، دنیا.", ["سلام", "،", " ", "دنیا", "."]),
    # Marks stay on their letter.
    ("مُدیر", ["مُدیر"]),
    ("«تهران»", ["«", "تهران", "»"]),
    ("Hello  world", ["Hello", "  ", "world"]),
    ("۱۴۰۵ سال", ["۱۴۰۵", " ", "سال"]),
    ("", []),
])
def test_words(text, expected):
    assert words(text) == expected
    assert "".join(words(text)) == text


@pytest.mark.parametrize("old, new, expected", [
    ("یک", "یک", [(EQUAL, "یک")]),
    ("", "الف", [(INSERT, "الف")]),
    ("الف", "", [(DELETE, "الف")]),
    # One word changed: only that word, not its neighbours.
    ("رئیس امروز به تهران رفت", "رئیس دیروز به تهران رفت",
     [(EQUAL, "رئیس "), (DELETE, "امروز"), (INSERT, "دیروز"), (EQUAL, " به تهران رفت")]),
    # A comma added after a word changes the comma alone.
    ("سلام دنیا", "سلام، دنیا", [(EQUAL, "سلام"), (INSERT, "،"), (EQUAL, " دنیا")]),
    # A ZWNJ repaired changes the word it belongs to, as one word.
    ("این نامهها رسید", f"این نامه{ZWNJ}ها رسید",
     [(EQUAL, "این "), (DELETE, "نامهها"), (INSERT, f"نامه{ZWNJ}ها"), (EQUAL, " رسید")]),
    # A rewritten phrase reads as one deletion and one insertion, not a comb of words.
    ("یک دو سه", "چهار پنج شش", [(DELETE, "یک دو سه"), (INSERT, "چهار پنج شش")]),
])
def test_diff_words(old, new, expected):
    runs = diff_words(old, new)
    assert runs == expected
    assert "".join(t for op, t in runs if op != INSERT) == old
    assert "".join(t for op, t in runs if op != DELETE) == new
