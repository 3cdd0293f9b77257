"""Reads about readers."""

from __future__ import annotations

from . import signals


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
