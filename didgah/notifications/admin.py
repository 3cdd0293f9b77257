from django.contrib import admin

from .models import Notification, NotificationSettings, ThreadFollow


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are made by the services, never by hand."""

    list_display = ("recipient", "kind", "actor", "article", "delivery", "created_at", "read_at", "emailed_at")
    list_filter = ("kind", "delivery")
    raw_id_fields = ("recipient", "actor", "comment", "article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ("user", "replies", "mentions", "follows", "moderation", "last_digest_on")
    raw_id_fields = ("user",)


@admin.register(ThreadFollow)
class ThreadFollowAdmin(admin.ModelAdmin):
    list_display = ("user", "article", "created_at")
    raw_id_fields = ("user", "article")
