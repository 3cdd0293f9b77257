"""Settings of the accounts app, each `getattr(settings, NAME, default)`: settings.py
reads the environment once (APP_SETTINGS_FROM_ENV), and tests change a setting with
Django's override_settings."""

from django.conf import settings


def registrations_per_hour() -> int:
    # Ten sign-ups an hour from one address covers a family or an office behind one
    # NAT; a script creating accounts in bulk hits it at once.
    return getattr(settings, "REGISTRATIONS_PER_IP_PER_HOUR", 10)


def verify_max_age_days() -> int:
    return getattr(settings, "EMAIL_VERIFY_DAYS", 3)


def require_verified_email() -> bool:
    """Whether a reader must confirm the e-mail address before commenting or voting."""
    return getattr(settings, "COMMUNITY_REQUIRE_VERIFIED_EMAIL", True)


def password_resets_per_client() -> int:
    # A reader who mistypes their address tries a few times; a script probing which
    # addresses have accounts, or flooding someone's inbox, is stopped.
    return getattr(settings, "PASSWORD_RESETS_PER_CLIENT_PER_HOUR", 5)


def password_resets_per_email() -> int:
    return getattr(settings, "PASSWORD_RESETS_PER_EMAIL_PER_HOUR", 3)


def mail_max_attempts() -> int:
    # With the growing wait between tries, about a day of a mail server being down.
    return getattr(settings, "MAIL_MAX_ATTEMPTS", 30)
