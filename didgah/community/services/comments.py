"""Comments: posting, editing and deleting, each through one path and the ORM. The
article's comment count follows within a second or two (counters.counters_fold)."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from didgah import persian
from didgah.accounts.models import Profile
from didgah.common.personal import personal_changed
from didgah.common.ratelimit import hit, window_remaining
from didgah.news.models import Article

from .. import conf, rules, signals
from ..errors import CommunityError, RateLimited
from ..models import Comment, ModerationLog, WordRule
from .standing import moderation_log, participation_require

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


def _clean(body: str) -> str:
    text, problem = rules.clean_comment_text(body, max_length=conf.comment_max_length())
    if problem:
        raise CommunityError(problem, field="body")
    return text


def _initial_status(*, user, profile: Profile, suspect: bool) -> str:
    """Call inside the transaction that locked the author's profile row (its approved
    count may have changed since the request read it)."""
    if user.is_staff:
        return Comment.Status.APPROVED
    if suspect:
        return Comment.Status.PENDING
    mode = conf.moderation_mode()
    if mode == conf.MODERATION_PRE:
        return Comment.Status.PENDING
    if mode == conf.MODERATION_UNTIL_APPROVED and profile.approved_comments < conf.moderation_threshold():
        return Comment.Status.PENDING
    return Comment.Status.APPROVED


def comment_rate_check(*, user) -> None:
    """Count one comment against the reader's limits; CommunityError once one is
    reached. Call before any work on the text."""
    for key, limit, window in ((f"comment-m:{user.pk}", conf.comments_per_minute(), 60),
                               (f"comment-h:{user.pk}", conf.comments_per_hour(), 3600)):
        if not hit(key, limit=limit, window_seconds=window):
            raise RateLimited(_("در زمان کوتاهی دیدگاه‌های زیادی فرستاده‌اید؛ کمی بعد دوباره تلاش کنید."),
                              retry_after=window_remaining(window))


def comment_create(*, article: Article, author, body: str, parent: Comment | None = None,
                   enforce_limits: bool = True) -> Comment:
    """Post a comment (or a reply to `parent`) as `author`; it may come back pending
    (moderation). `enforce_limits=False` is for trusted bulk writers (demo content,
    imports), never for requests. `article` and `parent` must have come through
    selectors.article_access / comment_access. CommunityError with a Persian message
    when a rule refuses it."""
    if enforce_limits:
        comment_rate_check(user=author)
    participation_require(user=author)
    if not article.is_visible:
        raise CommunityError(_("این خبر دیدگاه نمی‌پذیرد."))
    text = _clean(body)
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
    with transaction.atomic():
        # The author's row, locked: their twin submissions and their approved count
        # are decided one at a time, while other readers' comments go on in parallel.
        profile = Profile.objects.select_for_update().get(user=author)
        now = timezone.now()
        since = now - timedelta(seconds=conf.duplicate_window_seconds())
        if Comment.objects.filter(author=author, article_id=article.pk, created_at__gte=since, body=text).exists():
            raise CommunityError(_("همین دیدگاه را لحظاتی پیش فرستاده‌اید."), field="body")
        status = _initial_status(user=author, profile=profile, suspect=suspect)
        comment = Comment.objects.create(article=article, author=author, parent=parent, root_id=root_id,
                                         depth=depth, body=text, status=status, updated_at=now)
        if suspect:
            moderation_log(ModerationLog.Action.AUTO_HOLD, comment=comment, reader=author, reason=_("واژهٔ مشکوک"))
            signals.comment_held.send(sender=Comment, comment=comment, reason=_("واژهٔ مشکوک"))
        if status == Comment.Status.APPROVED:
            Profile.objects.filter(pk=profile.pk).update(approved_comments=F("approved_comments") + 1)
            signals.comment_published.send(sender=Comment, comment=comment)
        signals.send_on_commit(signals.comment_changed, comment_id=comment.pk, article_id=article.pk, change="posted")
        personal_changed(user_id=author.pk)
    return comment


def comment_editable(*, comment: Comment, user, now=None) -> bool:
    """Whether `user` may still edit `comment`: its author, within the edit window."""
    now = now or timezone.now()
    return (
        user is not None and user.is_authenticated and comment.author_id == user.pk and not comment.is_deleted
        and comment.status != Comment.Status.REJECTED
        and now - comment.created_at <= timedelta(minutes=conf.comment_edit_minutes())
    )


def comment_edit(*, comment: Comment, user, body: str) -> Comment:
    """The author changes their comment's text within the edit window; a suspect word
    sends it back to the queue."""
    text = _clean(body)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.author_id != getattr(user, "pk", None):
            raise CommunityError(_("فقط نویسندهٔ دیدگاه می‌تواند آن را ویرایش کند."))
        if not comment_editable(comment=comment, user=user):
            raise CommunityError(_("زمان ویرایش این دیدگاه (%(n)s دقیقه پس از ارسال) گذشته است.") % {
                "n": persian.to_persian_digits(conf.comment_edit_minutes())})
        participation_require(user=user)
        if text == comment.body:
            return comment
        if _screen_text(text) and not user.is_staff:
            comment.status = Comment.Status.PENDING
            moderation_log(ModerationLog.Action.AUTO_HOLD, comment=comment, reader=user,
                           reason=_("واژهٔ مشکوک پس از ویرایش"))
            signals.comment_held.send(sender=Comment, comment=comment, reason=_("واژهٔ مشکوک پس از ویرایش"))
        comment.body = text
        comment.edited_at = comment.updated_at = timezone.now()
        comment.save(update_fields=["body", "edited_at", "status", "updated_at"])
        signals.send_on_commit(signals.comment_changed, comment_id=comment.pk, article_id=comment.article_id,
                               change="edited")
        personal_changed(user_id=user.pk)
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
    comment.is_deleted = True
    comment.updated_at = timezone.now()
    comment.save(update_fields=["is_deleted", "updated_at"])
    moderation_log(ModerationLog.Action.DELETE, actor=user, comment=comment, reader=user)
    signals.send_on_commit(signals.comment_changed, comment_id=comment.pk, article_id=comment.article_id,
                           change="deleted")
    personal_changed(user_id=user.pk)
    return comment
