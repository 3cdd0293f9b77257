"""Word-level differences between two texts, Persian first (the newsroom's revision history).

A word is what a reader sees as one: letters and digits with their marks, kept whole
across a ZWNJ or ZWJ («نامه‌ها» is one word, not «نامه» and «ها»). Every punctuation
mark is a word of its own, so a comma added after a word changes the comma, not the
word; runs of white space are tokens too, so the pieces joined give back the text.

Pure standard library; no Django.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Sequence

from ._chars import MARKS

__all__ = ["words", "diff_tokens", "diff_words", "coalesce"]

_TOKEN = re.compile(rf"[\w{MARKS}\u200c\u200d]+|\s+|.", re.S)

EQUAL, DELETE, INSERT = "equal", "delete", "insert"


def words(text: str) -> list[str]:
    """The text cut into words, single punctuation marks and runs of white space."""
    return _TOKEN.findall(text or "")


def _is_space(tokens: Sequence[Hashable]) -> bool:
    return all(isinstance(t, str) and t.isspace() for t in tokens)


def diff_tokens(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[tuple[str, list]]:
    """(EQUAL | DELETE | INSERT, tokens) runs turning `old` into `new`.

    A change region's deletions come before its insertions, and the spaces between two
    changed words count as changed too: otherwise a rewritten sentence reads as a
    comb of one-word deletions and insertions around the unchanged spaces."""
    # autojunk off: in a long text the space would count as "popular" and be ignored,
    # which cuts matches at every word.
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    opcodes = matcher.get_opcodes()
    runs: list[tuple[str, list]] = []
    for i, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == EQUAL:
            between_changes = 0 < i < len(opcodes) - 1
            if between_changes and _is_space(old[i1:i2]):
                runs.append((DELETE, list(old[i1:i2])))
                runs.append((INSERT, list(new[j1:j2])))
            else:
                runs.append((EQUAL, list(old[i1:i2])))
            continue
        if i2 > i1:
            runs.append((DELETE, list(old[i1:i2])))
        if j2 > j1:
            runs.append((INSERT, list(new[j1:j2])))
    return coalesce(runs)


def coalesce(runs: list[tuple[str, list]]) -> list[tuple[str, list]]:
    """Neighbouring changes merged into one deletion followed by one insertion."""
    out: list[tuple[str, list]] = []
    deleted: list = []
    inserted: list = []

    def flush():
        if deleted:
            out.append((DELETE, deleted.copy()))
        if inserted:
            out.append((INSERT, inserted.copy()))
        deleted.clear()
        inserted.clear()

    for op, tokens in runs:
        if op == EQUAL:
            flush()
            if tokens:
                out.append((EQUAL, tokens))
        elif op == DELETE:
            deleted.extend(tokens)
        else:
            inserted.extend(tokens)
    flush()
    return out


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """(EQUAL | DELETE | INSERT, text) runs turning `old` into `new`, word by word."""
    return [(op, "".join(tokens)) for op, tokens in diff_tokens(words(old), words(new))]
