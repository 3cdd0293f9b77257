from django.contrib import admin

from . import services
from .models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """Standing (suspension, ban) is read-only here: it changes only through the actions
    the community app adds to this admin (didgah/community/admin.py), which log each
    change."""

    list_display = ("display_name", "user", "city", "country", "email_verified_at", "banned", "suspended_until",
                    "approved_comments")
    list_filter = ("banned", "country")
    search_fields = ("display_name", "display_key", "user__username", "user__email")
    readonly_fields = ("user", "display_key", "username_key", "email_verified_at", "suspended_until", "banned",
                       "status_reason", "approved_comments", "created_at")
    fields = ("user", "display_name", "display_key", "username_key", "city", "country", "email_verified_at",
              "banned", "suspended_until", "status_reason", "approved_comments", "created_at")

    def save_model(self, request, obj, form, change):
        # Through the service, so the name's uniqueness key follows the name.
        services.profile_update(user=obj.user, display_name=obj.display_name, city=obj.city, country=obj.country)

    def has_add_permission(self, request):
        return False
