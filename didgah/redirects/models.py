from django.db import models
from django.utils.translation import gettext_lazy as _

from didgah.news.models import Article


class Redirect(models.Model):
    """An address of the site this one replaced (an imported post's permalink, its feed)
    that answers 301 to where the same thing lives now.

    Looked up only when nothing else answered (middleware.RedirectFallbackMiddleware),
    so ordinary requests never read this table. An article's redirect follows the
    article: its current address is worked out when asked, so a later change of title
    costs no second hop."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("صفحهٔ خبر")
        COMMENTS_FEED = "comments_feed", _("خوراک دیدگاه‌های خبر")
        URL = "url", _("نشانی دلخواه")

    old_path = models.CharField(
        _("نشانی قدیمی"), max_length=1000, unique=True,
        help_text=_("مسیر بدون نام میزبان و بدون / پایانی، مانند ‎/1399/05/slug یا ‎/?p=123"),
    )
    kind = models.CharField(_("نوع"), max_length=16, choices=Kind.choices, default=Kind.URL)
    article = models.ForeignKey(
        Article, verbose_name=_("خبر"), on_delete=models.CASCADE, null=True, blank=True, related_name="+",
    )
    target = models.CharField(_("نشانی تازه"), max_length=1000, blank=True,
                              help_text=_("برای نوع «نشانی دلخواه»: مسیری در همین وب‌گاه یا نشانی کامل."))
    note = models.CharField(_("از کجا"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("زمان ایجاد"), auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("ارجاع")
        verbose_name_plural = _("ارجاع‌ها")

    def __str__(self) -> str:
        return self.old_path
