"""Digit conversion, number formatting, and Latin digits in Persian prose shown as Persian."""

from __future__ import annotations

import html
import re

from ._chars import ARABIC_DIGITS, LATIN_DIGITS, LETTERS, PERSIAN_DIGITS, ZWNJ

__all__ = ["to_persian_digits", "to_latin_digits", "format_number", "format_score",
           "persian_digits_in_text", "persian_digits_in_html"]

_TO_PERSIAN = str.maketrans(LATIN_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2)

PERSIAN_THOUSANDS_SEP = "\u066c"  # ٬
MINUS = "\u2212"  # −


def _as_str(s) -> str:
    if s is None:
        return ""
    return s if isinstance(s, str) else str(s)


def to_persian_digits(s) -> str:
    """Latin and Arabic-Indic digits → Persian (۰–۹). Accepts ints too."""
    return _as_str(s).translate(_TO_PERSIAN)


def to_latin_digits(s) -> str:
    """Persian and Arabic-Indic digits → Latin (0–9). Accepts ints too."""
    return _as_str(s).translate(_TO_LATIN)


def format_number(n) -> str:
    """Persian digits with the Persian thousands separator: 1234 → «۱٬۲۳۴».

    Accepts int, float/Decimal (decimal separator «٫») or a digit string.
    """
    if isinstance(n, bool):
        n = int(n)
    if isinstance(n, int):
        s = f"{abs(n):,}"
        sign = MINUS if n < 0 else ""
    else:
        try:
            text = to_latin_digits(n).strip().replace(",", "").replace("\u066c", "")
            text = text.replace("\u066b", ".")
            if text.startswith(("-", MINUS)):
                sign, text = MINUS, text[1:]
            else:
                sign = ""
            intpart, dot, frac = text.partition(".")
            if not intpart.isdigit() or (frac and not frac.isdigit()):
                return to_persian_digits(n)
            s = f"{int(intpart):,}" + ("." + frac if dot and frac else "")
        except Exception:
            return to_persian_digits(n)
    s = s.replace(",", PERSIAN_THOUSANDS_SEP).replace(".", "\u066b")
    return sign + to_persian_digits(s)


def format_score(n) -> str:
    """Net score: «+۳۸۵», «−۱۲» (U+2212), «۰», «+۱٬۲۳۴» (grouped as every count is)."""
    try:
        n = int(n)
    except (TypeError, ValueError):
        n = 0
    if n > 0:
        return "+" + format_number(n)
    if n < 0:
        return format_number(n)
    return "۰"


# --- Latin digits in Persian prose -----------------------------------------------------
#
# What a Persian editor expects of an article written with Latin digits (copied from a
# wire, typed on a Latin keyboard): the numbers of its Persian sentences read in Persian
# digits, «سال ۱۴۰۴», «۱٬۲۰۰ نفر», «۳٫۵ درصد», «۵٪», «ساعت ۱۰:۳۰», «۱۴۰۴/۰۵/۱۲»; and a
# number that belongs to something written in Latin stays as it is written there.
# A number is Latin when
#   * it touches a Latin letter: «COVID-19», «H2O», «5G», «15-inch», «example.com/2024»;
#   * the word before it in the same clause is Latin: «iPhone 15», «Windows 11», «Euro 2024»
#     (a number after a Latin name is read as part of the name, as it almost always is
#     in news; an editor who means otherwise writes Persian digits, never changed here);
#   * it is inside an address (http://…, www.…, an e-mail address), in program text
#     (<code>, <pre>, <kbd>, <samp>, <var>) or in an element marked as another language
#     or left-to-right (lang="en", dir="ltr");
#   * it is a dotted chain of three or more numbers: a version or an IP address
#     («1.2.3», «192.168.1.1») is an identifier, copied rather than read.
# When the clause does not say (the number opens a sentence, follows «(», «:» or «،»),
# the next word decides («2 نفر», «2 Fast»), then the paragraph's script (more Persian
# letters than Latin), then the whole text's, then Persian: the site's language.

PERSIAN_DECIMAL_SEP = "\u066b"  # ٫
PERSIAN_PERCENT = "\u066a"  # ٪

_LATIN_DIGIT = re.compile(r"[0-9]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PERSIAN_LETTER = re.compile(f"[{LETTERS}]")
# A written number: digit runs joined by the separators numbers are written with
# (thousands, decimals, dates, times, ranges), with a percent sign right after it.
_NUMBER = re.compile(r"[0-9]+(?:[.,:/\-\u2013][0-9]+)*%?")
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?%?")
_DECIMAL = re.compile(r"[0-9]+\.[0-9]+%?")
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# What a number's context is read across: spaces, other numbers and the signs that
# join a number to a name («F-35», «site.com/2024», «C++ 20», «#1»).
_SKIPPED = frozenset(" \t\n\r\u00a0\u200c\u200f\u200e\u202f-\u2013/._#+*×=<>$€£٫٬%٪0123456789۰۱۲۳۴۵۶۷۸۹")
# Joins a number directly to a following Latin word («15-inch», «3.x»).
_JOINERS = "-\u2013_./"
# Stands for what a clause cannot be read across: program text, a line break, another
# block. It is no letter and no digit, so it ends every scan.
_BREAK = "\ufffc"

_PERSIAN, _LATIN = "fa", "latin"


def _script_of(ch: str) -> str | None:
    if _LATIN_LETTER.match(ch):
        return _LATIN
    if _PERSIAN_LETTER.match(ch):
        return _PERSIAN
    return None


def _word_before(text: str, start: int) -> str | None:
    i = start - 1
    while i >= 0:
        ch = text[i]
        script = _script_of(ch)
        if script:
            return script
        if ch not in _SKIPPED:
            return None
        i -= 1
    return None


def _touches_latin_after(text: str, end: int) -> bool:
    if end < len(text) and _LATIN_LETTER.match(text[end]):
        return True
    return (end + 1 < len(text) and text[end] in _JOINERS
            and bool(_LATIN_LETTER.match(text[end + 1])))


def _word_after(text: str, end: int) -> str | None:
    i = end
    while i < len(text):
        ch = text[i]
        script = _script_of(ch)
        if script:
            return script
        if not ch.isspace() and ch != ZWNJ:
            return None
        i += 1
    return None


def _majority(text: str) -> str | None:
    persian, latin = len(_PERSIAN_LETTER.findall(text)), len(_LATIN_LETTER.findall(text))
    if not persian and not latin:
        return None
    return _PERSIAN if persian >= latin else _LATIN


def _persian_number(number: str) -> str:
    """The number as Persian prose writes it; the same length as `number`."""
    if _THOUSANDS.fullmatch(number):
        number = number.replace(",", PERSIAN_THOUSANDS_SEP).replace(".", PERSIAN_DECIMAL_SEP)
    elif _DECIMAL.fullmatch(number):
        number = number.replace(".", PERSIAN_DECIMAL_SEP)
    return to_persian_digits(number).replace("%", PERSIAN_PERCENT)


def _convert(text: str, fallback: str | None) -> str:
    """`text` with the numbers of its Persian prose in Persian digits, character for
    character (the result has the same length, so an HTML caller can cut it back into
    the pieces it came from). `fallback`: the script of the whole text, for a paragraph
    without letters."""
    if not _LATIN_DIGIT.search(text):
        return text
    # Addresses are neither converted nor read as context of their own: masked as Latin.
    scan = _ADDRESS.sub(lambda m: "x" * len(m.group()), text)
    paragraph = _majority(scan) or fallback or _PERSIAN
    out, pos = [], 0
    for match in _NUMBER.finditer(scan):
        start, end = match.span()
        number = match.group()
        if number.count(".") >= 2 and set(number) <= set("0123456789."):
            continue  # a version or an address: an identifier
        if _touches_latin_after(scan, end):
            continue
        script = _word_before(scan, start) or _word_after(scan, end) or paragraph
        if script != _PERSIAN:
            continue
        out.append(text[pos:start])
        out.append(_persian_number(number))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def persian_digits_in_text(text) -> str:
    """Plain text (a title, a lead) with the Latin digits of its Persian prose shown in
    Persian digits, by the rules above; everything else as it was, character for
    character. For display only: what is stored and searched keeps what was typed."""
    return _convert(_as_str(text), None)


# Elements whose text is never changed: program text and what a browser never shows.
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "var", "script", "style", "textarea", "math", "svg"})
# Elements a sentence runs through: their text is read with the text around them.
_INLINE = frozenset({"a", "abbr", "b", "bdi", "cite", "del", "dfn", "em", "i", "ins", "mark", "q", "s",
                     "small", "span", "strong", "sub", "sup", "time", "u", "wbr"})
# A tag, quoted attribute values read whole (nh3 leaves «>» unescaped inside them).
_TAG = re.compile(r"""<!--.*?-->|<(?:[^>"']|"[^"]*"|'[^']*')*>""", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")
# Marked as another language or direction: lang other than Persian, dir other than rtl/auto.
_OTHER_LANGUAGE = re.compile(r"""\s(?:lang\s*=\s*["']?(?!fa)[a-z]|dir\s*=\s*["']?ltr)""", re.IGNORECASE)
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def persian_digits_in_html(fragment) -> str:
    """An HTML fragment (sanitized: an article body, a rendered comment) with the Latin
    digits of its Persian prose in Persian digits, by the rules above.

    What must hold: tags, attributes (addresses, sizes) and comments are never changed;
    a text is only ever changed by replacing a Latin digit, «,», «.» or «%» of a number
    with its Persian form; text that has no number to change is left byte for byte as it
    was (its character references too). A sentence is read across inline elements
    («سال <strong>2024</strong>»), never across paragraphs, list items, cells or line
    breaks."""
    fragment = _as_str(fragment)
    if not _LATIN_DIGIT.search(fragment):
        return fragment
    parts = _TAG.split(fragment)
    tags = _TAG.findall(fragment)
    # parts[k] is text, tags[k] the tag after it. A block is a list of (text index,
    # unescaped text); program text and line breaks inside it become _BREAK.
    blocks: list[list[tuple[int | None, str]]] = [[]]
    verbatim: list[str] = []  # the element that began the unchanged text, once per nesting
    for k, part in enumerate(parts):
        if part and not verbatim:
            blocks[-1].append((k, html.unescape(part)))
        if k == len(tags):
            break
        tag = tags[k]
        if tag.startswith("<!--"):
            continue
        name_match = _TAG_NAME.match(tag)
        if not name_match:
            continue
        name = name_match.group(1).lower()
        closing = tag.startswith("</")
        if verbatim:
            if name == verbatim[-1] and closing:
                verbatim.pop()
            elif name == verbatim[0] and not closing and not tag.endswith("/>"):
                verbatim.append(name)
            continue
        if not closing and name not in _VOID and not tag.endswith("/>") and (
                name in _VERBATIM or _OTHER_LANGUAGE.search(tag)):
            verbatim.append(name)
            blocks[-1].append((None, _BREAK))
            continue
        if name not in _INLINE:
            blocks.append([])
    whole = _majority("".join(text for block in blocks for _k, text in block))
    for block in blocks:
        if not any(k is not None and _LATIN_DIGIT.search(text) for k, text in block):
            continue
        joined = "".join(text for _k, text in block)
        converted = _convert(joined, whole)
        if converted == joined:
            continue
        offset = 0
        for k, text in block:
            new = converted[offset:offset + len(text)]
            offset += len(text)
            if k is not None and new != text:
                parts[k] = html.escape(new, quote=False)
    out = []
    for k, part in enumerate(parts):
        out.append(part)
        if k < len(tags):
            out.append(tags[k])
    return "".join(out)
