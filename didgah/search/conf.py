"""Search settings, each `getattr(settings, NAME, default)`: settings.py reads the
environment once (APP_SETTINGS_FROM_ENV), and tests change a setting with Django's
override_settings."""

from django.conf import settings


# Relevance is multiplied by 1 + 1 / (1 + age_days / SEARCH_RECENCY_DAYS): ×2 for a
# brand-new article, ×1.5 at one week, ×1.1 at two months. A week is the news cycle:
# a fresh report should beat an equally relevant one from last week, but an exact
# title match from last year should still beat a passing mention today.
def recency_days() -> float:
    return max(getattr(settings, "SEARCH_RECENCY_DAYS", 7.0), 0.01)


# Column weights: a word in the title counts this many times one in the body.
def title_weight() -> float:
    return getattr(settings, "SEARCH_TITLE_WEIGHT", 5.0)


# How long a results page is kept and served to everyone who asks the same thing: longer
# than an article page (PAGE_CACHE_SECONDS, kept short for its comments and votes), since
# a new article may take a minute to show in search, and every popular query's page
# rebuilt every few seconds cost as many searches as the long tail's. Kept only where
# pages are kept at all (none under tests, or with PAGE_CACHE_SECONDS 0).
def page_seconds() -> int:
    if not getattr(settings, "PAGE_CACHE_SECONDS", 0):
        return 0
    return max(getattr(settings, "SEARCH_PAGE_SECONDS", 60), settings.PAGE_CACHE_SECONDS)


def per_page() -> int:
    return max(1, getattr(settings, "SEARCH_RESULTS_PER_PAGE", getattr(settings, "ARTICLES_PER_PAGE", 20)))


# The deepest page served: beyond it ranking is noise and OFFSET gets expensive.
def max_pages() -> int:
    return max(1, getattr(settings, "SEARCH_MAX_PAGES", 50))


# pg_trgm word similarity a title needs to count as a fuzzy match. 0.5 lets one wrong
# or missing letter in a five-letter word through («پهپد» → «پهپاد») without
# matching unrelated titles (pg_trgm's own default, 0.6, misses such typos).
def fuzzy_threshold() -> float:
    return getattr(settings, "SEARCH_FUZZY_THRESHOLD", 0.5)


# Unfiltered SQLite queries rank recency over this many best bm25 matches (see
# backends._sqlite). It must cover every page served (max_pages × per_page = 1,000)
# with room for matches that turn out invisible (drafts, scheduled).
def candidates() -> int:
    return max(getattr(settings, "SEARCH_CANDIDATES", 2000), max_pages() * per_page())


# The deepest page of results by relevance. Ranking reads each candidate's tsvector, so
# what a query costs grows with the pages it can serve; readers rarely look past the
# first pages of a ranking, and older matches are reached by date (the newest-first
# sort pages up to max_pages) or by narrowing the dates.
def relevance_pages() -> int:
    return max(1, min(getattr(settings, "SEARCH_RELEVANCE_PAGES", 10), max_pages()))


# PostgreSQL ranks this many newest visible matches (see backends._postgres): every
# page of a ranking served (relevance_pages × per_page) and no more, since each
# candidate costs reading and matching its tsvector, and a word found everywhere reads
# exactly this many.
def rank_candidates() -> int:
    return max(getattr(settings, "SEARCH_RANK_CANDIDATES", 0), relevance_pages() * per_page())




# Up to this many matches PostgreSQL counts exactly; a reader cannot tell 9,412 from
# «about 9,400», and counting a word in most of a million articles costs a second.
def exact_count_max() -> int:
    return getattr(settings, "SEARCH_EXACT_COUNT_MAX", 2000)
