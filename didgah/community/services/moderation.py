"""Moderators' decisions on comments, and readers' reports."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from didgah.accounts.models import Profile
from didgah.common.ratelimit import hit, window_remaining

from .. import conf, rules, signals
from ..errors import CommunityError, RateLimited
from ..models import ArticleVote, Comment, CommentVote, ModerationLog, Report
from .counters import counters_recount, threads_touch
from .standing import moderation_log, participation_require

# In post-moderation, this many open reports take a comment off the page until a
# moderator looks: one reader cannot hide a comment, three independent ones can.
REPORTS_TO_HOLD = 3
# A report's note is a sentence or two for the moderator, not an essay.
REPORT_NOTE_MAX = 500


@transaction.atomic
def comment_moderate(*, comment: Comment, actor, approve: bool, reason: str = "") -> Comment:
    """A moderator approves or rejects a comment; its open reports are resolved."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    newly_approved = approve and comment.status != Comment.Status.APPROVED
    comment.status = Comment.Status.APPROVED if approve else Comment.Status.REJECTED
    comment.moderation_note = reason[:300]
    comment.open_reports = 0
    comment.updated_at = timezone.now()
    comment.save(update_fields=["status", "moderation_note", "open_reports", "updated_at"])
    Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())
    if newly_approved and comment.author_id:
        Profile.objects.filter(user_id=comment.author_id).update(approved_comments=F("approved_comments") + 1)
    moderation_log(ModerationLog.Action.APPROVE if approve else ModerationLog.Action.REJECT, actor=actor,
                   comment=comment, reader=comment.author, reason=reason)
    signals.comment_moderated.send(sender=Comment, comment=comment, actor=actor, approved=approve)
    if newly_approved:
        signals.comment_published.send(sender=Comment, comment=comment)
    signals.send_on_commit(signals.comment_changed, comment_id=comment.pk, article_id=comment.article_id,
                           change="approved" if approve else "rejected")
    return comment


def comment_report(*, comment: Comment, reporter, reason: str, note: str = "") -> Report:
    """A reader flags a comment for the moderators. `comment` must have come through
    selectors.comment_access (a comment the reporter can see)."""
    if not hit(f"report:{reporter.pk}", limit=conf.reports_per_hour(), window_seconds=3600):
        raise RateLimited(_("در این ساعت گزارش‌های زیادی فرستاده‌اید؛ کمی بعد دوباره تلاش کنید."),
                          retry_after=window_remaining(3600))
    participation_require(user=reporter)
    if not comment.is_visible:
        raise CommunityError(_("این دیدگاه را نمی‌توان گزارش کرد."))
    if comment.author_id == reporter.pk:
        raise CommunityError(_("نمی‌توانید دیدگاه خودتان را گزارش کنید."))
    if reason not in Report.Reason.values:
        raise CommunityError(_("دلیل گزارش را انتخاب کنید."), field="reason")
    note_text, _problem = rules.clean_comment_text(note, max_length=REPORT_NOTE_MAX)
    with transaction.atomic():
        try:
            with transaction.atomic():
                report = Report.objects.create(comment=comment, reporter=reporter, reason=reason, note=note_text)
        except IntegrityError as exc:
            raise CommunityError(_("این دیدگاه را پیش‌تر گزارش کرده‌اید.")) from exc
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.open_reports += 1
        fields = ["open_reports"]
        moderation_log(ModerationLog.Action.REPORT, actor=reporter, comment=comment, reader=comment.author,
                       reason=str(report.get_reason_display()))
        if comment.open_reports >= REPORTS_TO_HOLD and comment.is_visible:
            comment.status = Comment.Status.PENDING
            comment.updated_at = timezone.now()
            fields += ["status", "updated_at"]
            moderation_log(ModerationLog.Action.AUTO_HOLD, comment=comment, reader=comment.author,
                           reason=_("گزارش‌های متعدد"))
        comment.save(update_fields=fields)
        if "status" in fields:
            signals.comment_held.send(sender=Comment, comment=comment, reason=_("گزارش‌های متعدد"))
            signals.send_on_commit(signals.comment_changed, comment_id=comment.pk, article_id=comment.article_id,
                                   change="held")
    return report


@transaction.atomic
def reports_dismiss(*, comment: Comment, actor, reason: str = "") -> None:
    Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())
    Comment.objects.filter(pk=comment.pk).update(open_reports=0)
    moderation_log(ModerationLog.Action.DISMISS, actor=actor, comment=comment, reader=comment.author, reason=reason)


@transaction.atomic
def reader_forget(*, user) -> None:
    """Before an account is deleted: its votes go and the counters are recounted without
    them, its open reports are closed; its comments stay (shown as «کاربر حذف‌شده»)."""
    article_ids = set(ArticleVote.objects.filter(user=user).values_list("article_id", flat=True))
    comment_ids = set(CommentVote.objects.filter(user=user).values_list("comment_id", flat=True))
    article_ids |= set(Comment.objects.filter(author=user).values_list("article_id", flat=True))
    article_ids |= set(Comment.objects.filter(pk__in=comment_ids).values_list("article_id", flat=True))
    ArticleVote.objects.filter(user=user).delete()
    CommentVote.objects.filter(user=user).delete()
    for report in Report.objects.filter(reporter=user, resolved_at__isnull=True):
        Comment.objects.filter(pk=report.comment_id, open_reports__gt=0).update(open_reports=F("open_reports") - 1)
    Report.objects.filter(reporter=user).delete()
    counters_recount(article_ids=article_ids, comment_ids=comment_ids)


def author_threads_touch(*, user_id: int) -> None:
    """An author's name, place or account changed: every list showing their comments."""
    threads_touch(article_ids=Comment.objects.filter(author_id=user_id).values_list("article_id", flat=True)
                  .distinct())
