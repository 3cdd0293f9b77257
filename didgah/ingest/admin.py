"""Source health in the editors' admin: feed state (with a «poll now» action), fetch logs,
and an inline on the Source page itself."""

from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from didgah.news.admin import SourceAdmin
from didgah.news.models import Source
from didgah.persian import format_number

from . import services
from .fetch import error_in_persian
from .mapping import SKIP_REASONS
from .models import FeedState, FetchLog

HEALTH_FIELDS = [
    "last_success_at", "last_polled_at", "next_poll_at", "failure_count", "last_error_at",
    "error_explained", "last_warning", "entries_taken", "entries_skipped", "skip_summary",
]


def _skip_summary(state: FeedState):
    reasons = sorted((state.skip_reasons or {}).items(), key=lambda kv: -kv[1])
    if not reasons:
        return "—"
    return format_html_join(
        "", "<div>{}: {}</div>", ((SKIP_REASONS.get(code, code), format_number(n)) for code, n in reasons)
    )


class FeedStateInline(admin.StackedInline):
    """Shown on each Source's admin page: how its feed is polled and how healthy it is."""

    model = FeedState
    can_delete = False
    max_num = 1
    fields = ["poll_enabled", "interval", "hold_for_review", "fetch_full_text", *HEALTH_FIELDS]
    readonly_fields = HEALTH_FIELDS
    verbose_name = _("خوراک و سلامت آن")

    @admin.display(description=_("دلیل‌های کنارگذاشتن"))
    def skip_summary(self, obj):
        return _skip_summary(obj)

    @admin.display(description=_("آخرین خطا"))
    def error_explained(self, obj):
        return error_in_persian(obj.last_error) or "—"


# The Source page shows its feed's state: news' SourceAdmin, extended and registered
# again from here, because the feed is ingest's and news imports nothing of ingest.
# Importing news.admin above makes sure its registration comes first.
admin.site.unregister(Source)


@admin.register(Source)
class SourceWithFeedAdmin(SourceAdmin):
    inlines = [*SourceAdmin.inlines, FeedStateInline]


class FailingFilter(admin.SimpleListFilter):
    title = _("سلامت")
    parameter_name = "health"

    def lookups(self, request, model_admin):
        return [("failing", _("دچار خطا")), ("ok", _("سالم"))]

    def queryset(self, request, queryset):
        if self.value() == "failing":
            return queryset.filter(failure_count__gt=0)
        if self.value() == "ok":
            return queryset.filter(failure_count=0)
        return queryset


@admin.register(FeedState)
class FeedStateAdmin(admin.ModelAdmin):
    list_display = ["source", "poll_enabled", "hold_for_review", "last_success_at", "failure_count",
                    "entries_taken", "entries_skipped", "short_error"]
    list_filter = [FailingFilter, "poll_enabled", "hold_for_review", "fetch_full_text"]
    search_fields = ["source__name", "source__feed_url", "last_error"]
    list_select_related = ["source"]
    fields = ["source", "poll_enabled", "interval", "hold_for_review", "fetch_full_text", "etag", "last_modified", *HEALTH_FIELDS]
    readonly_fields = ["source", "etag", "last_modified", *HEALTH_FIELDS]
    actions = ["poll_now"]

    @admin.display(description=_("آخرین خطا"))
    def short_error(self, obj):
        error = error_in_persian(obj.last_error)
        return (error[:80] + "…") if len(error) > 80 else error

    @admin.display(description=_("دلیل‌های کنارگذاشتن"))
    def skip_summary(self, obj):
        return _skip_summary(obj)

    @admin.display(description=_("آخرین خطا"))
    def error_explained(self, obj):
        return error_in_persian(obj.last_error) or "—"

    @admin.action(description=_("دریافت همین حالا"))
    def poll_now(self, request, queryset):
        for state in queryset.select_related("source"):
            report = services.feed_poll(source=state.source)
            level = messages.ERROR if report.outcome == "error" else messages.SUCCESS
            # The outcome by its Persian label («موفق», «بدون تغییر»), not its code («ok»).
            outcome = error_in_persian(report.error) if report.error else FetchLog.Outcome(report.outcome).label
            self.message_user(request, f"{state.source}: {outcome} (+{format_number(report.taken)})", level)


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    list_display = ["started_at", "source", "outcome", "status_code", "entries_seen", "entries_taken",
                    "entries_known", "entries_skipped", "duration_ms", "error_explained"]
    list_filter = ["outcome", "source"]
    list_select_related = ["source"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("خطا"))
    def error_explained(self, obj):
        return error_in_persian(obj.error)

    def has_change_permission(self, request, obj=None):
        return False
