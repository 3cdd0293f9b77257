from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .countries import ReaderCountries


class Profile(models.Model):
    """What a reader adds to the auth user: the public name and place, and standing.

    `display_key` and `username_key` are the names' look-alike keys (names.name_key);
    their unique constraints are what stops «علي» or «علې» from posing as «علی»."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("کاربر"), on_delete=models.CASCADE, related_name="profile",
    )
    display_name = models.CharField(_("نام نمایشی"), max_length=40)
    # A skeleton can be longer than its name (one letter may stand for two).
    display_key = models.CharField(_("کلید نام نمایشی"), max_length=200, unique=True, editable=False)
    username_key = models.CharField(_("کلید نام کاربری"), max_length=400, unique=True, editable=False)
    city = models.CharField(_("شهر"), max_length=60, blank=True)
    # ISO 3166-1 alpha-2 codes; the name shown is django-countries' Persian one.
    country = CountryField(_("کشور"), countries=ReaderCountries, blank=True)
    email_verified_at = models.DateTimeField(_("زمان تأیید رایانامه"), null=True, blank=True)
    suspended_until = models.DateTimeField(_("تعلیق تا"), null=True, blank=True)
    banned = models.BooleanField(_("مسدود"), default=False)
    status_reason = models.CharField(_("دلیل تعلیق یا مسدودی"), max_length=300, blank=True)
    approved_comments = models.PositiveIntegerField(_("دیدگاه‌های تأییدشده"), default=0)
    created_at = models.DateTimeField(_("زمان نام‌نویسی"), auto_now_add=True)

    class Meta:
        verbose_name = _("نمایهٔ خواننده")
        verbose_name_plural = _("نمایه‌های خوانندگان")

    def __str__(self) -> str:
        return self.display_name

    @property
    def country_name(self) -> str:
        return str(self.country.name) if self.country else ""

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



class OutgoingMail(models.Model):
    """A mail written by a request and sent later by the scheduler process
    (services.outgoing_mail_send_due): no request waits on the mail server, and how long
    a request takes no longer tells whether an address has an account."""

    to = models.EmailField(_("گیرنده"), max_length=254)
    subject = models.CharField(_("موضوع"), max_length=200)
    body = models.TextField(_("متن"))
    # An HTML alternative of the same text (right-to-left), when the writer gives one.
    html_body = models.TextField(_("متن نامهٔ قالب‌دار"), blank=True)
    # Extra headers, such as List-Unsubscribe for the notifications' mail.
    headers = models.JSONField(_("سرآیندها"), default=dict, blank=True)
    created_at = models.DateTimeField(_("زمان ساخت"), auto_now_add=True)
    sent_at = models.DateTimeField(_("زمان فرستادن"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("تلاش‌ها"), default=0)
    # A failed mail waits before its next try, longer after each failure.
    next_attempt_at = models.DateTimeField(_("تلاش بعدی"), default=timezone.now)
    last_error = models.CharField(_("آخرین خطا"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("نامهٔ در صف")
        verbose_name_plural = _("نامه‌های در صف")
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="outgoingmail_due")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
