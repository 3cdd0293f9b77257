from django.db import models
from django.utils.translation import gettext_lazy as _

from didgah.common.templatetags.fa import jalali
from didgah.news.models import Source


class FeedState(models.Model):
    """How and when one source's feed is polled, and how healthy it is.

    One-to-one with news.Source so the outlet itself stays the news app's concern."""

    source = models.OneToOneField(
        Source, verbose_name=_("منبع"), on_delete=models.CASCADE, related_name="feed_state",
    )
    poll_enabled = models.BooleanField(_("دریافت خودکار"), default=True)
    interval = models.PositiveIntegerField(_("فاصلهٔ دریافت (ثانیه)"), default=15 * 60)
    hold_for_review = models.BooleanField(
        _("نگه‌داشتن به‌صورت پیش‌نویس برای بازبینی"), default=False,
        help_text=_("اگر روشن باشد، خبرهای این منبع پیش از انتشار بازبینی می‌شوند."),
    )
    fetch_full_text = models.BooleanField(
        _("دریافت متن کامل از صفحهٔ خبر"), default=False,
        help_text=_("برای خوراک‌هایی که فقط خلاصه می‌دهند."),
    )

    etag = models.CharField(_("شناسهٔ نسخهٔ خوراک"), max_length=500, blank=True)
    last_modified = models.CharField(_("زمان آخرین تغییر خوراک"), max_length=100, blank=True)
    next_poll_at = models.DateTimeField(_("دریافت بعدی"), null=True, blank=True, db_index=True)
    last_polled_at = models.DateTimeField(_("آخرین تلاش"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("آخرین دریافت موفق"), null=True, blank=True)
    last_error_at = models.DateTimeField(_("زمان آخرین خطا"), null=True, blank=True)
    last_error = models.TextField(_("آخرین خطا"), blank=True)
    last_warning = models.TextField(_("آخرین هشدار"), blank=True)
    failure_count = models.PositiveIntegerField(_("خطاهای پیاپی"), default=0)
    entries_taken = models.PositiveIntegerField(_("خبرهای برداشته‌شده"), default=0)
    entries_skipped = models.PositiveIntegerField(_("خبرهای کنارگذاشته"), default=0)
    skip_reasons = models.JSONField(_("دلیل‌های کنارگذاشتن"), default=dict, blank=True)

    class Meta:
        verbose_name = _("وضعیت خوراک")
        verbose_name_plural = _("وضعیت خوراک‌ها")

    def __str__(self) -> str:
        return str(self.source)


class FetchLog(models.Model):
    """One poll of one feed: what came back and what became of its entries."""

    class Outcome(models.TextChoices):
        OK = "ok", _("موفق")
        NOT_MODIFIED = "not_modified", _("بدون تغییر")
        ERROR = "error", _("خطا")

    source = models.ForeignKey(Source, verbose_name=_("منبع"), on_delete=models.CASCADE, related_name="fetch_logs")
    started_at = models.DateTimeField(_("زمان"), db_index=True)
    duration_ms = models.PositiveIntegerField(_("مدت (میلی‌ثانیه)"), default=0)
    url = models.CharField(_("نشانی"), max_length=1000, blank=True)
    status_code = models.PositiveSmallIntegerField(_("کد پاسخ"), null=True, blank=True)
    bytes_received = models.PositiveIntegerField(_("حجم"), default=0)
    outcome = models.CharField(_("نتیجه"), max_length=16, choices=Outcome.choices)
    error = models.TextField(_("خطا"), blank=True)
    warning = models.TextField(_("هشدار"), blank=True)
    entries_seen = models.PositiveIntegerField(_("خبرهای خوراک"), default=0)
    entries_taken = models.PositiveIntegerField(_("برداشته‌شده"), default=0)
    entries_skipped = models.PositiveIntegerField(_("کنارگذاشته"), default=0)
    # Entries this source gave us before: neither new nor a problem.
    entries_known = models.PositiveIntegerField(_("تکراری از همین منبع"), default=0)
    # [{"entry": guid-or-link-or-title, "reason": code}, ...], capped per poll.
    skipped = models.JSONField(_("کنارگذاشته‌ها"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("گزارش دریافت")
        verbose_name_plural = _("گزارش‌های دریافت")

    def __str__(self) -> str:
        # «پیک کویر، جمعه ۱۴ آذر ۱۴۰۵ - ۱۰:۴۶، موفق»: Solar Hijri in the site's time.
        return "، ".join(str(part) for part in (self.source, jalali(self.started_at), self.get_outcome_display()) if part)
