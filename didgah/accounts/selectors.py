"""Reads about readers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.exceptions import ValidationError

from . import signals


def session_account(session) -> tuple[int, str] | None:
    """The account a session is signed in to, as the session says it, without reading the
    account: (its id, the session's hash of its password), or None when the session is not
    signed in through one of AUTHENTICATION_BACKENDS. Whether that still holds (the account
    there and active, its password the same) only django.contrib.auth.get_user tells, as
    `request.user`; a caller may go without it only where it kept that answer itself, made
    anew whenever the account's row changes (community.selectors.personal_state)."""
    try:
        user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
        backend = session[BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return None
    if backend not in settings.AUTHENTICATION_BACKENDS:
        return None
    return user_id, session.get(HASH_SESSION_KEY) or ""


def account_data(*, user) -> dict:
    """Everything we hold about a reader, for their own JSON download."""
    profile = getattr(user, "profile", None)
    data = {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": {
            "display_name": profile.display_name,
            "city": profile.city,
            "country": profile.country.code or "",
            "country_name": profile.country_name,
            "email_verified_at": profile.email_verified_at.isoformat() if profile.email_verified_at else None,
            "suspended_until": profile.suspended_until.isoformat() if profile.suspended_until else None,
            "banned": profile.banned,
            "status_reason": profile.status_reason,
        } if profile else None,
    }
    # What the apps built on accounts hold about the reader (comments, votes, reports).
    for _receiver, part in signals.reader_data.send(sender=type(user), user=user):
        data.update(part or {})
    return data
