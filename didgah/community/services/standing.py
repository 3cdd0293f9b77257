"""Who may take part, and moderators' decisions about readers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from didgah.accounts.models import Profile
from didgah.accounts.services import profile_ensure
from didgah.common.personal import personal_changed

from ..errors import CommunityError
from ..models import ModerationLog
from ..selectors import ActingReader, KeptReader, kept_reader, participation_problem

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def participation_require(*, user) -> Profile:
    """The reader's profile (made now for accounts created outside the register form),
    or CommunityError with the reason they may not take part."""
    problem = participation_problem(user=user)
    if problem:
        raise CommunityError(problem)
    return profile_ensure(user=user)


def participation_check(*, user: User | ActingReader) -> KeptReader:
    """What the reader's kept parts say (selectors.kept_reader), or CommunityError with
    the reason they may not take part: for what needs no profile row of its own (a
    vote), without reading it. An ActingReader brings them read already."""
    kept = user.kept if isinstance(user, ActingReader) else kept_reader(user=user)
    if kept.problem:
        raise CommunityError(kept.problem)
    return kept


def moderation_log(action: str, *, actor=None, comment=None, reader=None, reason: str = "") -> None:
    """Record a decision about a reader or their comment. Every such decision changes
    what the reader's own pages show them (a comment's state, their standing)."""
    ModerationLog.objects.create(action=action, actor=actor, comment=comment, reader=reader, reason=reason[:300])
    if reader is not None:
        personal_changed(user_id=reader.pk)


@transaction.atomic
def reader_suspend(*, user, until: datetime, reason: str, actor) -> Profile:
    profile = profile_ensure(user=user)
    profile.suspended_until = until
    profile.status_reason = reason[:300]
    profile.save(update_fields=["suspended_until", "status_reason"])
    moderation_log(ModerationLog.Action.SUSPEND, actor=actor, reader=user,
                   reason=f"{reason} ({date_format(timezone.localtime(until), 'Y-m-d H:i')})")
    return profile


@transaction.atomic
def reader_ban(*, user, reason: str, actor) -> Profile:
    profile = profile_ensure(user=user)
    profile.banned = True
    profile.status_reason = reason[:300]
    profile.save(update_fields=["banned", "status_reason"])
    moderation_log(ModerationLog.Action.BAN, actor=actor, reader=user, reason=reason)
    return profile


@transaction.atomic
def reader_reinstate(*, user, actor, reason: str = "") -> Profile:
    profile = profile_ensure(user=user)
    profile.banned = False
    profile.suspended_until = None
    profile.status_reason = ""
    profile.save(update_fields=["banned", "suspended_until", "status_reason"])
    moderation_log(ModerationLog.Action.REINSTATE, actor=actor, reader=user, reason=reason)
    return profile
