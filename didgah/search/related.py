"""Search similarity for news' related stories: the index's matches for an article's
title, given to news through news.signals.related_candidates (connected in
SearchConfig.ready()). Only the public query API (`selectors.search_articles`) is
used, so how the index is built and queried may change under it."""

from __future__ import annotations

from itertools import combinations

from didgah.persian import search_key

from . import selectors

# A title's words that carry its story: the longest ones (short words are mostly
# particles and verbs' endings, which match everything).
KEY_WORDS = 3
MIN_WORD_CHARS = 3


def key_words(title: str, *, limit: int = KEY_WORDS) -> list[str]:
    """The title's most telling words as written (the search analyses them as it does a
    reader's query), longest first, first written first among equals; a word's length
    is its search key's, so a ZWNJ or a diacritic does not make it longer."""
    words, keys = [], set()
    for word in (title or "").split():
        key = search_key(word).replace(" ", "")
        if len(key) >= MIN_WORD_CHARS and not key.isdigit() and key not in keys:
            keys.add(key)
            words.append((len(key), word))
    return [word for _n, word in sorted(words, key=lambda w: -w[0])[:limit]]


def similar_queries(title: str) -> list[str]:
    """Queries to ask, best first: each pair of the key words (a search wants every word
    of its query, and two of a headline's words found together say more than one); a
    title of one key word asks for that word alone."""
    words = key_words(title)
    if len(words) < 2:
        return words
    return [f"{a} {b}" for a, b in combinations(words, 2)]


def related_candidates(sender, *, article, limit: int, **kwargs) -> list[int]:
    """Ids of published articles that match the article's key words, best first."""
    found: list[int] = []
    for query in similar_queries(article.title):
        for result in selectors.search_articles(query=query, per_page=limit + 1)["results"]:
            if result["id"] != article.pk and result["id"] not in found:
                found.append(result["id"])
        if len(found) >= limit:
            break
    return found[:limit]
