"""Votes on articles and comments: one write path each, through the ORM.

A vote writes the reader's own row and nothing else; the counters beside the article
or comment follow from the rows within a second or two (counters.counters_fold)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from didgah.common.personal import personal_changed
from didgah.common.ratelimit import hit, window_remaining
from didgah.news.models import Article

from .. import conf
from ..errors import CommunityError, RateLimited
from ..models import ArticleVote, Comment, CommentVote
from ..selectors import ActingReader
from .standing import participation_check

if TYPE_CHECKING:
    from django.contrib.auth.models import User

VALUES = (1, 0, -1)


def vote_rate_check(*, user: User | ActingReader) -> None:
    """Count one vote against the reader's limit; CommunityError once it is reached.
    Call before any other work on the vote."""
    if not hit(f"vote:{user.pk}", limit=conf.votes_per_minute(), window_seconds=60):
        raise RateLimited(_("در زمان کوتاهی رأی‌های زیادی داده‌اید؛ کمی بعد دوباره تلاش کنید."),
                          retry_after=window_remaining(60))


# A reader's row changes under them only when they vote twice at once (two tabs, a
# double click); a write that finds the row changed since it was read reads it again,
# and past this many tries asks the reader to vote again.
WRITE_ATTEMPTS = 3


def _first_row(model, **fields) -> bool:
    """Insert the reader's first row for a target: one INSERT in autocommit (inside a
    caller's transaction, within a savepoint); False if their row is there already (the
    other of two first votes at once)."""
    try:
        if connection.in_atomic_block:
            with transaction.atomic():
                model.objects.create(**fields)
        else:
            model.objects.create(**fields)
    except IntegrityError:
        return False
    return True


def _vote_write(model, *, target: dict, user: User | ActingReader, value: int, first: bool = False) -> int:
    """Set the reader's vote on `target` to `value` (0: none); their vote afterwards.

    Setting, never toggling: a page sends the vote the reader means as they see it, so a
    second tab showing an older state cannot undo a vote cast in the first.

    Each statement stands alone, with no transaction around the read: the row is read,
    the rule applied in Python, and the change written only if the row still holds the
    value read (else read again). So no lock is held while Python runs, neither SQLite's
    one write lock nor a PostgreSQL row lock, and concurrent voters on one story wait on
    nothing but their own statement. A first vote is one INSERT; of two first votes of
    one reader at once, the second finds the row the first wrote and applies the rule to
    it, as if it had come after.

    `first`: the reader's kept parts say this is their first vote here, so the INSERT
    is tried before any read; it writes only where they have no row, and where they have
    one after all (a withdrawn vote, a part out of date) the row is read as above."""
    if first and value != 0 and _first_row(model, user_id=user.pk, value=value, **target):
        return value
    rows = model.objects.filter(user_id=user.pk, **target).values_list("id", "value")
    for _attempt in range(WRITE_ATTEMPTS):
        row = next(iter(rows[:1]), None)
        if row is None:
            if value == 0:
                return 0
            if _first_row(model, user_id=user.pk, value=value, **target):
                return value
            continue
        pk, old = row
        if value == old or model.objects.filter(pk=pk, value=old).update(value=value, updated_at=timezone.now()):
            return value
    raise CommunityError(_("رأی شما هم‌زمان از جای دیگری تغییر کرد؛ دوباره رأی دهید."))


def _check_value(value) -> int:
    # bool is an int in Python: a JSON true must not pass for +1.
    if isinstance(value, bool) or value not in VALUES:
        raise CommunityError(_("رأی نامعتبر است."))
    return value


def article_vote(*, article: Article, user: User | ActingReader, value: int, enforce_limits: bool = True) -> int:
    """Cast (+1 / −1), change or withdraw (0) the
    reader's vote on an article; the reader's vote afterwards. `article` must have come
    through selectors.article_access (public, or the reader is staff); `user` is the
    reader's account, or the reader as selectors.acting_reader found them in their
    request (a vote needs only their id and kept parts)."""
    if enforce_limits:
        vote_rate_check(user=user)
    _check_value(value)
    kept = participation_check(user=user)
    if not article.is_visible:
        raise CommunityError(_("به این خبر نمی‌توان رأی داد."))
    mine = _vote_write(ArticleVote, target={"article_id": article.pk}, user=user, value=value,
                       first=kept.never_acted_on(article.pk))
    # After the write, which is committed (or commits with the caller's transaction):
    # a part read before it is never kept under the version that follows. A vote
    # changes the reader's parts about articles only.
    personal_changed(user_id=user.pk, acts_only=True)
    return mine


def comment_vote(*, comment: Comment, user: User | ActingReader, value: int, enforce_limits: bool = True) -> int:
    """Like (+1), dislike (−1), change or withdraw a vote on someone else's comment.
    `comment` must have come through selectors.comment_access; `user` as for
    article_vote."""
    if enforce_limits:
        vote_rate_check(user=user)
    _check_value(value)
    kept = participation_check(user=user)
    if comment.author_id == user.pk:
        raise CommunityError(_("به دیدگاه خودتان نمی‌توانید رأی دهید."))
    if not comment.is_visible:
        raise CommunityError(_("به این دیدگاه نمی‌توان رأی داد."))
    mine = _vote_write(CommentVote, target={"comment_id": comment.pk}, user=user, value=value,
                       first=kept.never_acted_on(comment.article_id))
    personal_changed(user_id=user.pk, acts_only=True)
    return mine
