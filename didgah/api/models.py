from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A reader's personal API token. Only the SHA-256 of the secret is stored: the
    secret is shown once, when it is made, and a leaked database reveals no token."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("کاربر"), on_delete=models.CASCADE, related_name="api_tokens",
    )
    name = models.CharField(_("نام"), max_length=60)
    # The first characters of the secret, shown in the list so a reader can tell tokens apart.
    prefix = models.CharField(_("آغاز توکن"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("زمان ساخت"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("آخرین استفاده"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("زمان ابطال"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("توکن API")
        verbose_name_plural = _("توکن‌های API")
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_active")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
