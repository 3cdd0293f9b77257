"""The moderation queue: comments filtered by state (pending, reported, approved,
rejected) with bulk actions; every action goes through the services, which log it."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from didgah import persian
from didgah.accounts.admin import ProfileAdmin
from didgah.accounts.models import Profile

from . import services
from .models import ArticleVote, Comment, CommentVote, ModerationLog, Report, WordRule


class ReasonActionForm(helpers.ActionForm):
    """The action bar gains a reason, recorded in the log and shown to the reader."""

    reason = forms.CharField(label=_("دلیل"), required=False, max_length=300)


class QueueFilter(admin.SimpleListFilter):
    title = _("صف بررسی")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("pending", _("در انتظار")), ("reported", _("گزارش‌شده")), ("approved", _("تأییدشده")),
                ("rejected", _("ردشده"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "reported":
            return queryset.filter(open_reports__gt=0)
        if value in {"pending", "approved", "rejected"}:
            return queryset.filter(status=value)
        return queryset


def _reason(request) -> str:
    return (request.POST.get("reason") or "").strip()


def _authors(queryset):
    seen = {}
    for comment in queryset.select_related("author"):
        if comment.author_id and comment.author_id not in seen:
            seen[comment.author_id] = comment.author
    return list(seen.values())


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    can_delete = False
    fields = ("reason", "note", "reporter", "created_at", "resolved_at")
    readonly_fields = fields


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    action_form = ReasonActionForm
    list_display = ("short_body", "author_name", "article", "status", "open_reports", "score", "created_at",
                    "is_deleted")
    list_filter = (QueueFilter, "status", "is_deleted", "created_at")
    list_select_related = ("article", "author__profile")
    search_fields = ("body", "author__username", "author__profile__display_name")
    date_hierarchy = "created_at"
    # Newest first: a moderator opens the list for what just came in (threads read oldest
    # first, which is the model's order).
    ordering = ("-created_at", "-id")
    readonly_fields = ("article", "author", "parent", "body", "status", "moderation_note", "is_deleted",
                       "created_at", "edited_at", "likes", "dislikes", "score", "open_reports")
    fields = readonly_fields
    inlines = [ReportInline]
    actions = ["approve", "reject", "dismiss_reports", "suspend_day", "suspend_week", "ban_authors"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    # A comment deleted here leaves no row for the fold to see: its article's count and
    # cached comment list are recounted at once.
    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            services.counters_recount(article_ids=[obj.article_id])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            article_ids = list(queryset.values_list("article_id", flat=True).distinct())
            super().delete_queryset(request, queryset)
            services.counters_recount(article_ids=article_ids)

    @admin.display(description=_("متن"))
    def short_body(self, obj):
        return obj.body[:80]

    @admin.display(description=_("نویسنده"))
    def author_name(self, obj):
        if obj.author is None:
            return obj.guest_name or _("کاربر حذف‌شده")
        profile = getattr(obj.author, "profile", None)
        return profile.display_name if profile else obj.author.get_username()

    @admin.action(description=_("تأیید دیدگاه‌های برگزیده"))
    def approve(self, request, queryset):
        for comment in queryset:
            services.comment_moderate(comment=comment, actor=request.user, approve=True, reason=_reason(request))
        self.message_user(request, ngettext("%d دیدگاه تأیید شد.", "%d دیدگاه تأیید شد.", queryset.count())
                          % queryset.count())

    @admin.action(description=_("رد دیدگاه‌های برگزیده"))
    def reject(self, request, queryset):
        for comment in queryset:
            services.comment_moderate(comment=comment, actor=request.user, approve=False, reason=_reason(request))
        self.message_user(request, _("دیدگاه‌های برگزیده رد شدند."))

    @admin.action(description=_("بستن گزارش‌ها (دیدگاه بماند)"))
    def dismiss_reports(self, request, queryset):
        for comment in queryset:
            services.reports_dismiss(comment=comment, actor=request.user, reason=_reason(request))
        self.message_user(request, _("گزارش‌ها بسته شدند."))

    def _suspend(self, request, queryset, days: int):
        reason = _reason(request)
        if not reason:
            self.message_user(request, _("برای تعلیق، دلیل را بنویسید (به خواننده نشان داده می‌شود)."), messages.ERROR)
            return
        until = timezone.now() + timedelta(days=days)
        for author in _authors(queryset):
            services.reader_suspend(user=author, until=until, reason=reason, actor=request.user)
        self.message_user(request, _("نویسندگان برگزیده تعلیق شدند."))

    @admin.action(description=_("تعلیق نویسندگان برای یک روز"))
    def suspend_day(self, request, queryset):
        self._suspend(request, queryset, 1)

    @admin.action(description=_("تعلیق نویسندگان برای یک هفته"))
    def suspend_week(self, request, queryset):
        self._suspend(request, queryset, 7)

    @admin.action(description=_("مسدودکردن نویسندگان"))
    def ban_authors(self, request, queryset):
        reason = _reason(request)
        if not reason:
            self.message_user(request, _("برای مسدودکردن، دلیل را بنویسید (به خواننده نشان داده می‌شود)."),
                              messages.ERROR)
            return
        for author in _authors(queryset):
            services.reader_ban(user=author, reason=reason, actor=request.user)
        self.message_user(request, _("نویسندگان برگزیده مسدود شدند."))


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("comment", "reason", "reporter", "created_at", "resolved_at")
    list_filter = ("reason", ("resolved_at", admin.EmptyFieldListFilter))
    list_select_related = ("comment", "reporter")
    readonly_fields = ("comment", "reporter", "reason", "note", "created_at", "resolved_at")

    def has_add_permission(self, request):
        return False


class WordRuleForm(forms.ModelForm):
    class Meta:
        model = WordRule
        fields = ["word", "kind"]

    def clean_word(self):
        word = persian.display_text(self.cleaned_data["word"]).strip()
        if not persian.search_key(word):
            raise forms.ValidationError(_("واژه خالی است."))
        return word


@admin.register(WordRule)
class WordRuleAdmin(admin.ModelAdmin):
    form = WordRuleForm
    list_display = ("word", "kind", "key")
    list_filter = ("kind",)
    search_fields = ("word", "key")

    def save_model(self, request, obj, form, change):
        # Stored with its search key: matching is done on keys (see rules.find_words).
        obj.key = persian.search_key(obj.word)
        super().save_model(request, obj, form, change)
        services.word_rules_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.word_rules_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.word_rules_changed()


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "actor", "reader", "comment", "reason")
    list_filter = ("action", "created_at")
    list_select_related = ("actor", "reader", "comment")
    search_fields = ("reason", "actor__username", "reader__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# A vote's name («رأی موافق سارا به «…»», models.ArticleVote.__str__) reads its reader and
# what was voted on, as the list's columns do: brought along with each row.
admin.site.register(ArticleVote, list_display=("article", "user", "value", "created_at"), raw_id_fields=("article", "user"),
                    list_select_related=("article", "user"))
admin.site.register(CommentVote, list_display=("comment", "user", "value", "created_at"), raw_id_fields=("comment", "user"),
                    list_select_related=("comment", "user"))


# A reader's standing (suspension, ban) is the community's: accounts' Profile admin,
# extended here with the actions that change it through the services (which log each
# change) and the same reason box in the action bar, and registered again. Accounts
# imports nothing of the community; importing its admin above makes sure its
# registration comes first.
admin.site.unregister(Profile)


@admin.register(Profile)
class ReaderProfileAdmin(ProfileAdmin):
    action_form = ReasonActionForm
    actions = ["suspend_day", "suspend_week", "suspend_month", "ban", "reinstate"]

    def _apply(self, request, queryset, *, days=None, ban=False, reinstate=False):
        reason = _reason(request)
        if not reinstate and not reason:
            self.message_user(request, _("دلیل را بنویسید (به خواننده نشان داده می‌شود)."), messages.ERROR)
            return
        for profile in queryset.select_related("user"):
            if reinstate:
                services.reader_reinstate(user=profile.user, actor=request.user, reason=reason)
            elif ban:
                services.reader_ban(user=profile.user, reason=reason, actor=request.user)
            else:
                services.reader_suspend(user=profile.user, until=timezone.now() + timedelta(days=days),
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
