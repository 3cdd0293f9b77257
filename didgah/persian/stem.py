"""Light Persian stemming for search: plural, comparative and enclitic endings, and the
verb prefixes «می»/«نمی».

Works on *search-key tokens* (the output of `search_key`, split into words): letters are
already folded (ی ک ه ا), ZWNJ is already a space and digits are Latin. Pure functions,
no Django.

Negation is kept: «نمی» becomes «ن» on the verb, so «نمیشود» is not «میشود».

The stemmer is deliberately light and deterministic rather than linguistically right:
the same function runs over the index and over the query, so what matters is that the
inflected forms of a word land on the same key («پهپاد», «پهپادها», «پهپادهای» → «پهپاد»),
not that the key is a real word («ایران» → «ایر» is fine, both sides agree).
The property that keeps recall: for a suffix s that may be stripped from w+s,
stem(w + s) == stem(w). Each rule depends only on the remainder, so that holds.
"""

from __future__ import annotations

import os
from functools import lru_cache

__all__ = [
    "stem",
    "strip_verb_prefix",
    "strip_suffixes",
    "is_detached_suffix",
    "is_detached_prefix",
    "merge_detached",
    "VERB_PREFIXES",
    "DETACHED_SUFFIXES",
]

# (ending, replacement, shortest remainder allowed). Longest endings first, so the
# whole ending goes in one step. The minimum remainders keep short words whole
# («تر» stays, «جوان» is not «جو»); 3 for «ات/ی/اند/گان», whose bare forms end far
# more real words than «ها» does, and 4 for «ان», which ends so many three-letter
# words («ارزان» is not «ارز», «ایران» is not «ایر»).
SUFFIX_RULES: tuple[tuple[str, str, int], ...] = (
    ("هایشان", "", 2),
    ("هایتان", "", 2),
    ("هایمان", "", 2),
    ("هایی", "", 2),
    ("هایم", "", 2),
    ("هایت", "", 2),
    ("هایش", "", 2),
    ("هاست", "", 2),
    ("های", "", 2),
    ("ها", "", 2),
    ("ترین", "", 2),
    ("تر", "", 2),
    # «نمایندگان» is «نماینده» + «ان»: the silent ه turns into گ.
    ("گان", "ه", 3),
    ("اند", "", 3),
    ("ات", "", 3),
    ("ان", "", 4),
    ("ای", "", 2),
    ("اش", "", 2),
    ("ی", "", 3),
)
# Three passes cover the longest chain we meet in news text: «بهترینهایی» → «بهترین»
# → «به»; «ایرانیان» → «ایرانی» → «ایران» → «ایر».
MAX_PASSES = 4

VERB_PREFIXES = ("نمی", "می")
# Endings that written text separates from the stem with a ZWNJ (or, when the ZWNJ is
# lost in a search key, a space): «پهپاد‌ها» becomes the tokens «پهپاد» «ها».
DETACHED_SUFFIXES = frozenset(
    """ها های هایی هایم هایت هایش هایمان هایتان هایشان هاست تر ترین تری ترینها
    ای ام ات اش ایم اید اند یی""".split()
)

PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
PAST_ENDINGS = ("", "م", "ی", "یم", "ید", "ند")
# Stems used bare after «می»: «میتوان», «نمیتوان», «میبایست».
BARE_STEMS = frozenset({"توان", "بایست", "شاید"})

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "verbs.txt")
# search_key folds these letters; the verb list is folded the same way.
_FOLD = str.maketrans({"آ": "ا", "أ": "ا", "إ": "ا", "ئ": "ی", "ؤ": "و", "ي": "ی", "ك": "ک", "ۀ": "ه"})


@lru_cache(maxsize=1)
def _verb_stems() -> tuple[frozenset[str], frozenset[str]]:
    past, present = set(), set()
    with open(_DATA, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            pa, _, pr = line.partition("#")
            if pa.strip():
                past.add(pa.strip().translate(_FOLD))
            if pr.strip():
                present.add(pr.strip().translate(_FOLD))
    return frozenset(past), frozenset(present)


def _is_verb_form(rest: str) -> bool:
    """True if `rest` is a conjugated present or past form of a known verb."""
    if rest in BARE_STEMS:
        return True
    past, present = _verb_stems()
    for ending in PAST_ENDINGS:
        if rest.endswith(ending) and rest[: len(rest) - len(ending)] in past:
            return True
    for ending in PRESENT_ENDINGS:
        if not rest.endswith(ending):
            continue
        base = rest[: -len(ending)]
        # Vowel-final present stems take a glide «ی»: «گو» + «ی» + «ند».
        if base in present or (base.endswith("ی") and base[:-1] in present):
            return True
    return False


# What «نمی» leaves on the verb: the negation. «نمیگوید» becomes «نگوید», the key of
# the subjunctive negative too, so a negated query finds negated text (both moods)
# and never the positive verb, which «میگوید» → «گوید» keeps for itself.
NEGATION = "ن"


def _without_prefix(prefix: str, rest: str) -> str:
    return NEGATION + rest if prefix == "نمی" else rest


def strip_verb_prefix(token: str) -> str:
    """«میگوید» → «گوید», «نمیگوید» → «نگوید», «نمیتوان» → «نتوان»; «میدان»,
    «میلیون», «میز» stay whole because what follows «می» is not a known verb form."""
    for prefix in VERB_PREFIXES:
        if token.startswith(prefix):
            rest = token[len(prefix):]
            if len(rest) >= 2 and _is_verb_form(rest):
                return _without_prefix(prefix, rest)
            return token
    return token


def strip_suffixes(token: str) -> str:
    """Strip plural, comparative and enclitic endings, repeatedly."""
    for _ in range(MAX_PASSES):
        for ending, replacement, min_rest in SUFFIX_RULES:
            if token.endswith(ending) and len(token) - len(ending) >= min_rest:
                token = token[: len(token) - len(ending)] + replacement
                break
        else:
            return token
    return token


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """The index/query key of one search-key token. Tokens that are not Persian
    letters (Latin words, numbers) come back unchanged."""
    if not token or not ("\u0600" <= token[0] <= "\u06ff"):
        return token
    return strip_suffixes(strip_verb_prefix(token))


def is_detached_suffix(token: str) -> bool:
    return token in DETACHED_SUFFIXES


def is_detached_prefix(token: str) -> bool:
    return token in VERB_PREFIXES


def _is_persian(token: str) -> bool:
    return bool(token) and "\u0600" <= token[0] <= "\u06ff"


def merge_detached(tokens: list[str]) -> list[tuple[str, str]]:
    """Put back together the pieces a ZWNJ (now a space) split off a word.

    Returns (surface, base) pairs: surface is the word as if written joined
    («پهپاد ها» → «پهپادها», «می گوید» → «میگوید»), base is the word without the
    detached pieces («پهپاد», «گوید»; a detached «نمی» leaves its negation: «نگوید»). Stem the base: the writer told us where the
    ending starts, which the joined form can leave ambiguous («خانه‌ای» vs «خان‌های»).
    A prefix joins the next Persian word, a suffix the previous one; a piece with
    nothing to join stays a token of its own."""
    # One pass, tuples, the common case (a whole word) first: a reindex runs this over
    # every word of the archive.
    out: list[tuple[str, str]] = []
    append = out.append
    pending_prefix = ""
    for tok in tokens:
        if pending_prefix:
            if _is_persian(tok) and tok not in VERB_PREFIXES and tok not in DETACHED_SUFFIXES:
                append((pending_prefix + tok, _without_prefix(pending_prefix, tok)))
                pending_prefix = ""
                continue
            append((pending_prefix, pending_prefix))
            pending_prefix = ""
        if tok in VERB_PREFIXES:
            pending_prefix = tok
        elif tok in DETACHED_SUFFIXES and out and _is_persian(out[-1][0]) and not out[-1][0].isdigit():
            surface, base = out[-1]
            out[-1] = (surface + tok, base)
        else:
            append((tok, tok))
    if pending_prefix:
        append((pending_prefix, pending_prefix))
    return out
