"""Settings of the notifications app, each `getattr(settings, NAME, default)` (tests
change one with override_settings)."""

from django.conf import settings


def per_page() -> int:
    return getattr(settings, "NOTIFICATIONS_PER_PAGE", 20)


def digest_hour() -> int:
    # The daily digest leaves from this hour of the site's day (TIME_ZONE, Tehran): a
    # morning read of yesterday's answers, not a mail in the middle of the night.
    return getattr(settings, "NOTIFICATIONS_DIGEST_HOUR", 7)


def digest_check_seconds() -> float:
    # How often the scheduler looks for digests due; each reader still gets one a day.
    return getattr(settings, "NOTIFICATIONS_DIGEST_CHECK_SECONDS", 300)


def max_mentions() -> int:
    # A comment naming a whole crowd notifies only the first few: naming is not a
    # way to mail every reader of the site.
    return getattr(settings, "NOTIFICATIONS_MAX_MENTIONS", 5)


def excerpt_chars() -> int:
    return getattr(settings, "NOTIFICATIONS_EXCERPT_CHARS", 200)
