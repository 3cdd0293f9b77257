from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from didgah.persian import to_persian_digits

from . import selectors, services
from .admin_newsroom import ArticleAdminForm  # also registers the image library, authors, breaking items
from .admin_revisions import ReviewFilter, RevisionsAdminMixin
from .models import Article, Category, Source, StoryCluster, Tag


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "site_url", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "site_url", "feed_url"]
    prepopulated_fields = {"slug": ["name"]}
    # The feed's polling settings and health are added by the ingest app
    # (didgah/ingest/admin.py), which owns them: news knows nothing of ingest.


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(RevisionsAdminMixin, admin.ModelAdmin):
    # Who may edit, publish, delete, restore or share a preview: news/roles.py, asked by
    # RevisionsAdminMixin (news/admin_revisions.py), which also keeps each save a revision.
    form = ArticleAdminForm
    list_display = ["title", "status", "published_at", "source", "front_position", "is_pick", "comment_count", "view_count"]
    # The front page's order is set here: a position pins a story (1 leads), a tick makes it a pick.
    list_editable = ["front_position", "is_pick"]
    list_filter = ["status", ReviewFilter, "is_pick", "source", "categories",
                   ("published_at", admin.DateFieldListFilter)]
    search_fields = ["title", "lead", "byline", "original_url"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags", "categories", "image", "authors"]
    readonly_fields = ["slug", "votes_up", "votes_down", "score", "comment_count", "view_count", "created_at", "updated_at"]
    list_select_related = ["source"]
    actions = ["make_published", "make_draft"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body", "seen"]}),
        (_("تصویر و ویدیو"), {"fields": ["image", "image_caption", "video_url", "video_file", "image_url"]}),
        (_("انتشار"), {"fields": ["status", "published_at", "categories", "tags", "front_position", "is_pick"]}),
        (_("نویسنده و منبع"), {"fields": ["authors", "byline", "source", "original_url"]}),
        (_("آمار"), {"classes": ["collapse"], "fields": ["votes_up", "votes_down", "score", "comment_count", "view_count", "created_at", "updated_at"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        # select2 puts its «clear all» cross inside the list of chosen items, where only
        # items may be (axe: list, serious); each chosen item keeps its own cross.
        # AutocompleteMixin leaves the cross out for a widget that says it is required.
        widget = getattr(formfield.widget, "widget", formfield.widget) if formfield else None
        if isinstance(widget, AutocompleteSelectMultiple):
            widget.is_required = True
        return formfield

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None and obj.source_id is None:
            obj.author = request.user
        # The revision is kept once the tags and categories are saved too (save_related).
        services.article_save(article=obj, record=False)
        if obj.front_position is not None and (change is False or "front_position" in form.changed_data):
            sharing = selectors.front_position_sharers(article=obj)
            if sharing:
                # Both keep it (the newer comes first); the editor decides whether to move one.
                self.message_user(request, gettext("جایگاه %(position)s در صفحهٔ اول را «%(others)s» هم دارد؛ "
                                                   "از میان آن‌ها خبر تازه‌تر پیش می‌آید.") % {
                    "position": to_persian_digits(str(obj.front_position)),
                    "others": "»، «".join(sharing)}, messages.WARNING)

    def delete_model(self, request, obj):
        services.article_delete(article=obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(article=article)

    @admin.action(description=_("انتشار خبرهای برگزیده"), permissions=["publish"])
    def make_published(self, request, queryset):
        for article in queryset:
            services.article_update(article=article, status=Article.Status.PUBLISHED, user=request.user)

    @admin.action(description=_("برگرداندن به پیش‌نویس"), permissions=["publish"])
    def make_draft(self, request, queryset):
        for article in queryset:
            services.article_update(article=article, status=Article.Status.DRAFT, user=request.user)


admin.site.register(StoryCluster)
