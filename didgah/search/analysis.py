"""Text analysis for search: the same steps turn an article into index terms and a
reader's query into a match expression, so the two always agree.

    text ─ search_key ─ tokens ─ merge detached pieces ─ stem ─ terms
                                                      └─ adjacent pairs joined ─ joins

* `search_key` (didgah.persian) folds letters, digits, diacritics, tatweel and turns
  ZWNJ into a space, so «رئیس‌جمهور» and «رئیس جمهور» give the same tokens.
* Pieces a ZWNJ split off («پهپاد‌ها», «می‌گوید») are put back on their word.
* Every word is stemmed (didgah.persian.stem).
* Each adjacent pair is also indexed joined, as the stem of its two stems joined
  («رییس»+«جمهور» → «رییسجمهور», `join_key`), so a query written joined finds text
  written apart. Built from the stems, a pair's key is the same however its words are
  inflected, which lets a phrase require its pairs' keys: an index can then find the
  few documents holding the phrase instead of all holding its words. The other
  direction is done at query time: each query word may also match the joined form of
  itself and its neighbour, so «رئیس جمهور» finds «رئیسجمهور».

Pure Python, no database: the backends turn a `Query` into FTS5 or tsquery syntax.
Every term handed to a backend consists of letters or digits only, so nothing a reader
types can reach the engine's query syntax.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from didgah.persian import search_key
from didgah.persian.stem import merge_detached, stem

# A token is a run of letters or a run of digits. Marks split words (as in FTS5's
# unicode61 and PostgreSQL's parser), and letter/digit runs are split so that both
# engines see the same tokens («1404ام» → «1404» «ام»).
TOKEN_RE = re.compile(r"[^\W\d_]+|\d+")

# Pairs with these words are not indexed joined: they never form a compound, and they
# make up a third of running text, so skipping them keeps the joins column small.
NO_JOIN = frozenset("و که را است یا".split())

# Dropped from queries that have other words (not from phrases, not from the index:
# phrases need them). A query of nothing but these finds nothing.
STOP_WORDS = frozenset(
    """و در به از که را با این ان برای تا یا هم نیز بر است بود شد شده اند های ها
    می یک هر اما ولی اگر چه پس ای او ما من تو شما انها ایشان خود""".split()
)

# A reader's query is cut here: no real query is longer, and the cost of a query
# grows with its terms.
MAX_QUERY_CHARS = 400
# The most of a raw query that is even looked at. The page's box stops far sooner (its
# maxlength) and only MAX_QUERY_CHARS are read, so anything longer is a pasted page or
# an attack: cut it before any text work, so what a request costs does not grow with
# what it sends. Above MAX_QUERY_CHARS, so that parse_query still cuts at a space.
MAX_RAW_QUERY_CHARS = 1000
MAX_TERMS = 12
MAX_PHRASES = 4
MAX_PHRASE_WORDS = 8


def clip_query(raw) -> tuple[str, bool]:
    """(raw cut to MAX_RAW_QUERY_CHARS, whether some of it will not be searched):
    the first thing done with a query, before strip() or any normalisation."""
    if not isinstance(raw, str):
        return "", False
    # NUL is no text a reader types, and PostgreSQL refuses it in any string parameter.
    return raw[:MAX_RAW_QUERY_CHARS].replace("\x00", ""), len(raw) > MAX_QUERY_CHARS


# A chunk (text between white space) longer than this is not kept in the cache below:
# no word is this long, and a pasted blob must not fill the cache.
CHUNK_CACHE_MAX_CHARS = 40


@lru_cache(maxsize=100_000)
def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    return tuple(TOKEN_RE.findall(search_key(chunk)))


def tokens(text: str) -> list[str]:
    """The tokens of `text`'s search key, found chunk by chunk between white space.

    search_key never carries anything across white space (ZWNJ repair, letter and
    digit folding all work inside a word), so this is the search key of the whole text;
    done per chunk, a chunk met before costs a cache look-up, which is what makes a
    reindex of a large archive affordable: the same few thousand words make up most
    of any news text."""
    return [
        token
        for chunk in (text or "").split()
        for token in (_chunk_tokens(chunk) if len(chunk) <= CHUNK_CACHE_MAX_CHARS
                      else TOKEN_RE.findall(search_key(chunk)))
    ]


def _can_join(word: str) -> bool:
    """Whether a word may be one half of a joined pair: letters, and not a NO_JOIN word."""
    return not word[:1].isdigit() and word not in NO_JOIN


def _joinable(a: str, b: str) -> bool:
    return _can_join(a) and _can_join(b)


@lru_cache(maxsize=200_000)
def join_key(a_key: str, b_key: str) -> str:
    """The key of two adjacent words written as one, from their keys."""
    return stem(a_key + b_key)


@dataclass(frozen=True)
class Analysed:
    terms: list[str]
    joins: list[str]


def analyse(text: str) -> Analysed:
    """Index terms (in order, for phrases) and joined pairs of one field's text."""
    pairs = merge_detached(tokens(text))
    terms = [stem(base) for _, base in pairs]
    # _joinable of each adjacent pair, from one test per word.
    can_join = [_can_join(surface) for surface, _ in pairs]
    joins = [
        join_key(a, b)
        for a, b, join_a, join_b in zip(terms, terms[1:], can_join, can_join[1:])
        if join_a and join_b
    ]
    return Analysed(terms, joins)


@dataclass
class Query:
    """A parsed reader's query.

    terms: one entry per query word, each the set of keys any of which may match
        (the word's stem, and its joined forms with each neighbour);
    phrases: one entry per quoted phrase, each a list of variants (lists of keys in
        order), any of which may match;
    phrase_pairs: for each phrase, per variant, the join keys of its adjacent pairs
        (every document holding the variant holds them: an index can look them up);
    highlight: every key worth marking in a snippet.
    """

    terms: list[list[str]] = field(default_factory=list)
    phrases: list[list[list[str]]] = field(default_factory=list)
    phrase_pairs: list[list[list[str]]] = field(default_factory=list)
    highlight: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.phrases


_PHRASE_RE = re.compile(r'"([^"]*)"|«([^«»]*)»')


def _phrase_variants(pairs: list[tuple[str, str]]) -> tuple[list[list[str]], list[list[str]]]:
    """The phrase as written, and with each adjacent pair written joined; and for each
    variant the join keys its adjacent joinable pairs put in the index."""
    keys = [stem(base) for _, base in pairs]
    joinable = [_joinable(pairs[i][0], pairs[i + 1][0]) for i in range(len(pairs) - 1)]
    variants = [keys]
    for i, ok in enumerate(joinable):
        if ok:
            variants.append(keys[:i] + [join_key(keys[i], keys[i + 1])] + keys[i + 2:])

    def pair_keys(variant: list[str]) -> list[str]:
        # Only pairs of words both written apart in the variant: a pair next to a joined
        # word was indexed with that word's surface, which the variant does not know.
        if len(variant) != len(keys):
            return []
        return [join_key(keys[i], keys[i + 1]) for i, ok in enumerate(joinable) if ok]

    return variants, [pair_keys(v) if v is keys else [] for v in variants]


def parse_query(raw: str) -> Query:
    """Never raises: anything a reader types becomes a (possibly empty) Query."""
    raw = raw if isinstance(raw, str) else ""
    if len(raw) > MAX_QUERY_CHARS:
        # Cut at a space so the last word is not a broken half of one.
        cut = raw[:MAX_QUERY_CHARS]
        raw = cut[: cut.rfind(" ")] if " " in cut else cut
    phrases: list[list[list[str]]] = []
    phrase_pairs: list[list[list[str]]] = []
    highlight: set[str] = set()
    for m in _PHRASE_RE.finditer(raw):
        pairs = merge_detached(tokens(m.group(1) or m.group(2) or ""))[:MAX_PHRASE_WORDS]
        if not pairs:
            continue
        if len(pairs) == 1:
            continue  # handled as a plain word below
        if len(phrases) < MAX_PHRASES:
            variants, pair_keys = _phrase_variants(pairs)
            phrases.append(variants)
            phrase_pairs.append(pair_keys)
            for v in variants:
                highlight.update(v)
    # Single-word "phrases" and everything outside quotes are plain words; quote marks
    # left over (an unbalanced one) are just separators.
    rest = _PHRASE_RE.sub(lambda m: " " + (m.group(1) or m.group(2) or "") + " "
                          if len(tokens(m.group(1) or m.group(2) or "")) == 1 else " ", raw)
    pairs = merge_detached(tokens(rest))
    terms: list[list[str]] = []
    seen: set[str] = set()
    for i, (surface, base) in enumerate(pairs):
        if base in STOP_WORDS or surface in STOP_WORDS:
            continue
        key = stem(base)
        alternatives = [key]
        if i > 0 and _joinable(pairs[i - 1][0], surface):
            alternatives.append(join_key(stem(pairs[i - 1][1]), key))
        if i + 1 < len(pairs) and _joinable(surface, pairs[i + 1][0]):
            alternatives.append(join_key(key, stem(pairs[i + 1][1])))
        alternatives = list(dict.fromkeys(alternatives))
        if alternatives[0] in seen:
            continue
        seen.add(alternatives[0])
        terms.append(alternatives)
        highlight.update(alternatives)
        if len(terms) >= MAX_TERMS:
            break
    return Query(terms=terms, phrases=phrases, phrase_pairs=phrase_pairs, highlight=frozenset(highlight))


# --- engine syntax -------------------------------------------------------------------
# Keys are letters/digits only (TOKEN_RE), so quoting them is all the escaping needed;
# the assertion guards that promise.
_SAFE_KEY = re.compile(r"^[^\W_]+$")


def is_safe_key(key: str) -> bool:
    return bool(_SAFE_KEY.match(key))


def _q(key: str, quote: str) -> str:
    assert _SAFE_KEY.match(key), key
    return f"{quote}{key}{quote}"


def fts5_expression(query: Query) -> str:
    parts = []
    for alternatives in query.terms:
        parts.append("(" + " OR ".join(_q(k, '"') for k in alternatives) + ")")
    for variants in query.phrases:
        ors = " OR ".join('"' + " ".join(variant) + '"' for variant in variants
                          if all(_SAFE_KEY.match(k) for k in variant))
        parts.append("{title_terms body_terms} : (" + ors + ")")
    return " AND ".join(parts)


def tsquery_expression(query: Query) -> str:
    parts = []
    for alternatives in query.terms:
        parts.append("(" + " | ".join(_q(k, "'") for k in alternatives) + ")")
    for variants, pair_keys in zip(query.phrases, query.phrase_pairs):
        # `<->` needs the positions, which a GIN index does not hold: each candidate's
        # tsvector is read to check them. ANDing the pairs' join keys, which the index
        # holds, leaves only the documents with every pair of the phrase to check.
        parts.append("(" + " | ".join(
            "(" + " & ".join(["(" + " <-> ".join(_q(k, "'") for k in variant) + ")"]
                             + [_q(k, "'") for k in dict.fromkeys(pairs)]) + ")"
            for variant, pairs in zip(variants, pair_keys)
        ) + ")")
    return " & ".join(parts)


# --- snippets ------------------------------------------------------------------------
# A written word: letters/digits with the ZWNJs, diacritics and tatweel inside it. Split
# around it (a capturing group), a text is [gap, word, gap, word, …, gap]: word i is at
# 2i + 1, and the gaps come with the words at the cost of one split, where a Match
# object per word cost as much as the rest of a snippet.
_WORD_SPLIT = re.compile(r"([\w\u200c\u0640\u064b-\u065f\u0670]+)")
SNIPPET_WORDS = 36


@lru_cache(maxsize=100_000)
def _word_keys(word: str) -> tuple[frozenset[str], str, str, str]:
    """The keys one written word can match, its joined surface, and the keys of its
    first and last pieces for pair checks."""
    pairs = merge_detached(tokens(word))
    keys = {stem(base) for _, base in pairs}
    surface = "".join(s for s, _ in pairs)
    if surface:
        keys.add(stem(surface))
    first = stem(pairs[0][1]) if pairs else ""
    last = stem(pairs[-1][1]) if pairs else ""
    return frozenset(keys), surface, first, last


def _marked(words: list[str], keys: frozenset[str]) -> set[int]:
    marked = set()
    if not keys:
        return marked
    # A join key begins as its first word's key does (stemming cuts endings, and a
    # word's «می» is gone before it is joined): a pair whose first word starts no key
    # is not looked up, which spares a look-up for nearly every word of a text.
    starts = {key[:2] for key in keys}
    prev_last = ""
    for i, word in enumerate(words):
        word_keys, _, first, last = _word_keys(word)
        if not word_keys.isdisjoint(keys):
            marked.add(i)
        if prev_last[:2] in starts and first and join_key(prev_last, first) in keys:
            marked.update((i - 1, i))
        prev_last = last
    return marked


def _render(parts: list[str], marked: set[int], start: int, end: int) -> str:
    """HTML for words start..end-1 of a split text (with the gaps between them, and
    before the first or after the last word when the window reaches the text's edge),
    the marked ones in <mark>; escapes everything."""
    count = len(parts) // 2
    lo = 2 * start + 1 if start > 0 else 0
    hi = 2 * end if end < count else len(parts)
    out = []
    pos = lo
    # Escaped a run at a time: only a marked word needs a cut.
    for i in sorted(i for i in marked if start <= i < end):
        out.append(html.escape("".join(parts[pos:2 * i + 1])))
        out.append(f"<mark>{html.escape(parts[2 * i + 1])}</mark>")
        pos = 2 * i + 2
    out.append(html.escape("".join(parts[pos:hi])))
    rendered = "".join(out).strip()
    if start > 0:
        rendered = "… " + rendered
    if end < count:
        rendered += " …"
    return rendered


def highlight(text: str, keys: frozenset[str]) -> str:
    """The whole text as escaped HTML with matching words in <mark>."""
    parts = _WORD_SPLIT.split(text or "")
    words = parts[1::2]
    if not words:
        return html.escape(text or "")
    return _render(parts, _marked(words, keys), 0, len(words))


def snippet(text: str, keys: frozenset[str], size: int = SNIPPET_WORDS) -> str:
    """Escaped HTML: the window of `size` words holding the most distinct matches."""
    parts = _WORD_SPLIT.split(text or "")
    words = parts[1::2]
    if not words:
        return ""
    marked = _marked(words, keys)
    best_start, best_score = 0, -1
    if marked:
        ordered = sorted(marked)
        for first in ordered:
            start = max(0, first - 4)
            window = {_word_keys(words[i])[1] for i in ordered if start <= i < start + size}
            if len(window) > best_score:
                best_start, best_score = start, len(window)
    end = min(len(words), best_start + size)
    return _render(parts, marked, best_start, end)
