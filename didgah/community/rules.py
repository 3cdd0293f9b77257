"""Pure rules of the community: ranking formulas, comment text checks and rendering,
word-list matching. No database, no request: table-driven tests cover them."""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from didgah import persian

# --- Wilson lower bound --------------------------------------------------------------
# z for an 80% two-sided confidence interval, as Lobsters uses for comments: with
# few votes the bound stays low, so one like does not outrank fifty likes and two
# dislikes the way a plain ratio would.
WILSON_Z = 1.2815515655446004


def wilson_lower_bound(likes: int, dislikes: int, z: float = WILSON_Z) -> float:
    """Lower bound of the Wilson score interval for the share of likes (0 with no votes)."""
    n = likes + dislikes
    if n <= 0:
        return 0.0
    phat = likes / n
    z2 = z * z
    centre = phat + z2 / (2 * n)
    margin = z * math.sqrt((phat * (1 - phat) + z2 / (4 * n)) / n)
    return max(0.0, (centre - margin) / (1 + z2 / n))


# --- Hot ----------------------------------------------------------------------------
# hot = sign(p) · log10(max(|p|, 1)) + (published − EPOCH) / HOT_WINDOW_SECONDS,
# where p = net votes + COMMENT_WEIGHT · comments.
#
# This is the Reddit/Lobsters form rather than Hacker News's (P−1)/(T+2)^1.8. The log
# makes the first ten votes count as much as the next ninety; the time term gives
# every article a head start proportional to when it was published, so an article
# must gain ten times the points for every HOT_WINDOW it is older to stay level with
# a new one: that is the decay with age. Because the time term is the publication
# time (not "now"), the stored value never goes stale: it only has to be recomputed
# when votes or comments change, and ordering by the column is always right.
HOT_EPOCH = datetime(2025, 1, 1, tzinfo=timezone.utc)
# Half a news day: by tomorrow's front page, today's story needs a hundred times the
# votes to stay above a fresh one.
HOT_WINDOW_SECONDS = 12 * 3600
# A comment is worth half a vote: discussion signals interest, but a flame war
# should not beat a story readers actually endorse (Lobsters weighs comments too).
COMMENT_WEIGHT = 0.5


def hot_age_term(published_at: datetime | None) -> float:
    """The time term of hot_score: HOT_WINDOWs from HOT_EPOCH to publication."""
    return ((published_at or HOT_EPOCH) - HOT_EPOCH).total_seconds() / HOT_WINDOW_SECONDS


def hot_score(*, score: int, comment_count: int, published_at: datetime | None) -> float:
    # The one place the formula lives: the counters' fold (services.counters) calls it.
    points = score + COMMENT_WEIGHT * comment_count
    order = math.log10(max(abs(points), 1))
    sign = 1 if points > 0 else -1 if points < 0 else 0
    return round(sign * order + hot_age_term(published_at), 7)


# --- Comment text -------------------------------------------------------------------
# Embeddings, overrides and isolates reorder what follows them (an RLO shows «txt.exe» as
# «exe.txt»): refused, so a reader sees the text the others will see.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Zero-width characters with no place in prose (ZWNJ is Persian spelling and stays), and
# the direction marks (LRM, RLM, ALM) that text pasted from word processors and messengers
# carries unseen: a reader cannot find them to delete them, and the page sets direction.
_INVISIBLE = re.compile("[\u200b\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_VISIBLE = re.compile(r"[^\s\u200c]")
# Cleaning shrinks a text (CRLF, invisible characters, repeated blank lines), so the raw
# text may run past the limit; past this multiple of it, it is refused before any text
# work, which is what keeps a huge paste from costing a worker its CPU.
RAW_LENGTH_FACTOR = 2


def _too_long(n: int, max_length: int) -> str:
    return _("دیدگاه حداکثر می‌تواند %(max)s نویسه باشد؛ متن شما %(n)s نویسه است.") % {
        "max": persian.format_number(max_length), "n": persian.format_number(n),
    }


def clean_comment_text(raw: str, *, max_length: int) -> tuple[str, str | None]:
    """(stored text, None) or ("", Persian error). The text is plain: markup in it is
    kept as the characters the reader typed and escaped when shown."""
    raw = raw or ""
    if len(raw) > max_length * RAW_LENGTH_FACTOR:
        return "", _too_long(len(raw), max_length)
    if "\x00" in raw:
        return "", _("متن دیدگاه نویسهٔ نامعتبر (NUL) دارد؛ لطفاً متن را دوباره بنویسید یا بچسبانید.")
    if _BIDI_CONTROLS.search(raw):
        return "", _("نویسه‌های نامرئی کنترل جهت متن (مانند RLO) در دیدگاه پذیرفته نیست؛ آن‌ها را پاک کنید.")
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = persian.strip_controls(text).replace("\t", " ")
    text = _INVISIBLE.sub("", text)
    text = persian.display_text(text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text).strip()
    if not _VISIBLE.search(text):
        return "", _("متن دیدگاه خالی است.")
    if len(text) > max_length:
        return "", _too_long(len(text), max_length)
    return text, None


_URL = re.compile(r"https?://[^\s<>\"'«»]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}»،؛؟"
_PARAGRAPHS = re.compile(r"\n\s*\n")


def _linkify(text: str) -> str:
    out, pos = [], 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(_URL_TRAILING)
        end = match.start() + len(url)
        out.append(escape(text[pos:match.start()]))
        label = url if len(url) <= 60 else url[:57] + "…"
        out.append(f'<a href="{escape(url)}" rel="nofollow ugc noopener" dir="ltr">{escape(label)}</a>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def comment_html(text: str) -> SafeString:
    """Plain comment text as HTML: every character escaped, http(s) addresses made links
    that pass no ranking (rel="nofollow ugc"), blank lines as paragraphs, line breaks
    kept. Only http and https become links, so `javascript:` stays text."""
    paragraphs = [p for p in _PARAGRAPHS.split(text or "") if p.strip()]
    html = "".join(f"<p>{_linkify(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return mark_safe(html)  # noqa: S308 - built only from escaped pieces above


# --- Word lists ---------------------------------------------------------------------
def word_keys(word: str) -> tuple[str, str]:
    """A listed word's key and its key with spaces removed («بی‌شرف» → «بی شرف», «بیشرف»)."""
    key = persian.search_key(word)
    return key, key.replace(" ", "")


def text_keys(text: str) -> tuple[str, str]:
    """The comment's search key, and its key with every ZWNJ deleted rather than turned into
    a space, so «بی‌شرف» and «بیشرف» both meet a listed «بیشرف»."""
    return persian.search_key(text), persian.search_key(text.replace("\u200c", ""))


def find_words(text: str, words: list[str]) -> list[str]:
    """The listed words that occur in `text` as whole words, compared on search keys so
    that ي/ی, ك/ک, diacritics, tatweel, ZWNJ and digit forms do not hide one."""
    if not words or not text:
        return []
    spaced, joined = text_keys(text)
    found = []
    for word in words:
        key, key_joined = word_keys(word)
        if not key:
            continue
        for haystack, needle in ((spaced, key), (joined, key_joined)):
            if re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack):
                found.append(word)
                break
    return found
