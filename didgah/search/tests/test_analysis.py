"""The analysis reads text a chunk (between white space) at a time, with a cache: it
must give exactly the tokens of the whole text's search key, or the index and the
queries would drift apart from what `search_key` promises."""

from __future__ import annotations

import pytest

from didgah.persian import search_key
from didgah.search import analysis
from didgah.search.tests.variant_table import DOCUMENTS, VARIANT_QUERIES

ZWNJ = "\u200c"

TEXTS = [
    *(" ".join(doc) for doc in DOCUMENTS.values()),
    *(query for query, _ in VARIANT_QUERIES),
    "کتابخانههای  شهر\u00a0تهران\t\nو   مکعبماهواره",       # missing ZWNJs, NBSP, tabs
    f"{ZWNJ}{ZWNJ}پهپاد{ZWNJ}{ZWNJ}ها {ZWNJ}می {ZWNJ}گوید",    # ZWNJ runs and strays
    "۱٬۲۳۴٬۵۶۷ ریال و 3.14 و ١٤٠٤ و ۱۴۰۴ام",                 # thousands separators, digits
    "نشانی https://example.com/a?b=1 و رایانامهٔ a.b@example.org را ببینید",
    "بی\u200fنظمی \u202eوارونه\u202c و \x00\x07 نویسه‌های کنترلی",  # bidi and control characters
    "ب" * 120 + " " + "کتاب‌" * 30,                          # chunks longer than the cache keeps
    "مُدیرِ تهـــران ديدار كرد İstanbul STRASSE straße",
    "",
    "   ",
]


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_are_the_whole_texts_search_key_tokens(text):
    assert analysis.tokens(text) == analysis.TOKEN_RE.findall(search_key(text))


def test_a_long_chunk_is_not_kept_in_the_cache():
    analysis._chunk_tokens.cache_clear()
    analysis.tokens("الف" * 1000 + " کتاب")
    assert analysis._chunk_tokens.cache_info().currsize == 1
