"""Community settings, each `getattr(settings, NAME, default)`: settings.py reads the
environment once (APP_SETTINGS_FROM_ENV), so an operator changes a rule without
touching code, and tests change one with Django's override_settings."""

from __future__ import annotations

from django.conf import settings

MODERATION_PRE = "pre"  # every comment waits for a moderator
MODERATION_UNTIL_APPROVED = "until_approved"  # a reader's first N comments wait
MODERATION_POST = "post"  # published at once, moderated afterwards (reports)
MODERATION_MODES = (MODERATION_PRE, MODERATION_UNTIL_APPROVED, MODERATION_POST)


def _get(name: str, default):
    return getattr(settings, name, default)


def moderation_mode() -> str:
    mode = _get("COMMENT_MODERATION", MODERATION_UNTIL_APPROVED)
    return mode if mode in MODERATION_MODES else MODERATION_UNTIL_APPROVED


def moderation_threshold() -> int:
    # Two approved comments show a reader writes in good faith; spammers rarely wait
    # for two approvals before posting their links.
    return _get("COMMENT_MODERATION_THRESHOLD", 2)


def comment_max_length() -> int:
    # About a page of text: longer than the seed page's longest comment, far below
    # what a paste-bomb needs.
    return _get("COMMENT_MAX_LENGTH", 3000)


def comment_max_depth() -> int:
    # Three levels of replies stay readable on a phone; deeper replies attach to the
    # deepest allowed level (Lobsters caps at 18, Isso at 1).
    return _get("COMMENT_MAX_DEPTH", 3)


def comment_edit_minutes() -> int:
    return _get("COMMENT_EDIT_MINUTES", 15)


def comments_per_page() -> int:
    # Top-level comments per page; their replies come with them.
    return _get("COMMENTS_PER_PAGE", 50)


def comments_per_minute() -> int:
    return _get("COMMENT_RATE_PER_MINUTE", 5)


def comments_per_hour() -> int:
    return _get("COMMENT_RATE_PER_HOUR", 40)


def votes_per_minute() -> int:
    # A reader going down a thread liking comments can cast a vote every second or
    # two; a script casts hundreds.
    return _get("VOTE_RATE_PER_MINUTE", 60)


def reports_per_hour() -> int:
    return _get("REPORT_RATE_PER_HOUR", 20)


def duplicate_window_seconds() -> int:
    # The same text by the same reader on the same article within this window is a
    # double submission (Lobsters #1209), not a second comment.
    return _get("COMMENT_DUPLICATE_SECONDS", 120)


def sidebar_voted_days() -> int:
    return _get("SIDEBAR_VOTED_DAYS", 7)


def sidebar_viewed_days() -> int:
    return _get("SIDEBAR_VIEWED_DAYS", 7)


def sidebar_commented_days() -> int:
    return _get("SIDEBAR_COMMENTED_DAYS", 7)


def word_rules_cache_seconds() -> int:
    # Every comment is screened against the moderators' word lists; reading them once a
    # minute instead of once a comment spares a query per post. A word a moderator
    # adds applies at once in the worker that saved it, within this time in the others.
    return _get("WORD_RULES_CACHE_SECONDS", 0 if getattr(settings, "TESTING", False) else 60)


def sidebar_cache_seconds() -> int:
    # Ranked lists change slowly; half a minute of staleness saves four sorted
    # queries per page. Tests see every change at once.
    return _get("SIDEBAR_CACHE_SECONDS", 0 if getattr(settings, "TESTING", False) else 30)


def view_dedup_seconds() -> int:
    return _get("VIEW_DEDUP_SECONDS", 3600)


def view_flush_seconds() -> int:
    # Views reach the database at most this long after they happen.
    return _get("VIEW_FLUSH_SECONDS", 10)


def fold_seconds() -> float:
    # Counters (votes, comment counts, hot) trail their rows by at most about this
    # long plus one fold's duration; readers see their own vote at once regardless.
    return _get("COUNTER_FOLD_SECONDS", 1.0)


def banned_words() -> list[str]:
    return list(_get("COMMUNITY_BANNED_WORDS", []))


def suspect_words() -> list[str]:
    return list(_get("COMMUNITY_SUSPECT_WORDS", []))
