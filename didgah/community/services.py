"""Writes of the reader community: comments, votes, reports, moderation.

Every counter (article votes, score, comment_count, hot; comment likes, dislikes,
score, wilson; open reports) changes with an UPDATE … SET n = n + delta in the same
transaction that writes the row it counts, so counters always equal their rows, even
with many writers at once."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import NamedTuple

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from didgah import persian
from didgah.accounts import conf as accounts_conf
from didgah.accounts.models import Profile
from didgah.accounts.services import profile_ensure
from didgah.common.db import MAX_ID
from didgah.common.groupcommit import GroupCommit
from didgah.common.ratelimit import hit
from didgah.common.writelock import sqlite_writer
from didgah.news.models import Article

from . import conf, rules
from .errors import CommunityError
from .models import (
    ArticleVote,
    Comment,
    CommentVote,
    ModerationLog,
    Report,
    ThreadVersion,
    WordRule,
)
from .selectors import article_action_target, fresh_thread_version

logger = logging.getLogger(__name__)

# In post-moderation, this many open reports take a comment off the page until a
# moderator looks: one reader cannot hide a comment, three independent ones can.
REPORTS_TO_HOLD = 3


# --- who may take part ----------------------------------------------------------------
def participation_problem(*, user, now: datetime | None = None) -> str | None:
    """Why this reader may not comment or vote now (Persian), or None if they may."""
    if user is None or not user.is_authenticated:
        return _("برای این کار باید وارد حساب خود شوید.")
    profile = profile_ensure(user=user)
    now = now or timezone.now()
    if profile.banned:
        return _("حساب شما مسدود شده است. دلیل: %(reason)s") % {"reason": profile.status_reason or _("نقض قواعد")}
    if profile.is_suspended(now):
        return _("حساب شما تا %(until)s معلق است. دلیل: %(reason)s") % {
            "until": persian.format_jalali(profile.suspended_until, tz=timezone.get_current_timezone_name()),
            "reason": profile.status_reason or _("نقض قواعد"),
        }
    if accounts_conf.require_verified_email() and not profile.email_verified and not user.is_staff:
        return _("پیش از نوشتن دیدگاه یا رأی دادن، نشانی رایانامهٔ خود را با پیوندی که برایتان فرستادیم تأیید کنید.")
    return None


def _require_participation(user) -> Profile:
    problem = participation_problem(user=user)
    if problem:
        raise CommunityError(problem)
    return user.profile


def _require_participation_lean(user, standing=False) -> tuple | None:
    """participation_problem's answer for the common case from one narrow row: a reader
    in good standing with a verified address passes; anyone else (no profile yet,
    banned, suspended now or before, unverified) goes through participation_problem for
    the full check and its message. For the vote endpoints, which run most often.
    `standing`: (banned, suspended_until, email_verified_at, approved_comments, id) of the
    reader's profile,
    already read (selectors.article_action_target), None if they have none, False to read it.
    Returns the row when it passed on it, None when the full check passed instead."""
    if user is None or not user.is_authenticated:
        raise CommunityError(_("برای این کار باید وارد حساب خود شوید."))
    row = standing
    if row is False:
        table = connection.ops.quote_name(Profile._meta.db_table)
        with connection.cursor() as cur:
            cur.execute(f"SELECT banned, suspended_until, email_verified_at, approved_comments, id FROM {table} "  # noqa: S608
                        "WHERE user_id = %s", [user.pk])
            row = cur.fetchone()
    if _in_good_standing(row, user):
        return row
    _require_participation(user)
    return None


def _in_good_standing(row: tuple | None, user) -> bool:
    """Whether the reader's standing row (banned, suspended_until, email_verified_at, …)
    lets them take part without the full check: not banned, never suspended, verified
    or exempt."""
    return row is not None and not row[0] and row[1] is None and (row[2] is not None or _verification_waived(user))


def _verification_waived(user) -> bool:
    """Whether this reader may take part without a verified address."""
    return user.is_staff or not accounts_conf.require_verified_email()


def _log(action: str, *, actor=None, comment: Comment | None = None, reader=None, reason: str = "") -> None:
    ModerationLog.objects.create(action=action, actor=actor, comment=comment, reader=reader, reason=reason[:300])


# --- transactions -----------------------------------------------------------------------
@contextmanager
def write_transaction():
    """transaction.atomic() for the community's frequent writes (votes, comments); on
    SQLite, outside any caller's transaction, one such writer at a time across the
    server's threads and processes, queued without SQLite's busy-handler sleeps
    (common.writelock)."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with sqlite_writer(connection.settings_dict["NAME"]), transaction.atomic():
            yield
    else:
        with transaction.atomic():
            yield


# --- thread versions (the cached comment lists) -------------------------------------------
def threads_touch(*, article_ids) -> None:
    """Mark these articles' comment lists changed, so no cached copy of them is served
    again (selectors.thread_page). Call inside the transaction that makes the change,
    after it: the version row is then always the last row locked, after the item rows,
    which keeps the lock order the same for every writer."""
    ids = sorted({int(i) for i in article_ids})
    if not ids:
        return
    table = connection.ops.quote_name(ThreadVersion._meta.db_table)
    with connection.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {table} (article_id, version) VALUES (%s, %s) "  # noqa: S608
            f"ON CONFLICT (article_id) DO UPDATE SET version = {table}.version + 1",
            [(i, fresh_thread_version()) for i in ids],
        )


def author_threads_touch(*, user_id: int) -> None:
    """An author's name, place or account changed: every list showing their comments."""
    threads_touch(article_ids=Comment.objects.filter(author_id=user_id).values_list("article_id", flat=True)
                  .distinct())


# --- counters -------------------------------------------------------------------------
def article_hot_refresh(*, article_id: int) -> float:
    """Recompute the stored hot score from the stored counters (call inside the
    transaction that changed them, after the change)."""
    row = Article.objects.filter(pk=article_id).values("score", "comment_count", "published_at").first()
    if row is None:
        return 0.0
    hot = rules.hot_score(score=row["score"], comment_count=row["comment_count"], published_at=row["published_at"])
    Article.objects.filter(pk=article_id).update(hot=hot)
    return hot


def articles_hot_refresh(*, article_ids=None, batch_size: int = 500) -> int:
    """Refresh hot for the given articles (all published ones by default), in batches."""
    qs = Article.objects.all()
    if article_ids is not None:
        qs = qs.filter(pk__in=list(article_ids))
    done = 0
    rows = list(qs.values_list("pk", "score", "comment_count", "published_at"))
    for start in range(0, len(rows), batch_size):
        batch = []
        for pk, score, comments, published_at in rows[start:start + batch_size]:
            batch.append(Article(pk=pk, hot=rules.hot_score(score=score, comment_count=comments,
                                                             published_at=published_at)))
        with transaction.atomic():
            Article.objects.bulk_update(batch, ["hot"])
        done += len(batch)
    return done


def _comment_visibility_changed(comment: Comment, was_visible: bool) -> None:
    delta = int(comment.is_visible) - int(was_visible)
    if delta:
        Article.objects.filter(pk=comment.article_id).update(comment_count=F("comment_count") + delta)
        article_hot_refresh(article_id=comment.article_id)


# --- comments -------------------------------------------------------------------------
WORD_RULES_KEY = "community:word-rules"


def _word_rules() -> tuple[list[str], list[str]]:
    def read():
        return list(WordRule.objects.values_list("word", "kind"))

    seconds = conf.word_rules_cache_seconds()
    rows = cache.get_or_set(WORD_RULES_KEY, read, seconds) if seconds > 0 else read()
    banned, suspect = conf.banned_words(), conf.suspect_words()
    for word, kind in rows:
        (banned if kind == WordRule.Kind.BANNED else suspect).append(word)
    return banned, suspect


def word_rules_changed() -> None:
    """Call after moderators add, change or delete word rules (the admin does)."""
    cache.delete(WORD_RULES_KEY)


def _screen_text(text: str) -> bool:
    """Raise if the text has a banned word; True if it has a suspect word (to the queue)."""
    banned, suspect = _word_rules()
    if rules.find_words(text, banned):
        raise CommunityError(_("متن دیدگاه واژه‌ای دارد که در دیدگاه‌های دیدگاه پذیرفته نیست. لطفاً آن را ویرایش کنید."),
                             field="body")
    return bool(rules.find_words(text, suspect))


def _initial_status(*, user, profile_id: int, suspect: bool, approved: int | None = None) -> str:
    """`approved`: the reader's approved comments if read from the row in this request;
    None reads it now."""
    if user.is_staff:
        return Comment.Status.APPROVED
    if suspect:
        return Comment.Status.PENDING
    mode = conf.moderation_mode()
    if mode == conf.MODERATION_PRE:
        return Comment.Status.PENDING
    if mode == conf.MODERATION_UNTIL_APPROVED:
        if approved is None:
            # Read from the row: a moderator may have approved one since the profile was loaded.
            approved = Profile.objects.filter(pk=profile_id).values_list("approved_comments", flat=True).first() or 0
        if approved < conf.moderation_threshold():
            return Comment.Status.PENDING
    return Comment.Status.APPROVED


def comment_rate_ok(*, user) -> bool:
    return (hit(f"comment-m:{user.pk}", limit=conf.comments_per_minute(), window_seconds=60)
            and hit(f"comment-h:{user.pk}", limit=conf.comments_per_hour(), window_seconds=3600))


def comment_create(*, article: Article, author, body: str, parent: Comment | None = None,
                   enforce_limits: bool = True) -> Comment:
    """Post a comment (or a reply to `parent`) as `author`. `enforce_limits=False` is for
    trusted bulk writers (demo content, imports), never for requests.

    Raises CommunityError with a Persian message when a rule refuses it. The comment
    may come back pending (moderation); only an approved one counts on the article.
    The checks run before the transaction, which holds only the writes (on SQLite it
    holds the database's write lock, so every other writer waits for it)."""
    voter, standing = getattr(article, "voter_standing", (None, False))
    row = _require_participation_lean(author, standing if voter == getattr(author, "pk", None) else False)
    if row is not None:  # read with the article in this request (selectors.article_action_target)
        approved, profile_id = row[3], row[4]
    else:
        approved, profile_id = None, author.profile.pk
    if not article.is_visible:
        raise CommunityError(_("این خبر دیدگاه نمی‌پذیرد."))
    text, problem = rules.clean_comment_text(body, max_length=conf.comment_max_length())
    if problem:
        raise CommunityError(problem, field="body")
    depth, root_id = 0, None
    if parent is not None:
        if parent.article_id != article.pk or not parent.is_visible:
            raise CommunityError(_("به این دیدگاه نمی‌توان پاسخ داد."))
        # Past the depth cap, a reply joins its parent's level instead of going deeper.
        if parent.depth >= conf.comment_max_depth():
            parent = parent.parent
        depth = parent.depth + 1
        root_id = parent.root_id or parent.pk
    suspect = _screen_text(text)
    if enforce_limits and not comment_rate_ok(user=author):
        raise CommunityError(_("در زمان کوتاهی دیدگاه‌های زیادی فرستاده‌اید؛ کمی بعد دوباره تلاش کنید."))
    status = _initial_status(user=author, profile_id=profile_id, suspect=suspect, approved=approved)
    if connection.vendor == "postgresql" and not suspect:
        return _comment_insert_pg(article=article, author=author, parent=parent, root_id=root_id,
                                         depth=depth, text=text, status=status, profile_id=profile_id)
    with write_transaction():
        comment = _comment_insert(article=article, author=author, parent=parent, root_id=root_id, depth=depth,
                                  text=text, status=status)
        if suspect:
            _log(ModerationLog.Action.AUTO_HOLD, comment=comment, reader=author, reason=_("واژهٔ مشکوک"))
        if comment.status == Comment.Status.APPROVED:
            with connection.cursor() as cur:
                cur.execute(f"UPDATE {connection.ops.quote_name(Profile._meta.db_table)} "  # noqa: S608
                            "SET approved_comments = approved_comments + 1 WHERE id = %s", [profile_id])
            _article_comment_count(article.pk, 1, published_at=article.published_at)
        threads_touch(article_ids=[article.pk])
    return comment


# The row of a new comment, unless the same reader sent the same text to the same
# article moments ago (a double submission): the check and the insert in one statement.
# Plain SQL rather than Comment.objects.create(): building the ORM's INSERT cost more
# than the rest of a comment's writes together (docs/community.md). Every column but the
# id is named, with the model's default (a test checks the list against the model: a
# field added to Comment needs its value here).
_INSERT_COLUMNS = ("article_id", "author_id", "parent_id", "root_id", "depth", "body", "status", "moderation_note",
                   "is_deleted", "created_at", "edited_at", "likes", "dislikes", "score", "wilson", "open_reports")
_INSERT_COMMENT = (
    f"INSERT INTO {Comment._meta.db_table} ({', '.join(_INSERT_COLUMNS)}) "  # noqa: S608 - constants only
    "SELECT %s, %s, %s, %s, %s, %s, %s, '', %s, %s, NULL, 0, 0, 0, 0, 0 "
    f"WHERE NOT EXISTS (SELECT 1 FROM {Comment._meta.db_table} WHERE author_id = %s AND article_id = %s "
    "AND created_at >= %s AND body = %s) RETURNING id"
)


def _comment_insert(*, article: Article, author, parent: Comment | None, root_id: int | None, depth: int,
                    text: str, status: str) -> Comment:
    """Insert the comment's row (CommunityError for a double submission). Call inside
    write_transaction: on SQLite its lock makes a twin submission wait for this one and
    then find it."""
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    since = now - timedelta(seconds=conf.duplicate_window_seconds())
    with connection.cursor() as cur:
        cur.execute(_INSERT_COMMENT, [article.pk, author.pk, parent.pk if parent else None, root_id, depth, text,
                                      status, False, adapt(now), author.pk, article.pk, adapt(since), text])
        row = cur.fetchone()
    if row is None:
        raise CommunityError(_("همین دیدگاه را لحظاتی پیش فرستاده‌اید."), field="body")
    return _comment_loaded(row[0], article=article, author=author, parent=parent, root_id=root_id, depth=depth,
                           text=text, status=status, created_at=now)


def _comment_loaded(pk: int, *, article: Article, author, parent: Comment | None, root_id: int | None, depth: int,
                    text: str, status: str, created_at: datetime) -> Comment:
    """The instance of a row just inserted with plain SQL, as the ORM would give it."""
    comment = Comment(pk=pk, article=article, author=author, parent=parent, root_id=root_id, depth=depth,
                      body=text, status=status, created_at=created_at)
    comment._state.adding = False
    comment._state.db = connection.alias
    return comment


def _comment_insert_pg(*, article: Article, author, parent: Comment | None, root_id: int | None, depth: int,
                       text: str, status: str, profile_id: int) -> Comment:
    """comment_create's writes on PostgreSQL in one call of didgah_comment_insert()
    (migration community 0004; its own transaction outside a caller's): the
    double-submission check, the row, and for an approved comment the author's approved
    count, the article's count and hot, and the thread version. One round trip instead
    of seven, and the article's row is locked only while the server runs it. Its
    effects are those of the general path below it."""
    now = timezone.now()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT didgah_comment_insert(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [article.pk, author.pk, parent.pk if parent else None, root_id, depth, text, status, now,
             now - timedelta(seconds=conf.duplicate_window_seconds()), profile_id,
             status == Comment.Status.APPROVED, rules.COMMENT_WEIGHT, rules.hot_age_term(article.published_at),
             fresh_thread_version()])
        comment_id = cur.fetchone()[0]
    if comment_id is None:
        raise CommunityError(_("همین دیدگاه را لحظاتی پیش فرستاده‌اید."), field="body")
    return _comment_loaded(comment_id, article=article, author=author, parent=parent, root_id=root_id, depth=depth,
                           text=text, status=status, created_at=now)


def _article_comment_count(article_id: int, delta: int, *, published_at: datetime | None) -> None:
    """Add `delta` to the article's comment count and refresh its hot score from the new
    count in the same UPDATE (see _article_counters)."""
    q = connection.ops.quote_name
    points = f"({q('score')} + {rules.COMMENT_WEIGHT} * ({q('comment_count')} + %s))"
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {q(Article._meta.db_table)} SET comment_count = comment_count + %s, "  # noqa: S608
                    f"hot = {_hot_sql(points)} WHERE id = %s",
                    [delta, delta, delta, rules.hot_age_term(published_at), article_id])


def comment_editable(*, comment: Comment, user, now: datetime | None = None) -> bool:
    """Whether `user` may still edit `comment`: its author, within the edit window."""
    now = now or timezone.now()
    return (
        user is not None and user.is_authenticated and comment.author_id == user.pk and not comment.is_deleted
        and comment.status != Comment.Status.REJECTED
        and now - comment.created_at <= timedelta(minutes=conf.comment_edit_minutes())
    )


@transaction.atomic
def comment_edit(*, comment: Comment, user, body: str) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != getattr(user, "pk", None):
        raise CommunityError(_("فقط نویسندهٔ دیدگاه می‌تواند آن را ویرایش کند."))
    if not comment_editable(comment=comment, user=user):
        raise CommunityError(_("زمان ویرایش این دیدگاه (%(n)s دقیقه پس از ارسال) گذشته است.") % {
            "n": persian.to_persian_digits(conf.comment_edit_minutes())})
    _require_participation(user)
    text, problem = rules.clean_comment_text(body, max_length=conf.comment_max_length())
    if problem:
        raise CommunityError(problem, field="body")
    if text == comment.body:
        return comment
    was_visible = comment.is_visible
    if _screen_text(text) and not user.is_staff:
        comment.status = Comment.Status.PENDING
        _log(ModerationLog.Action.AUTO_HOLD, comment=comment, reader=user, reason=_("واژهٔ مشکوک پس از ویرایش"))
    comment.body = text
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at", "status"])
    _comment_visibility_changed(comment, was_visible)
    threads_touch(article_ids=[comment.article_id])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user) -> Comment:
    """The author removes their comment: its text is kept for moderators, the page shows
    a placeholder so replies keep their place."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != getattr(user, "pk", None):
        raise CommunityError(_("فقط نویسندهٔ دیدگاه می‌تواند آن را حذف کند."))
    if comment.is_deleted:
        return comment
    was_visible = comment.is_visible
    comment.is_deleted = True
    comment.save(update_fields=["is_deleted"])
    _log(ModerationLog.Action.DELETE, actor=user, comment=comment, reader=user)
    _comment_visibility_changed(comment, was_visible)
    threads_touch(article_ids=[comment.article_id])
    return comment


@transaction.atomic
def comment_moderate(*, comment: Comment, actor, approve: bool, reason: str = "") -> Comment:
    """A moderator approves or rejects a comment; its open reports are resolved."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    was_visible = comment.is_visible
    new_status = Comment.Status.APPROVED if approve else Comment.Status.REJECTED
    newly_approved = approve and comment.status != Comment.Status.APPROVED
    comment.status = new_status
    comment.moderation_note = reason[:300]
    comment.open_reports = 0
    comment.save(update_fields=["status", "moderation_note", "open_reports"])
    Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())
    if newly_approved and comment.author_id:
        Profile.objects.filter(user_id=comment.author_id).update(approved_comments=F("approved_comments") + 1)
    _log(ModerationLog.Action.APPROVE if approve else ModerationLog.Action.REJECT, actor=actor, comment=comment,
         reader=comment.author, reason=reason)
    _comment_visibility_changed(comment, was_visible)
    threads_touch(article_ids=[comment.article_id])
    return comment


@transaction.atomic
def comment_report(*, comment: Comment, reporter, reason: str, note: str = "") -> Report:
    _require_participation(reporter)
    if comment.author_id == reporter.pk:
        raise CommunityError(_("نمی‌توانید دیدگاه خودتان را گزارش کنید."))
    if reason not in Report.Reason.values:
        raise CommunityError(_("دلیل گزارش را انتخاب کنید."), field="reason")
    note_text, _problem = rules.clean_comment_text(note, max_length=500)
    if not hit(f"report:{reporter.pk}", limit=conf.reports_per_hour(), window_seconds=3600):
        raise CommunityError(_("در این ساعت گزارش‌های زیادی فرستاده‌اید؛ کمی بعد دوباره تلاش کنید."))
    try:
        with transaction.atomic():
            report = Report.objects.create(comment=comment, reporter=reporter, reason=reason, note=note_text)
    except IntegrityError as exc:
        raise CommunityError(_("این دیدگاه را پیش‌تر گزارش کرده‌اید.")) from exc
    Comment.objects.filter(pk=comment.pk).update(open_reports=F("open_reports") + 1)
    _log(ModerationLog.Action.REPORT, actor=reporter, comment=comment, reader=comment.author,
         reason=str(report.get_reason_display()))
    comment.refresh_from_db(fields=["open_reports", "status"])
    if (comment.open_reports >= REPORTS_TO_HOLD and comment.status == Comment.Status.APPROVED
            and not comment.is_deleted):
        was_visible = comment.is_visible
        comment.status = Comment.Status.PENDING
        comment.save(update_fields=["status"])
        _log(ModerationLog.Action.AUTO_HOLD, comment=comment, reader=comment.author, reason=_("گزارش‌های متعدد"))
        _comment_visibility_changed(comment, was_visible)
        threads_touch(article_ids=[comment.article_id])
    return report


@transaction.atomic
def reports_dismiss(*, comment: Comment, actor, reason: str = "") -> None:
    Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())
    Comment.objects.filter(pk=comment.pk).update(open_reports=0)
    _log(ModerationLog.Action.DISMISS, actor=actor, comment=comment, reader=comment.author, reason=reason)


# --- readers' standing ----------------------------------------------------------------
@transaction.atomic
def reader_suspend(*, user, until: datetime, reason: str, actor) -> Profile:
    profile = profile_ensure(user=user)
    profile.suspended_until = until
    profile.status_reason = reason[:300]
    profile.save(update_fields=["suspended_until", "status_reason"])
    _log(ModerationLog.Action.SUSPEND, actor=actor, reader=user,
         reason=f"{reason} ({date_format(timezone.localtime(until), 'Y-m-d H:i')})")
    return profile


@transaction.atomic
def reader_ban(*, user, reason: str, actor) -> Profile:
    profile = profile_ensure(user=user)
    profile.banned = True
    profile.status_reason = reason[:300]
    profile.save(update_fields=["banned", "status_reason"])
    _log(ModerationLog.Action.BAN, actor=actor, reader=user, reason=reason)
    return profile


@transaction.atomic
def reader_reinstate(*, user, actor, reason: str = "") -> Profile:
    profile = profile_ensure(user=user)
    profile.banned = False
    profile.suspended_until = None
    profile.status_reason = ""
    profile.save(update_fields=["banned", "suspended_until", "status_reason"])
    _log(ModerationLog.Action.REINSTATE, actor=actor, reader=user, reason=reason)
    return profile


# --- votes ----------------------------------------------------------------------------
def _vote_rate_ok(user) -> bool:
    return hit(f"vote:{user.pk}", limit=conf.votes_per_minute(), window_seconds=60)


def _record_vote(*, model, item_field: str, item_id: int, user, value: int, toggle: bool) -> tuple[int, int]:
    """Write the reader's vote row; (old value, new value), 0 meaning no vote.

    Must run inside a transaction. The reader's row is locked while it changes (FOR
    UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions hold the write lock). The
    unique constraint settles two first votes of the same reader racing each other:
    the loser's INSERT … ON CONFLICT DO NOTHING writes nothing, and it goes round again,
    now seeing the winner's row, and treats its request as a change of that vote. Plain
    SQL: this runs on every vote, and the ORM's query building was most of its cost."""
    q = connection.ops.quote_name
    table, item_col = q(model._meta.db_table), q(f"{item_field}_id")
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    where = f"{item_col} = %s AND {q('user_id')} = %s"
    params = [item_id, user.pk]
    with connection.cursor() as cur:
        for _attempt in range(3):
            cur.execute(f"SELECT value FROM {table} WHERE {where}{lock}", params)  # noqa: S608
            row = cur.fetchone()
            if row is not None:
                break
            if value == 0:
                return 0, 0
            cur.execute(
                f"INSERT INTO {table} ({item_col}, user_id, value, created_at) VALUES (%s, %s, %s, %s) "  # noqa: S608
                f"ON CONFLICT ({item_col}, user_id) DO NOTHING RETURNING id",
                [item_id, user.pk, value, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            if cur.fetchone() is not None:
                return 0, value
        else:  # pragma: no cover - the winner's row exists whenever our insert conflicts
            raise CommunityError(_("رأی ثبت نشد؛ دوباره تلاش کنید."))
        old = row[0]
        new = 0 if value == 0 or (toggle and old == value) else value
        if new == old:
            return old, new
        if new == 0:
            cur.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608
        else:
            cur.execute(f"UPDATE {table} SET value = %s WHERE {where}", [new, *params])  # noqa: S608
    return old, new


def _deltas(old: int, new: int) -> tuple[int, int]:
    return int(new == 1) - int(old == 1), int(new == -1) - int(old == -1)


def _check_vote_value(value: int) -> int:
    if value not in (1, -1, 0):
        raise CommunityError(_("رأی نامعتبر است."))
    return value


def article_vote(*, article: Article, user, value: int, toggle: bool = True, enforce_limits: bool = True) -> int:
    """Cast (+1 / −1), change or withdraw (0, or the same value again with toggle) the
    reader's vote on an article; returns the reader's vote afterwards. `article` needs
    only pk, status and published_at loaded (selectors.article_action_target)."""
    _check_vote_value(value)
    voter, standing = getattr(article, "voter_standing", (None, False))
    _require_participation_lean(user, standing if voter == getattr(user, "pk", None) else False)
    if not article.is_visible:
        raise CommunityError(_("به این خبر نمی‌توان رأی داد."))
    if enforce_limits and not _vote_rate_ok(user):
        raise CommunityError(_("در زمان کوتاهی رأی‌های زیادی داده‌اید؛ کمی بعد دوباره تلاش کنید."))
    if connection.vendor == "postgresql" and article.published_at is not None:
        return _article_vote_pg(article=article, user=user, value=value, toggle=toggle)
    # Only the writes in the transaction: on SQLite it holds the database's write lock.
    with write_transaction():
        old, new = _record_vote(model=ArticleVote, item_field="article", item_id=article.pk, user=user,
                                value=value, toggle=toggle)
        _article_counters(article.pk, old, new, published_at=article.published_at)
    return new


class QuickVote(NamedTuple):
    """What article_vote_quick did: `done` with the reader's vote afterwards (`value`)
    and the article's `slug`; or not done, and then `limit_counted` says whether this
    request already counted against the reader's vote rate limit (the full path must
    not count it again: article_vote(..., enforce_limits=False))."""

    done: bool
    value: int = 0
    slug: str = ""
    limit_counted: bool = False


NOT_DONE = QuickVote(done=False)


def article_vote_quick(*, article_id: int, user, value: int, toggle: bool = True) -> QuickVote:
    """article_vote for the common case, from the article's id alone: a signed-in reader
    in good standing, within the rate limit, voting on a public article. Whenever this
    path cannot decide (no reader, a value or an id out of range, the rate limit
    reached, or on PostgreSQL a function outcome other than 0: migration community
    0006) it changes nothing, and the caller calls article_vote, which finds the reason
    and says it in Persian. On PostgreSQL one round trip, counted against the rate limit
    before the function runs, so a banned reader's or a draft's attempt counts too (the
    full path counts only after its checks); on SQLite _article_vote_quick_plain.

    On PostgreSQL, outside a transaction the vote joins the process's group commit
    (_VOTES): votes on the same article that arrive while a batch of its votes is being
    written are written together, in one call and one commit (common/groupcommit.py).
    Inside one (a caller's atomic block) it is written alone, in that transaction."""
    if value not in (1, -1, 0) or not 0 < article_id <= MAX_ID or user is None or not user.is_authenticated:
        return NOT_DONE
    if connection.vendor != "postgresql":
        return _article_vote_quick_plain(article_id=article_id, user=user, value=value, toggle=toggle)
    if not _vote_rate_ok(user):
        return NOT_DONE  # the full path counts again (already over: no harm) and says so
    item = _QuickItem(article_id, user.pk, value, _verification_waived(user), toggle)
    if connection.in_atomic_block:
        outcome, new, slug = _votes_write([item])[0]
    else:
        outcome, new, slug = _VOTES.submit(item, key=article_id)
    if outcome != 0:  # including _ROLLED_BACK: the full path tries this vote alone
        return QuickVote(done=False, limit_counted=True)
    return QuickVote(done=True, value=new, slug=slug)


def _article_vote_quick_plain(*, article_id: int, user, value: int, toggle: bool) -> QuickVote:
    """article_vote_quick on SQLite: the article and the reader's standing in one read,
    then the vote in the write transaction, as article_vote does; NOT_DONE, having
    written nothing, when the read shows anything but a public article and a reader in
    good standing within the rate limit."""
    article = article_action_target(pk=article_id, user=user)
    if article is None or not article.is_visible or not _in_good_standing(article.voter_standing[1], user):
        return NOT_DONE
    if not _vote_rate_ok(user):
        return NOT_DONE  # the full path counts again (already over: no harm) and says so
    with write_transaction():
        old, new = _record_vote(model=ArticleVote, item_field="article", item_id=article_id, user=user,
                                value=value, toggle=toggle)
        _article_counters(article_id, old, new, published_at=article.published_at)
    return QuickVote(done=True, value=new, slug=article.slug)


class _QuickItem(NamedTuple):
    article_id: int
    user_id: int
    value: int
    verified_ok: bool
    toggle: bool


def _votes_write(items) -> list[tuple[int, int, str]]:
    """Write quick votes in one call of didgah_article_votes_checked() (migration
    community 0006) on this thread's connection: (outcome, new value, slug) for each,
    in order. Outside a transaction the call is its own, so all of them commit together
    or, if it fails, none does."""
    with connection.cursor() as cur:
        cur.execute("SELECT outcome, new_value, slug FROM didgah_article_votes_checked("
                    "%s::bigint[], %s::bigint[], %s::int[], %s::boolean[], %s::boolean[], %s, %s, %s)",
                    [*(list(column) for column in zip(*items)), timezone.now(), rules.HOT_EPOCH,
                     float(rules.HOT_WINDOW_SECONDS)])
        return cur.fetchall()


# Errors after which the server has certainly written nothing of the call (it rolled
# back): a deadlock or serialization failure (class 40), a lock or statement timeout
# (55P03, 57014), a constraint (class 23). Any other error, a lost connection above
# all, may have come after the commit: trying those votes again could apply them twice
# (a toggle would withdraw them), so it is raised and the request fails as before.
_ROLLED_BACK_STATES = ("40", "55P03", "57014", "23")
_ROLLED_BACK = (3, 0, None)


def _votes_write_grouped(items) -> list[tuple[int, int, str | None]]:
    """_votes_write for the group commit: a call that certainly rolled back answers
    _ROLLED_BACK for each of its votes, so each takes the full path on its own
    request's connection instead of failing with the others."""
    try:
        return _votes_write(items)
    except DatabaseError as exc:
        state = getattr(exc.__cause__, "sqlstate", None) or ""
        if not state.startswith(_ROLLED_BACK_STATES):
            raise
        logger.warning("a batch of %d quick votes rolled back (%s); each takes the full path", len(items), state)
        return [_ROLLED_BACK] * len(items)


# One per process, batches per article: a worker's threads share it (didgah/serve.py
# gives each worker several).
_VOTES = GroupCommit(_votes_write_grouped)


def _article_vote_pg(*, article: Article, user, value: int, toggle: bool) -> int:
    """article_vote on PostgreSQL: the vote row and the article's counters and hot in
    one call of didgah_article_vote() (migration community 0003: the same rules as
    _record_vote and _article_counters), so one round trip and, outside a caller's
    transaction, its own transaction. The hot article's row is then locked only while
    the server runs it and commits, not while the request's Python comes back between
    statements: on one popular article that lock is what bounds votes per second."""
    with connection.cursor() as cur:
        cur.execute("SELECT old_value, new_value FROM didgah_article_vote(%s, %s, %s, %s, %s, %s)",
                    [article.pk, user.pk, value, toggle, timezone.now(), rules.hot_age_term(article.published_at)])
        return cur.fetchone()[1]


def _hot_sql(points: str) -> str:
    """rules.hot_score in SQL, from an SQL expression for the points and a parameter
    for the age term (which depends only on published_at, so Python computes it)."""
    if connection.vendor == "postgresql":
        # float8: LOG of a numeric is computed to numeric's precision, forty times slower.
        return f"ROUND((SIGN(({points})::float8) * LOG(GREATEST(ABS(({points})::float8), 1)) + %s)::numeric, 7)"
    return f"ROUND(SIGN({points}) * LOG(10, MAX(ABS({points}), 1)) + %s, 7)"


def _article_counters(article_id: int, old: int, new: int, published_at: datetime | None = None) -> None:
    """Apply a vote change to the article's counters, and its hot score from the new
    counters in the same UPDATE: the row lock is then held for one statement and the
    commit, which is what bounds votes per second on one article."""
    up, down = _deltas(old, new)
    if not (up or down):
        return
    if published_at is None:
        Article.objects.filter(pk=article_id).update(
            votes_up=F("votes_up") + up, votes_down=F("votes_down") + down, score=F("score") + up - down,
        )
        article_hot_refresh(article_id=article_id)
        return
    q = connection.ops.quote_name
    points = f"({q('score')} + %s + {rules.COMMENT_WEIGHT} * {q('comment_count')})"
    age_term = rules.hot_age_term(published_at)
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {q(Article._meta.db_table)} SET votes_up = votes_up + %s, votes_down = votes_down + %s, "  # noqa: S608
            f"score = score + %s, hot = {_hot_sql(points)} WHERE id = %s",
            [up, down, up - down, up - down, up - down, age_term, article_id],
        )


def comment_vote(*, comment: Comment, user, value: int, toggle: bool = True, enforce_limits: bool = True) -> int:
    """Like (+1), dislike (−1), change or withdraw a vote on someone else's comment."""
    _check_vote_value(value)
    _require_participation_lean(user)
    if comment.author_id == user.pk:
        raise CommunityError(_("به دیدگاه خودتان نمی‌توانید رأی دهید."))
    if not comment.is_visible:
        raise CommunityError(_("به این دیدگاه نمی‌توان رأی داد."))
    if enforce_limits and not _vote_rate_ok(user):
        raise CommunityError(_("در زمان کوتاهی رأی‌های زیادی داده‌اید؛ کمی بعد دوباره تلاش کنید."))
    with write_transaction():
        old, new = _record_vote(model=CommentVote, item_field="comment", item_id=comment.pk, user=user,
                                value=value, toggle=toggle)
        _comment_counters(comment.pk, old, new)
        if old != new:
            threads_touch(article_ids=[comment.article_id])
    return new


def _comment_counters(comment_id: int, old: int, new: int) -> None:
    up, down = _deltas(old, new)
    if up or down:
        Comment.objects.filter(pk=comment_id).update(
            likes=F("likes") + up, dislikes=F("dislikes") + down, score=F("score") + up - down,
        )
        # The row is locked by the UPDATE above until we commit, so these counts are
        # the ones the Wilson bound must reflect.
        likes, dislikes = Comment.objects.filter(pk=comment_id).values_list("likes", "dislikes").get()
        Comment.objects.filter(pk=comment_id).update(wilson=rules.wilson_lower_bound(likes, dislikes))


@transaction.atomic
def reader_forget(*, user) -> None:
    """Before an account is deleted: withdraw its votes (keeping counters equal to vote
    rows), close its open reports, detach nothing else (comments keep author=NULL)."""
    touched = set(CommentVote.objects.filter(user=user).values_list("comment__article_id", flat=True))
    touched.update(Comment.objects.filter(author=user).values_list("article_id", flat=True))
    for vote in ArticleVote.objects.select_for_update().filter(user=user):
        vote.delete()
        _article_counters(vote.article_id, vote.value, 0)
    for vote in CommentVote.objects.select_for_update().filter(user=user):
        vote.delete()
        _comment_counters(vote.comment_id, vote.value, 0)
    for report in Report.objects.filter(reporter=user, resolved_at__isnull=True):
        Comment.objects.filter(pk=report.comment_id, open_reports__gt=0).update(open_reports=F("open_reports") - 1)
    Report.objects.filter(reporter=user).delete()
    # Their comments will read «کاربر حذف‌شده», and their votes are gone from the counts.
    threads_touch(article_ids=touched)
