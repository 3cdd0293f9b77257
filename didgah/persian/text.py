"""display_text, search_key, slugify and control-character helpers."""

from __future__ import annotations

import re
import unicodedata

from ._chars import (
    ARABIC_DECIMAL_SEP,
    ARABIC_DIGITS,
    ARABIC_THOUSANDS_SEP,
    BIDI_CONTROLS,
    DIACRITICS,
    DISPLAY_TABLE,
    LETTERS,
    MARKS,
    NON_JOINING,
    PERSIAN_DIGITS,
    ZERO_WIDTH,
    ZWNJ,
)
from .zwnj import get_lexicon

__all__ = [
    "display_text",
    "search_key",
    "slugify",
    "has_forbidden_controls",
    "strip_controls",
]

# --- HTML / URL / e-mail protection ---------------------------------------
# Pieces matched here are copied through unchanged; only the text between
# them is normalised.
_PROTECTED = re.compile(
    r"<!--.*?-->"  # comments
    r"|<!\[CDATA\[.*?\]\]>"
    r"|<(script|style)\b[^>]*>.*?</\1\s*>"  # script/style bodies
    r"|</?[A-Za-z][^<>]*>"  # tags with their attributes
    r"|<![A-Za-z][^<>]*>|<\?[^<>]*\?>"  # doctype, processing instructions
    r"|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"  # entities
    r"|\b(?:[A-Za-z][A-Za-z0-9+.\-]{1,15}://|www\.)[^\s<>\"'«»]+"  # URLs
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}",  # e-mail
    re.DOTALL | re.IGNORECASE,
)
_HAS_MARKUP = re.compile(r"[<&@]|://|www\.", re.IGNORECASE)

# A Persian word: letters and marks, possibly with (kept) ZWNJs inside.
_WORD = re.compile(f"[{LETTERS}{MARKS}\u200c]+")
_HAS_MARK = re.compile(f"[{MARKS}]")
_ZWNJ_RUN = re.compile("\u200c+")
_LETTER_RE = re.compile(f"[{LETTERS}]")


def _letter_before(s: str, i: int) -> str | None:
    """The letter before position i, skipping combining marks."""
    while i > 0:
        i -= 1
        ch = s[i]
        if _LETTER_RE.match(ch):
            return ch
        if unicodedata.combining(ch) or ch == "\u0654":
            continue
        return None
    return None


def _tidy_zwnj(s: str) -> str:
    """Collapse ZWNJ runs, drop ZWNJs that do nothing.

    A ZWNJ is kept only between two Arabic-script letters (marks may sit
    between) and only after a letter that joins to the next one.
    """

    def fix(m: re.Match) -> str:
        start, end = m.span()
        prev = _letter_before(s, start)
        nxt = s[end] if end < len(s) else ""
        if prev is None or prev in NON_JOINING or not _LETTER_RE.match(nxt or " "):
            return ""
        return ZWNJ

    return _ZWNJ_RUN.sub(fix, s)


def _repair_words(s: str) -> str:
    lex = get_lexicon()
    repair = lex.repair
    repair_part = lex.repair_part

    def fix(m: re.Match) -> str:
        w = m.group()
        if len(w) < 4 or _HAS_MARK.search(w):
            return w
        if ZWNJ in w:
            parts = w.split(ZWNJ)
            return ZWNJ.join(repair_part(p) if len(p) >= 4 else p for p in parts)
        return repair(w)

    return _WORD.sub(fix, s)


def _display_chunk(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = s.translate(DISPLAY_TABLE)
    if ZWNJ in s:
        s = _tidy_zwnj(s)
    # removals above may bring marks together: normalise again (idempotence)
    s = unicodedata.normalize("NFC", s)
    s = _repair_words(s)
    return s


def _safe_str(s) -> str:
    if s is None:
        return ""
    if not isinstance(s, str):
        s = str(s)
    return s


def display_text(s: str) -> str:
    """Normalise Persian text for storage and display (HTML-safe, idempotent)."""
    try:
        s = _safe_str(s)
        if not s:
            return s
        if not _HAS_MARKUP.search(s):
            return _display_chunk(s)
        out = []
        pos = 0
        for m in _PROTECTED.finditer(s):
            if m.start() > pos:
                out.append(_display_chunk(s[pos : m.start()]))
            out.append(m.group())
            pos = m.end()
        if pos < len(s):
            out.append(_display_chunk(s[pos:]))
        return "".join(out)
    except Exception:  # pragma: no cover - defensive: never raise
        return s if isinstance(s, str) else ""


# --- search key ------------------------------------------------------------
_KEY_TABLE: dict[int, str | None] = {}
for _d in DIACRITICS:
    _KEY_TABLE[ord(_d)] = None
_KEY_TABLE.update(
    {
        0x0622: "ا",  # آ
        0x0623: "ا",  # أ
        0x0625: "ا",  # إ
        0x0671: "ا",  # ٱ
        0x0672: "ا",
        0x0673: "ا",
        0x0629: "ه",  # ة
        0x06C0: "ه",  # ۀ
        0x06C1: "ه",  # ہ
        0x06D5: "ه",  # ە
        0x0624: "و",  # ؤ
        0x0626: "ی",  # ئ
        0x064A: "ی",
        0x0649: "ی",
        0x0643: "ک",
        0x0640: None,  # tatweel
        0x200C: " ",  # ZWNJ
        0x00A0: " ",  # NBSP
        0x202F: " ",  # narrow NBSP
        0x2007: " ",
        ord(ARABIC_DECIMAL_SEP): ".",
    }
)
for _c in BIDI_CONTROLS + ZERO_WIDTH:
    _KEY_TABLE[ord(_c)] = None
for _i in range(10):
    _KEY_TABLE[ord(PERSIAN_DIGITS[_i])] = str(_i)
    _KEY_TABLE[ord(ARABIC_DIGITS[_i])] = str(_i)

_THOUSANDS = re.compile(f"(?<=[0-9]){ARABIC_THOUSANDS_SEP}(?=[0-9])")
_WS = re.compile(r"\s+")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def search_key(s: str) -> str:
    """The one normalisation for indexing and for queries."""
    try:
        s = display_text(s)
        s = s.translate(_KEY_TABLE)
        if ARABIC_THOUSANDS_SEP in s:
            s = _THOUSANDS.sub("", s).replace(ARABIC_THOUSANDS_SEP, " ")
        s = _CONTROLS.sub(" ", s)
        s = s.casefold()
        # casefold may produce combining marks (e.g. İ); drop dotted-i's mark
        s = _WS.sub(" ", s).strip()
        return s
    except Exception:  # pragma: no cover
        return ""


# --- slug ------------------------------------------------------------------
_SLUG_DROP = re.compile(r"[^0-9a-z\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]+")


def slugify(s: str, max_length: int = 80) -> str:
    """Persian-friendly URL slug: «رئیس‌جمهور گفت» → «رئیس-جمهور-گفت»."""
    try:
        key = search_key(s)
        # fold Latin accents (é → e) so slugs stay ASCII for Latin text
        key = "".join(
            c
            for c in unicodedata.normalize("NFKD", key)
            if not unicodedata.combining(c)
        )
        key = _SLUG_DROP.sub("-", key).strip("-")
        if max_length and max_length > 0 and len(key) > max_length:
            head = key[:max_length]
            if key[max_length] != "-":
                idx = head.rfind("-")
                if idx > 0:
                    head = head[:idx]
            key = head.strip("-")
        return key
    except Exception:  # pragma: no cover
        return ""


# --- control characters ----------------------------------------------------
_FORBIDDEN = re.compile(
    f"[{BIDI_CONTROLS}{ZERO_WIDTH}\x00-\x1f\x7f-\x9f]"
)
_STRIP = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def has_forbidden_controls(s: str) -> bool:
    """True if s holds bidi controls, zero-width chars (ZWNJ allowed) or C0/C1 controls."""
    try:
        return bool(_FORBIDDEN.search(_safe_str(s)))
    except Exception:  # pragma: no cover
        return True


def strip_controls(s: str) -> str:
    """Drop C0/C1 controls (keeping \\n and \\t) and bidi embeddings/overrides/isolates."""
    try:
        return _STRIP.sub("", _safe_str(s))
    except Exception:  # pragma: no cover
        return ""
