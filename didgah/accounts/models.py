from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .countries import COUNTRY_CHOICES, country_name


class Profile(models.Model):
    """What a reader adds to the auth user: the public name and place, and standing.

    `display_key` and `username_key` are the names' search keys (see names.name_key);
    their unique constraints are what stops «علي» from posing as «علی»."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("کاربر"), on_delete=models.CASCADE, related_name="profile",
    )
    display_name = models.CharField(_("نام نمایشی"), max_length=40)
    display_key = models.CharField(max_length=80, unique=True, editable=False)
    username_key = models.CharField(max_length=160, unique=True, editable=False)
    city = models.CharField(_("شهر"), max_length=60, blank=True)
    country = models.CharField(_("کشور"), max_length=2, choices=COUNTRY_CHOICES, blank=True)
    email_verified_at = models.DateTimeField(_("زمان تأیید رایانامه"), null=True, blank=True)
    suspended_until = models.DateTimeField(_("تعلیق تا"), null=True, blank=True)
    banned = models.BooleanField(_("مسدود"), default=False)
    status_reason = models.CharField(_("دلیل تعلیق یا مسدودی"), max_length=300, blank=True)
    approved_comments = models.PositiveIntegerField(_("دیدگاه‌های تأییدشده"), default=0)
    created_at = models.DateTimeField(_("زمان عضویت"), auto_now_add=True)

    class Meta:
        verbose_name = _("نمایهٔ خواننده")
        verbose_name_plural = _("نمایه‌های خوانندگان")

    def __str__(self) -> str:
        return self.display_name

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def place(self) -> str:
        """«شهر، کشور», or whichever of the two the reader gave."""
        return "، ".join(part for part in (self.city, self.country_name) if part)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def is_suspended(self, now=None) -> bool:
        return self.suspended_until is not None and self.suspended_until > (now or timezone.now())

    def may_participate(self, now=None) -> bool:
        return not self.banned and not self.is_suspended(now)


class ReaderSession(AbstractBaseSession):
    """Django's session row, plus the id of the reader signed in with it (None for a
    visitor). The column lets one query read a session together with its reader
    (accounts.sessions) instead of one query for each; a reader's sessions go with
    the reader's row. The session data stays the authority: the column only says
    which user row to read beside it, and Django's checks run on what was read."""

    # No constraint in the database: a session saved just as its reader is deleted must
    # not fail the request; deleting a reader through Django still deletes their sessions.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+", db_constraint=False)

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("نشست")
        verbose_name_plural = _("نشست‌ها")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
