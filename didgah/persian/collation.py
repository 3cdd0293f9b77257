"""Sorting Persian words in the order of the Persian alphabet.

Code-point order puts پ چ ژ گ after ی (they were added to the Arabic block later), and
Unicode's default collation follows the Arabic alphabet where it differs (ه before و).
A reader looking down a list of names expects the alphabet they learnt at school."""

from __future__ import annotations

# The Persian alphabet, in order; the hamza forms sort beside alef, as dictionaries do.
ALPHABET = "آاأإءئؤبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_RANK = {ch: i + 2 for i, ch in enumerate(ALPHABET)}
# Arabic letter forms a name may be typed with, sorted as their Persian twins.
_TWINS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ٱ": "ا"})
_SPACE = 1  # a space ends a word: «سن مارینو» before «سنت لوسیا»
_IGNORED = "\u200c\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654\u0670"  # ZWNJ, kashida, harakat


def sort_key(text: str) -> tuple[int, ...]:
    """A key that sorts Persian text alphabetically (then anything else by code point,
    after the Persian letters); ZWNJ, kashida and short vowels do not count."""
    key = []
    for ch in str(text).translate(_TWINS):
        if ch in _IGNORED:
            continue
        if ch.isspace():
            key.append(_SPACE)
        else:
            key.append(_RANK.get(ch, len(ALPHABET) + 2 + ord(ch)))
    return tuple(key)
