"""display_text, search_key, slugify and control-character helpers."""

from __future__ import annotations

import functools
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
from .zwnj import CONTEXT_ENDINGS, EITHER_WAY, PLURAL, SINGLE, get_lexicon

__all__ = [
    "display_text",
    "search_key",
    "slugify",
    "has_forbidden_controls",
    "strip_controls",
]

# --- HTML / URL / e-mail protection ---------------------------------------
# Pieces matched here are copied through unchanged; only the text between
# them is normalised.  _PROTECTED is the definition; _protected_spans finds
# exactly its finditer() matches without its worst cases (see there).
_FLAGS = re.DOTALL | re.IGNORECASE
_P_COMMENT = r"<!--.*?-->"
_P_CDATA = r"<!\[CDATA\[.*?\]\]>"
_P_SCRIPT = r"<(script|style)\b[^>]*>.*?</\1\s*>"  # script/style bodies
_P_TAG = r"</?[A-Za-z][^<>]*>"  # tags with their attributes
_P_DECL = r"<![A-Za-z][^<>]*>|<\?[^<>]*\?>"  # doctype, processing instructions
_P_ENTITY = r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
_P_URL_HEAD = r"\b(?:[A-Za-z][A-Za-z0-9+.\-]{1,15}://|www\.)"
_P_URL = _P_URL_HEAD + r"[^\s<>\"'«»]+"
_EMAIL_CHAR = r"[A-Za-z0-9._%+\-]"
_P_EMAIL = _EMAIL_CHAR + r"+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"
_PROTECTED = re.compile(
    "|".join((_P_COMMENT, _P_CDATA, _P_SCRIPT, _P_TAG, _P_DECL, _P_ENTITY, _P_URL, _P_EMAIL)),
    _FLAGS,
)
_HAS_MARKUP = re.compile(r"[<&@]|://|www\.", re.IGNORECASE)

# finditer() with _PROTECTED is quadratic on hostile text: at every position
# it may run to the end of the input again (an e-mail local part over a long
# Latin token, many «<!--», «<![CDATA[» or «<script>» with no end).  The
# scanner below splits the alternatives:
# - comments, CDATA and script/style bodies are tried only at their openers;
#   once one finds no end, no later opener of that kind can (every later
#   opener searches a suffix of what was searched), so it is not tried again;
# - the other alternatives run in one regex, where an e-mail starts only at
#   the start of a run of its characters (every later start in the run meets
#   the same «@» and domain, so fails or succeeds alike), and a URL is matched
#   by its bounded head and extended only once it is chosen.
_RE_COMMENT = re.compile(_P_COMMENT, _FLAGS)
_RE_CDATA = re.compile(_P_CDATA, _FLAGS)
_RE_SCRIPT = re.compile(_P_SCRIPT, _FLAGS)
_RE_URL = re.compile(_P_URL, _FLAGS)
_RE_EMAIL = re.compile(_P_EMAIL, _FLAGS)
_EMAIL_CHAR_RE = re.compile(_EMAIL_CHAR, _FLAGS)


def _spelled(key: str) -> str:
    """A case-sensitive pattern for the names whose _name_key is key."""
    out = []
    for c in key:
        chars = {c} | ({c.upper()} if c.upper().lower() == c else set()) | ({"\u0130"} if c == "i" else set())
        out.append("[" + "".join(sorted(chars)) + "]")
    return "(?-i:" + "".join(out) + ")"


@functools.lru_cache(maxsize=64)
def _openers(comment: bool, cdata: bool, dead: frozenset[str]) -> re.Pattern:
    """Openers still worth trying: a comment, CDATA section or script/style
    name that found no end once is left out (see _next_opener)."""
    parts = []
    if comment:
        parts.append(r"(?P<comment>!--)")
    if cdata:
        parts.append(r"(?P<cdata>!\[CDATA\[)")
    skip = "".join(f"(?!{_spelled(k)}\\b)" for k in sorted(dead))
    parts.append(skip + r"(?P<name>script|style)\b")
    return re.compile("<(?:" + "|".join(parts) + ")", _FLAGS)


_REST_PARTS = (
    _P_TAG,
    _P_DECL,
    _P_ENTITY,
    f"(?P<url>{_P_URL_HEAD})(?=[^\\s<>\"'«»])",
    f"(?<!{_EMAIL_CHAR}){_P_EMAIL}",
)
_REST = re.compile("|".join(f"(?:{p})" for p in _REST_PARTS), _FLAGS)
# The URL head is the one part of _REST that reads ahead at every word boundary;
# without «://» or «www.» in the text it cannot match, so it is left out.
_REST_NO_URL = re.compile("|".join(f"(?:{p})" for p in _REST_PARTS if "?P<url>" not in p), _FLAGS)
_URL_POSSIBLE = re.compile(r"://|www\.", re.IGNORECASE)


def _name_key(name: str) -> str:
    # «</\1>» compares the closing name with the opening one letter by letter,
    # lower-cased one to one («İ» → «i»); names equal under that fare alike.
    return name.lower().replace("i\u0307", "i")


def _next_opener(s: str, pos: int, state: dict) -> tuple[int, int] | None:
    """The first comment, CDATA section or script/style body at or after pos."""
    while True:
        m = _openers(state["comment"], state["cdata"], frozenset(state["dead"])).search(s, pos)
        if m is None:
            return None
        q = m.start()
        if m.lastgroup == "comment":
            full = _RE_COMMENT.match(s, q)
            state["comment"] = full is not None
        elif m.lastgroup == "cdata":
            full = _RE_CDATA.match(s, q)
            state["cdata"] = full is not None
        else:
            full = _RE_SCRIPT.match(s, q)
            if full is None:
                state["dead"].add(_name_key(m.group("name")))
        if full is not None:
            return full.span()
        pos = q + 1


def _protected_spans(s: str):
    """(start, end) of each match of _PROTECTED.finditer(s), in linear time."""
    n = len(s)
    pos = 0
    # may a comment / CDATA section still end? script/style names with no end left
    state = {"comment": True, "cdata": True, "dead": set()}
    opener = rest = None  # the next match of each part, found from a position <= pos
    rest_re = _REST if _URL_POSSIBLE.search(s) else _REST_NO_URL
    searched = False
    while pos < n:
        if not searched or (opener is not None and opener[0] < pos):
            opener = _next_opener(s, pos, state)
        if not searched or (rest is not None and rest.start() < pos):
            rest = rest_re.search(s, pos)
        searched = True
        start, end = opener if opener is not None else (n, n)
        if rest is not None and rest.start() < start:
            start = rest.start()
            end = _RE_URL.match(s, start).end() if rest.lastgroup == "url" else rest.end()
        # an e-mail may also start inside a run of its characters, where the
        # previous match ended
        if start > pos and pos > 0 and _EMAIL_CHAR_RE.match(s, pos - 1):
            m = _RE_EMAIL.match(s, pos)
            if m is not None:
                start, end = m.span()
        if start >= n:
            return
        yield start, end
        pos = end


# A Persian word: letters and marks, possibly with (kept) ZWNJs inside.
_WORD = re.compile(f"[{LETTERS}{MARKS}\u200c]+")
_HAS_MARK = re.compile(f"[{MARKS}]")
_LETTER_RE = re.compile(f"[{LETTERS}]")
_JOINING = "".join(
    chr(c) for c in range(0x0600, 0x0700) if _LETTER_RE.match(chr(c)) and chr(c) not in NON_JOINING
)
# The ZWNJ runs _tidy_zwnj has to look at: a lone ZWNJ right after a joining
# letter and before a letter is already right, and is most of them; leaving it
# to the regex spares a Python call per ZWNJ.
_ZWNJ_RUN = re.compile(f"\u200c{{2,}}|(?<![{_JOINING}])\u200c|\u200c(?![{LETTERS}])")


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


def _repair_marked(w: str, fix) -> str:
    """Repair a word with marks («فعّالیتها») as fix repairs its bare letters,
    each mark kept after the letter it sits on."""
    letters = []
    marks_after: list[str] = []
    for ch in w:
        if _HAS_MARK.match(ch):
            if not letters:
                return w
            marks_after[-1] += ch
        else:
            letters.append(ch)
            marks_after.append("")
    bare = "".join(letters)
    fixed = fix(bare) if len(bare) >= 4 else bare
    if fixed == bare:
        return w
    out = []
    i = 0
    for ch in fixed:
        if ch == ZWNJ and (i >= len(letters) or letters[i] != ZWNJ):
            out.append(ZWNJ)
            continue
        out.append(ch + marks_after[i])
        i += 1
    return "".join(out)


# Punctuation that ends a clause, after a word and any closing quote or bracket: no
# ezafe can reach past it (zwnj.Lexicon.analyse, final).
_CLAUSE_END = re.compile(r"[»\)\]\"'”’]*[.!?:؛؟…]")
# The same without «:», which an interface string puts between a label in ezafe and
# the value it names («پوشه‌ی: …»).
_SENTENCE_END = re.compile(r"[»\)\]\"'”’]*[.!?؛؟…]")
# Words an ezafe never joins a noun to (conjunctions, prepositions, «را», the copula):
# after them «‌های» cannot be the plural's ezafe («نامهای که» is «نامه‌ای که»).
_NO_EZAFE_NEXT = re.compile(
    r"\s*،|\s+(?:که|را|و|از|به|در|با|تا|برای|است|بود|هم|یا|اما|ولی|چون|اگر|هست|نیست|باشد|شد|شود|شده|کرد|کند|کرده|دارد|داشت|خواهد|بوده|باید|نیز"
    r"|هستم|هستی|هستیم|هستید|هستند|نیستم|نیستی|نیستیم|نیستید|نیستند|بودند|باشند|شدند|شوند)(?![\u0621-\u06cc\u200c])")


# Words before a noun that is one, not a plural: «یک نامهای» is «یک نامه‌ای», «چنین
# واقعهای» is «چنین واقعه‌ای»; a noun a number word counts is singular too («هزار
# شمارهای», «سه قطعهای»).  Digits are left out: they also end what comes before
# («در دقیقه ۸۱ گلهای تیم»); so are «نه» and «ده», which are also «no» and «village».
_ONE_BEFORE = re.compile(
    r"(?<![\u0621-\u06cc\u200c])(?:یک|هر|هیچ|چنین|چنان|دو|سه|چهار|پنج|شش|هفت|هشت|یازده|دوازده|سیزده|چهارده|پانزده"
    r"|شانزده|هفده|هجده|نوزده|بیست|سی|چهل|پنجاه|شصت|هفتاد|هشتاد|نود|صد|یکصد|دویست|سیصد|چهارصد|پانصد"
    r"|ششصد|هفتصد|هشتصد|نهصد|هزار|میلیون|میلیارد)\s+$")
# Words after which a noun is a plural: «یکی از», «برخی از», «کلیه», «سایر» («یکی از
# چرخهای» is «چرخ‌های»).  The longest of them, with its space, fits in _BEFORE_SPAN.
_MANY_BEFORE = re.compile(
    r"(?<![\u0621-\u06cc\u200c])(?:(?:یکی|برخی|بسیاری|بعضی|هیچ\s?یک|هیچ\u200cیک|هر\s?یک|تعدادی|شماری)\s+از"
    r"|کلیه|کلیهٔ|سایر|تمامی|انواع)\s+$")
_BEFORE_SPAN = 16
# «را» after a word; a verb in «می/نمی» after a word (the verb's form in group 2).
_RA_NEXT = re.compile(r"\s+را(?![\u0621-\u06cc\u200c])")
_MI_NEXT = re.compile(r"\s+((?:ن)?می)\u200c?([\u0621-\u06cc]+)(?![\u0621-\u06cc\u200c])")


def _verb_next(s: str, end: int, lex) -> bool:
    """The word after s[:end] is a verb in «می/نمی» («مرتبهای میرسد»), which no ezafe
    reaches."""
    m = _MI_NEXT.match(s, end)
    if m is None:
        return False
    v = m.group(2)
    return (v in lex.verbforms or v in lex.participles) and m.group(1) + v not in lex.words


def _repair_words(s: str, context: bool = True, chosen: bool = False) -> str:
    """s with each word's ZWNJs repaired; with context, a word that reads two ways
    may be settled by what stands after or before it (_CLAUSE_END, _SENTENCE_END,
    _NO_EZAFE_NEXT, _ONE_BEFORE, _MANY_BEFORE).  chosen: the text writes ZWNJs, so
    its «آنها» (zwnj.EITHER_WAY) is its choice and kept."""
    lex = get_lexicon()
    repair = lex.repair
    repair_in = lex.repair_in
    repair_part = lex.repair_part

    def fix(m: re.Match) -> str:
        return fix_at(m.group(), m.start(), m.end())

    def fix_at(w: str, start: int, end: int) -> str:
        """w, the word at s[start:end] (or its letters without their marks)."""
        if len(w) < 4:
            return w
        if _HAS_MARK.search(w):
            # its neighbours are the marked word's («مولّفهای از» is «مولّفه‌ای»)
            return _repair_marked(w, lambda bare: fix_at(bare, start, end))
        if ZWNJ in w:
            parts = w.split(ZWNJ)
            return ZWNJ.join(repair_part(p) if len(p) >= 4 else p for p in parts)
        if chosen and w in EITHER_WAY:
            return w
        if not (context and w.endswith(CONTEXT_ENDINGS)):
            return repair(w)
        if w.endswith("هی"):
            # an ezafe «‌ی» after a silent ه needs a word after it
            if _SENTENCE_END.match(s, end) or _NO_EZAFE_NEXT.match(s, end):
                return repair_in(w, SINGLE)
        elif w.endswith("های"):
            before = max(0, start - _BEFORE_SPAN)
            if _MANY_BEFORE.search(s, before, start):
                return repair_in(w, PLURAL)
            if (_CLAUSE_END.match(s, end) or _NO_EZAFE_NEXT.match(s, end)
                    or _ONE_BEFORE.search(s, before, start) or _verb_next(s, end, lex)):
                return repair_in(w, SINGLE)
        elif _RA_NEXT.match(s, end):  # the last of CONTEXT_ENDINGS: «هایم»
            # before «را», an object: a plural + «م» («لبهایم را»), not a verb in «‌ایم»
            return repair_in(w, PLURAL)
        return repair(w)

    return _WORD.sub(fix, s)


def _replacer(table: dict[int, str | None]):
    """str.translate(table) for a small table, done as one str.replace per
    character present: translate looks every character of a non-ASCII string
    up in the dict, which costs far more than scanning for the few that
    change.  Same result as long as no replacement is itself a key."""
    pairs = tuple((chr(k), v or "") for k, v in sorted(table.items()))
    assert not any(new and any(c in new for c, _ in pairs) for _, new in pairs)

    def replace(s: str) -> str:
        for old, new in pairs:
            if old in s:
                s = s.replace(old, new)
        return s

    return replace


_display_letters = _replacer(DISPLAY_TABLE)


def _display_chunk(s: str, context: bool = True, chosen: bool = False) -> str:
    s = unicodedata.normalize("NFC", s)
    s = _display_letters(s)
    if ZWNJ in s:
        s = _tidy_zwnj(s)
    # removals above may bring marks together: normalise again (idempotence)
    s = unicodedata.normalize("NFC", s)
    s = _repair_words(s, context, chosen)
    return s


def _safe_str(s) -> str:
    if s is None:
        return ""
    if not isinstance(s, str):
        s = str(s)
    return s


def display_text(s: str) -> str:
    """Normalise Persian text for storage and display (HTML-safe, idempotent)."""
    return _display(s, True)


def _display(s: str, context: bool) -> str:
    try:
        s = _safe_str(s)
        if not s:
            return s
        # a text that writes ZWNJs has chosen its «آنها»; search keys read words alone
        chosen = context and ZWNJ in s
        if not _HAS_MARKUP.search(s):
            return _display_chunk(s, context, chosen)
        out = []
        pos = 0
        for start, end in _protected_spans(s):
            if start > pos:
                out.append(_display_chunk(s[pos:start], context, chosen))
            out.append(s[start:end])
            pos = end
        if pos < len(s):
            out.append(_display_chunk(s[pos:], context, chosen))
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

_key_letters = _replacer(_KEY_TABLE)

_THOUSANDS = re.compile(f"(?<=[0-9]){ARABIC_THOUSANDS_SEP}(?=[0-9])")
_WS = re.compile(r"\s+")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def search_key(s: str) -> str:
    """The one normalisation for indexing and for queries.

    Its ZWNJ repair reads each word alone (no context): a query is a few words
    without sentences around them, and the index's words must come out as the
    query's do, chunk by chunk between white space (didgah.search.analysis)."""
    try:
        s = _display(s, False)
        s = _key_letters(s)
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
