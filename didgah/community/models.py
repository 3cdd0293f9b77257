from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from didgah.news.models import Article
from didgah.common.templatetags.fa import jalali
from didgah.persian import format_number, to_persian_digits


class Comment(models.Model):
    """A reader's comment: plain text (never markup), shown through the comment_html
    filter. Its counters (likes, dislikes, score, wilson) are folded in from the vote
    rows shortly after the votes (services.counters_fold); `updated_at` tells the fold
    which articles' comment counts to recount."""

    class Status(models.TextChoices):
        PENDING = "pending", _("در انتظار بررسی")
        APPROVED = "approved", _("تأییدشده")
        REJECTED = "rejected", _("ردشده")

    article = models.ForeignKey(Article, verbose_name=_("خبر"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("نویسنده"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("در پاسخ به"), on_delete=models.CASCADE, null=True, blank=True, related_name="replies",
    )
    # The top-level comment of the thread (null for a top-level comment): one query
    # fetches every reply on a page of threads.
    root = models.ForeignKey("self", verbose_name=_("دیدگاه آغاز رشته"), on_delete=models.CASCADE, null=True,
                             blank=True, related_name="+",
                             editable=False)
    depth = models.PositiveSmallIntegerField(_("ژرفا در رشته"), default=0, editable=False)
    # A comment brought in from another system (services.imports.comment_import) by
    # someone who has no account here: the name it was signed with, shown in place of a
    # reader's, and the address it gave, never shown, kept so that a reader who proves
    # that address (accounts' verification) can claim the comment.
    guest_name = models.CharField(_("نام نویسندهٔ مهمان"), max_length=200, blank=True)
    guest_email = models.EmailField(_("رایانامهٔ نویسندهٔ مهمان"), max_length=254, blank=True)
    body = models.TextField(_("متن"))
    status = models.CharField(_("وضعیت"), max_length=10, choices=Status.choices, default=Status.PENDING)
    moderation_note = models.CharField(_("یادداشت بررسی"), max_length=300, blank=True)
    is_deleted = models.BooleanField(_("حذف‌شده به دست نویسنده"), default=False)
    created_at = models.DateTimeField(_("زمان ارسال"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("زمان ویرایش"), null=True, blank=True)
    likes = models.PositiveIntegerField(_("پسند"), default=0, editable=False)
    dislikes = models.PositiveIntegerField(_("نپسند"), default=0, editable=False)
    score = models.IntegerField(_("امتیاز"), default=0, editable=False)
    wilson = models.FloatField(_("امتیاز رتبه‌بندی"), default=0, editable=False)
    open_reports = models.PositiveIntegerField(_("گزارش‌های باز"), default=0, editable=False)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now, db_index=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("دیدگاه")
        verbose_name_plural = _("دیدگاه‌ها")
        indexes = [
            models.Index(fields=["article", "root", "created_at"], name="comment_thread_time"),
            models.Index(fields=["article", "root", "-wilson"], name="comment_thread_best"),
            models.Index(fields=["status", "-created_at"], name="comment_queue"),
            models.Index(fields=["author", "article", "-created_at"], name="comment_author_recent"),
            # Claiming: the unclaimed guest comments signed with one address.
            models.Index(fields=["guest_email"], condition=Q(author__isnull=True) & ~Q(guest_email=""),
                         name="comment_guest_unclaimed"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#c-{self.pk}"

    @property
    def is_visible(self) -> bool:
        """Counted on the article and shown to everyone."""
        return self.status == self.Status.APPROVED and not self.is_deleted


class ArticleVote(models.Model):
    """A reader's vote on an article, the truth the article's counters are folded from.
    A withdrawn vote keeps its row with value 0, so the fold sees the change (its
    `updated_at`) and counts it."""

    # No index of its own: the unique (article, user) index leads with the article and
    # serves every look-up by article, and each index is one more write per vote.
    article = models.ForeignKey(Article, verbose_name=_("خبر"), on_delete=models.CASCADE, related_name="votes",
                                db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("خواننده"), on_delete=models.CASCADE,
                             related_name="article_votes")
    value = models.SmallIntegerField(_("رأی"))
    created_at = models.DateTimeField(_("زمان"), auto_now_add=True)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("رأی خبر")
        verbose_name_plural = _("رأی‌های خبر")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_vote_per_reader_per_article"),
            models.CheckConstraint(condition=Q(value__in=[1, 0, -1]), name="article_vote_is_up_down_or_none"),
        ]
        indexes = [models.Index(fields=["article", "value"], name="article_vote_tally")]

    def __str__(self) -> str:
        # «رأی موافق سارا به «…»»: the reader and the article by name (the admin's lists
        # bring both along, list_select_related), the vote in the site's words.
        kind = {1: _("موافق"), -1: _("مخالف")}.get(self.value, _("پس‌گرفتهٔ"))
        return _("رأی %(kind)s %(user)s به «%(article)s»") % {"kind": kind, "user": self.user, "article": self.article}


class CommentVote(models.Model):
    """A reader's like (+1) or dislike (−1) of a comment; 0 once withdrawn (as ArticleVote)."""

    # Indexed by the unique (comment, user) index, as ArticleVote's article.
    comment = models.ForeignKey(Comment, verbose_name=_("دیدگاه"), on_delete=models.CASCADE, related_name="votes",
                                db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("خواننده"), on_delete=models.CASCADE,
                             related_name="comment_votes")
    value = models.SmallIntegerField(_("رأی"))
    created_at = models.DateTimeField(_("زمان"), auto_now_add=True)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("رأی دیدگاه")
        verbose_name_plural = _("رأی‌های دیدگاه")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_vote_per_reader_per_comment"),
            models.CheckConstraint(condition=Q(value__in=[1, 0, -1]), name="comment_vote_is_like_dislike_or_none"),
        ]
        indexes = [models.Index(fields=["comment", "value"], name="comment_vote_tally")]

    def __str__(self) -> str:
        # «پسند سارا برای دیدگاه «…»», as ArticleVote's.
        kind = {1: _("پسند"), -1: _("نپسند")}.get(self.value, _("رأی پس‌گرفتهٔ"))
        return _("%(kind)s %(user)s برای دیدگاه «%(comment)s»") % {"kind": kind, "user": self.user, "comment": self.comment}


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("هرزنامه یا تبلیغ")
        ABUSE = "abuse", _("توهین یا آزار")
        HATE = "hate", _("نفرت‌پراکنی")
        PRIVACY = "privacy", _("افشای اطلاعات خصوصی")
        OFF_TOPIC = "off_topic", _("بی‌ربط به خبر")
        OTHER = "other", _("دلیل دیگر")

    comment = models.ForeignKey(Comment, verbose_name=_("دیدگاه"), on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("گزارش‌دهنده"), on_delete=models.CASCADE,
                                 related_name="comment_reports")
    reason = models.CharField(_("دلیل"), max_length=12, choices=Reason.choices)
    note = models.CharField(_("توضیح"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("زمان گزارش"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("زمان رسیدگی"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("گزارش")
        verbose_name_plural = _("گزارش‌ها")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader_per_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} – {to_persian_digits(self.comment_id)}"


class WordRule(models.Model):
    """A banned or suspect word, matched on its Persian search key."""

    class Kind(models.TextChoices):
        BANNED = "banned", _("ممنوع")
        SUSPECT = "suspect", _("مشکوک (به صف بررسی)")

    word = models.CharField(_("واژه یا عبارت"), max_length=100)
    key = models.CharField(_("کلید جست‌وجو"), max_length=200, editable=False)
    kind = models.CharField(_("نوع"), max_length=8, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "word"]
        verbose_name = _("واژهٔ پالایش")
        verbose_name_plural = _("واژه‌های پالایش")
        constraints = [models.UniqueConstraint(fields=["key", "kind"], name="word_rule_unique_key")]

    def __str__(self) -> str:
        return self.word


class ModerationLog(models.Model):
    class Action(models.TextChoices):
        APPROVE = "approve", _("تأیید دیدگاه")
        REJECT = "reject", _("رد دیدگاه")
        DELETE = "delete", _("حذف دیدگاه به دست نویسنده")
        AUTO_HOLD = "auto_hold", _("نگه‌داشتن خودکار در صف")
        REPORT = "report", _("گزارش دیدگاه")
        DISMISS = "dismiss", _("رد گزارش‌ها")
        SUSPEND = "suspend", _("تعلیق خواننده")
        BAN = "ban", _("مسدودکردن خواننده")
        REINSTATE = "reinstate", _("رفع تعلیق یا مسدودی")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("انجام‌دهنده"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    action = models.CharField(_("کار"), max_length=12, choices=Action.choices)
    comment = models.ForeignKey(Comment, verbose_name=_("دیدگاه"), on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("خواننده"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="+")
    reason = models.CharField(_("دلیل"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("زمان"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("رویداد بررسی")
        verbose_name_plural = _("گزارش کار بررسی")

    def __str__(self) -> str:
        if self.created_at is None:
            return str(self.get_action_display())
        return f"{self.get_action_display()}، {jalali(self.created_at)}"


class ThreadVersion(models.Model):
    """A number that changes whenever anything shown in an article's comment list changes
    (a comment posted, edited, deleted, moderated or voted on; an author's name or place;
    an author's account deleted), so the rendered list can be cached under it
    (selectors.thread_page). The fold bumps it for the articles whose comments or comment
    votes changed; other changes bump it where they happen (services.threads_touch). Its
    first value is random, so a cache that outlives the database (a restore, a test run)
    never meets a reused number."""

    article = models.OneToOneField(Article, verbose_name=_("خبر"), primary_key=True, on_delete=models.CASCADE,
                                   related_name="+")
    version = models.BigIntegerField(_("نسخه"), default=0)

    class Meta:
        verbose_name = _("نسخهٔ رشتهٔ دیدگاه‌ها")
        verbose_name_plural = _("نسخه‌های رشتهٔ دیدگاه‌ها")

    def __str__(self) -> str:
        # The version itself is a random number that tells an editor nothing: the
        # article's thread, by the article's title.
        return _("رشتهٔ دیدگاه‌های «%(article)s»") % {"article": self.article}


class FoldMark(models.Model):
    """Up to when the counters have been folded in from the rows (services.counters_fold).
    Kept in the database, so a fold process that is killed starts again from here and
    loses nothing."""

    name = models.CharField(_("نام"), max_length=40, primary_key=True)
    folded_until = models.DateTimeField(_("شمرده تا"))

    class Meta:
        verbose_name = _("نشانهٔ شمارش")
        verbose_name_plural = _("نشانه‌های شمارش")

    def __str__(self) -> str:
        # The one mark services.counters_fold keeps (its MARK), by what it counts.
        name = {"counters": _("شمارش رأی‌ها و دیدگاه‌ها")}.get(self.name, self.name)
        return _("%(name)s تا %(when)s") % {"name": name, "when": jalali(self.folded_until)}


class ViewHour(models.Model):
    """An article's views in one hour of the site's clock (the hour's start, as an
    instant): what the editors' dashboard plots. Written only by the view flush
    (viewcount.views_flush), from the same buffered counts it adds to
    Article.view_count; read only by the dashboard's selectors. Kept for
    VIEW_HOURS_KEEP_DAYS, then the flush drops it."""

    article = models.ForeignKey(Article, verbose_name=_("خبر"), on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(_("ساعت"))
    views = models.PositiveIntegerField(_("بازدید"), default=0)

    class Meta:
        verbose_name = _("بازدید ساعتی")
        verbose_name_plural = _("بازدیدهای ساعتی")
        constraints = [models.UniqueConstraint(fields=["article", "hour"], name="view_hour_once")]
        indexes = [models.Index(fields=["hour"], name="view_hour_time")]

    def __str__(self) -> str:
        # Without the article's title: the article's delete page lists its hours under it,
        # and a query for each would be many.
        return _("%(views)s بازدید، %(when)s") % {"views": format_number(self.views), "when": jalali(self.hour)}
