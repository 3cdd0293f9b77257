from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from didgah.community.models import Comment
from didgah.news.models import Article
from didgah.persian import to_persian_digits


class Notification(models.Model):
    """One thing a reader is told: who did what, on which comment of which article.
    `delivery` is how it was to reach them by mail when it was made (their settings then);
    `emailed_at` is when its mail was queued, at once or in a digest (the digest's claim)."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("پاسخ به دیدگاه شما")
        MENTION = "mention", _("نام بردن از شما")
        FOLLOW = "follow", _("دیدگاه تازه در گفت‌وگویی که دنبال می‌کنید")
        APPROVED = "approved", _("تأیید دیدگاه شما")
        REJECTED = "rejected", _("ردِ دیدگاه شما")
        HELD = "held", _("رفتن دیدگاه شما به صف بررسی")

    class Delivery(models.TextChoices):
        SITE = "site", _("فقط در وب‌گاه")
        INSTANT = "instant", _("رایانامه بی‌درنگ")
        DIGEST = "digest", _("رایانامهٔ روزانه")

    # Kinds told once per reader and comment whatever happens again (a comment approved
    # a second time after reports tells its thread nothing new).
    ONCE_PER_COMMENT = ("reply", "mention", "follow")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("گیرنده"), on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(_("نوع"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("انجام‌دهنده"), on_delete=models.SET_NULL,
                              null=True, blank=True, related_name="+")
    comment = models.ForeignKey(Comment, verbose_name=_("دیدگاه"), on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+")
    article = models.ForeignKey(Article, verbose_name=_("خبر"), on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("دلیل"), max_length=300, blank=True)
    delivery = models.CharField(_("رساندن با رایانامه"), max_length=8, choices=Delivery.choices,
                                default=Delivery.SITE)
    created_at = models.DateTimeField(_("زمان"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("زمان خواندن"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("زمان رایانامه"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("اعلان")
        verbose_name_plural = _("اعلان‌ها")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["recipient", "created_at"], condition=Q(delivery="digest", emailed_at__isnull=True),
                         name="notification_digest_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "comment"], condition=Q(kind__in=["reply", "mention", "follow"]),
                                    name="one_thread_notification_per_comment"),
        ]

    def __str__(self) -> str:
        return f"{to_persian_digits(self.recipient_id)}: {self.get_kind_display()}"


class Choice(models.TextChoices):
    """What a reader chose for one group of notifications."""

    SITE = "site", _("فقط در وب‌گاه")
    INSTANT = "instant", _("در وب‌گاه و رایانامه بی‌درنگ")
    DIGEST = "digest", _("در وب‌گاه و رایانامهٔ روزانه")
    NONE = "none", _("هیچ")


class NotificationSettings(models.Model):
    """A reader's choices, one per group of kinds; a reader without a row has the
    defaults (everything in the site, no mail: mail only when they ask for it).
    `last_digest_on` is the site's day of their last digest: one a day."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("خواننده"), on_delete=models.CASCADE,
                                primary_key=True, related_name="notification_settings")
    replies = models.CharField(_("پاسخ به دیدگاه‌های من"), max_length=8, choices=Choice.choices, default=Choice.SITE)
    mentions = models.CharField(_("نام بردن از من"), max_length=8, choices=Choice.choices, default=Choice.SITE)
    follows = models.CharField(_("گفت‌وگوهایی که دنبال می‌کنم"), max_length=8, choices=Choice.choices,
                               default=Choice.SITE)
    moderation = models.CharField(_("بررسی دیدگاه‌های من"), max_length=8, choices=Choice.choices, default=Choice.SITE)
    last_digest_on = models.DateField(_("روز آخرین رایانامهٔ روزانه"), null=True, blank=True)

    # Notification kind → the field that decides it.
    GROUPS = {"reply": "replies", "mention": "mentions", "follow": "follows",
              "approved": "moderation", "rejected": "moderation", "held": "moderation"}
    FIELDS = ("replies", "mentions", "follows", "moderation")

    class Meta:
        verbose_name = _("تنظیمات اعلان")
        verbose_name_plural = _("تنظیمات اعلان‌ها")

    def __str__(self) -> str:
        return str(self.user_id)

    def choice_for(self, kind: str) -> str:
        return getattr(self, self.GROUPS[kind])


class ThreadFollow(models.Model):
    """A reader follows an article's comments: each new one is a notification."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("خواننده"), on_delete=models.CASCADE,
                             related_name="thread_follows")
    article = models.ForeignKey(Article, verbose_name=_("خبر"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("از زمان"), auto_now_add=True)

    class Meta:
        verbose_name = _("دنبال کردن گفت‌وگو")
        verbose_name_plural = _("گفت‌وگوهای دنبال‌شده")
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="one_follow_per_reader_per_article")]
        indexes = [models.Index(fields=["article"], name="threadfollow_article")]

    def __str__(self) -> str:
        return f"{self.user_id}→{self.article_id}"
