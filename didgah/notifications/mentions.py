"""Finding the names a comment mentions: pure text work, no database.

A mention is «@» and a reader's username or display name. Display names may have
spaces («@مریم احمدی»), so each «@» gives the runs of one to MAX_WORDS words after
it as candidates, and the longest one that is someone's name wins (services). An «@»
inside a word (an e-mail address) is not a mention."""

from __future__ import annotations

import re

MAX_WORDS = 4
# A name is at most 40 characters; a few more for the punctuation after it.
_MENTION = re.compile(r"(?<![\w@])@((?:[^\s@]+)(?:[ \t\u200c]+[^\s@]+){0,%d})" % (MAX_WORDS - 1))
_TRAILING = ".,;:!?)]}»\"'،؛؟…"
# A comment may mention many; past this many «@», the rest are not looked at.
MAX_MENTIONS_SCANNED = 20


def mention_candidates(text: str) -> list[list[str]]:
    """For each «@» in the text, its candidate names, longest first."""
    found = []
    for match in _MENTION.finditer(text or ""):
        words = match.group(1).split()
        candidates = []
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n]).rstrip(_TRAILING)
            if name and len(name) <= 60 and name not in candidates:
                candidates.append(name)
        if candidates:
            found.append(candidates)
        if len(found) >= MAX_MENTIONS_SCANNED:
            break
    return found
