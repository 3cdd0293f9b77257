"""The article admin's roles and revisions: who may do what (asked of news/roles.py, the
one place it is decided), each save kept as a revision, the history with its diffs,
restoring, handing a draft to the editors, and the preview link."""

from __future__ import annotations

import re

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from didgah import persian

from . import preview, revisions, roles, services
from .models import Article


class ReviewFilter(admin.SimpleListFilter):
    title = gettext_lazy("بازبینی")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("waiting", gettext_lazy("در انتظار بازبینی"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status=Article.Status.DRAFT, submitted_at__isnull=False)
        return queryset


class RevisionsAdminMixin:
    change_form_template = "news/admin/article_change_form.html"
    # Set only by those who may publish: when and whether readers see it, and where on
    # the front page.
    PUBLISHING_FIELDS = ("status", "published_at", "front_position", "is_pick")

    # --- Permissions, all from roles ---------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return roles.can_edit_article(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return roles.can_delete_article(request.user, obj)

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not roles.can_publish(request.user):
            fields += [f for f in self.PUBLISHING_FIELDS if f not in fields]
        return fields

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        if roles.can_publish(request.user):
            return changelist

        class WithoutFrontPageEditing(changelist):
            # The list's editable pin and pick are the front page's: shown, not editable.
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.list_editable = ()

        return WithoutFrontPageEditing

    # --- Saving: one revision per save ------------------------------------------------

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if "_submit_review" in request.POST and roles.can_submit_article(request.user, article):
            services.article_submit(article=article, user=request.user)
            self.message_user(request, _("خبر برای بازبینی به دبیران فرستاده شد."))
        else:
            services.revision_record(article=article, user=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        user = request.user
        if obj is None:
            context["can_submit"] = roles.can_create_article(user) and not roles.can_publish(user)
        else:
            context["can_submit"] = roles.can_submit_article(user, obj)
            context["waiting_review"] = obj.status == Article.Status.DRAFT and obj.submitted_at is not None
            if roles.can_share_preview(user, obj):
                link, expires = preview.preview_link(article=obj)
                context["preview_url"] = request.build_absolute_uri(link)
                context["preview_expires"] = expires
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    # --- History, diff, restore -------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/history/<int:number>/", wrap(self.revision_view),
                 name="%s_%s_revision" % info),
            path("<path:object_id>/history/<int:number>/restore/", wrap(self.revision_restore_view),
                 name="%s_%s_revision_restore" % info),
        ] + super().get_urls()

    def _article(self, request, object_id) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        return article

    def _render(self, request, template, article, **context):
        return TemplateResponse(request, template, {
            **self.admin_site.each_context(request), "opts": self.opts, "original": article,
            "object": article, "has_view_permission": True, **context,
        })

    def history_view(self, request, object_id, extra_context=None):
        """The article's revisions, newest first, with what each changed."""
        article = self._article(request, object_id)
        if not roles.can_view_history(request.user, article):
            raise PermissionDenied
        return self._render(request, "news/admin/article_history.html", article,
                            title=_("تاریخچهٔ نسخه‌ها: %s") % article.title,
                            rows=revisions.revision_list(article=article))

    def revision_view(self, request, object_id, number):
        """A revision beside the one before it, or beside ?against=N."""
        article = self._article(request, object_id)
        if not roles.can_view_history(request.user, article):
            raise PermissionDenied
        against = persian.to_latin_digits(request.GET.get("against", "")).strip()
        against = int(against) if re.fullmatch(r"[0-9]{1,9}", against) else None
        compared = revisions.revision_compare(article=article, number=number, against=against)
        if compared is None:
            raise Http404
        return self._render(
            request, "news/admin/article_revision.html", article, **compared,
            title=_("نسخهٔ %(number)s: %(title)s") % {
                "number": persian.to_persian_digits(number), "title": article.title},
            can_restore=roles.can_restore_revision(request.user, article),
        )

    def revision_restore_view(self, request, object_id, number):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, object_id)
        if not roles.can_restore_revision(request.user, article):
            raise PermissionDenied
        revision = revisions.revision_get(article=article, number=number)
        if revision is None:
            raise Http404
        article = services.revision_restore(revision=revision, user=request.user)
        message = _("نسخهٔ %s بازگردانده شد.") % persian.to_persian_digits(number)
        self.log_change(request, article, message)
        self.message_user(request, message)
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                                            args=[article.pk]))
