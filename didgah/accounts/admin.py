from datetime import timedelta

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """Standing (suspension, ban) changes only through the actions, which go through the
    community services so each change is logged; the fields are read-only here."""

    list_display = ("display_name", "user", "city", "country", "email_verified_at", "banned", "suspended_until",
                    "approved_comments")
    list_filter = ("banned", "country")
    search_fields = ("display_name", "display_key", "user__username", "user__email")
    readonly_fields = ("user", "display_key", "username_key", "email_verified_at", "suspended_until", "banned",
                       "status_reason", "approved_comments", "created_at")
    fields = ("user", "display_name", "display_key", "username_key", "city", "country", "email_verified_at",
              "banned", "suspended_until", "status_reason", "approved_comments", "created_at")
    actions = ["suspend_day", "suspend_week", "suspend_month", "ban", "reinstate"]

    def save_model(self, request, obj, form, change):
        # Through the service, so the name's uniqueness key follows the name.
        services.profile_update(user=obj.user, display_name=obj.display_name, city=obj.city, country=obj.country)

    def has_add_permission(self, request):
        return False

    def _apply(self, request, queryset, *, days=None, ban=False, reinstate=False):
        from didgah.community import services as community_services

        reason = (request.POST.get("reason") or "").strip()
        if not reinstate and not reason:
            self.message_user(request, _("دلیل را بنویسید (به خواننده نشان داده می‌شود)."), messages.ERROR)
            return
        for profile in queryset.select_related("user"):
            if reinstate:
                community_services.reader_reinstate(user=profile.user, actor=request.user, reason=reason)
            elif ban:
                community_services.reader_ban(user=profile.user, reason=reason, actor=request.user)
            else:
                community_services.reader_suspend(user=profile.user, until=timezone.now() + timedelta(days=days),
                                                  reason=reason, actor=request.user)
        self.message_user(request, _("انجام شد."))

    @admin.action(description=_("تعلیق برای یک روز"))
    def suspend_day(self, request, queryset):
        self._apply(request, queryset, days=1)

    @admin.action(description=_("تعلیق برای یک هفته"))
    def suspend_week(self, request, queryset):
        self._apply(request, queryset, days=7)

    @admin.action(description=_("تعلیق برای یک ماه"))
    def suspend_month(self, request, queryset):
        self._apply(request, queryset, days=30)

    @admin.action(description=_("مسدودکردن"))
    def ban(self, request, queryset):
        self._apply(request, queryset, ban=True)

    @admin.action(description=_("رفع تعلیق یا مسدودی"))
    def reinstate(self, request, queryset):
        self._apply(request, queryset, reinstate=True)
