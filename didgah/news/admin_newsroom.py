"""The newsroom's admin: the image library, authors, the breaking-news bar, and the
article form's editor and media fields. Every save goes through news.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from didgah.persian import format_jalali, to_persian_digits

from . import selectors, services
from .editor import ArticleBodyWidget, ImagePreviewInput
from .models import Article, Author, Breaking, Image


def _thumb_url(image: Image | None) -> str:
    if image is None:
        return ""
    fallback = (image.renditions or {}).get("fallback") or []
    if fallback:
        return default_storage.url(fallback[0][2])
    return image.file.url if image.file else ""


class ArticleAdminForm(forms.ModelForm):
    # When the article was last saved, as this form was opened: a save made since (another
    # editor, a feed's update, the front page's list) is refused in clean() instead of being
    # silently undone by this one.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, label=_("آخرین ذخیرهٔ خبر هنگام باز کردن این برگه"))

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {"body": ArticleBodyWidget}

    class Media:
        css = {"all": ["news/admin.css"]}
        js = ["news/admin_a11y.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen"].initial = _stamp(self.instance.updated_at)
        # The admin's split date and time boxes share one label: each gets its own name.
        published = self.fields.get("published_at")
        if published is not None and hasattr(published.widget, "widgets"):
            date, time = published.widget.widgets
            date.attrs["aria-label"] = _("تاریخ انتشار")
            time.attrs["aria-label"] = _("ساعت انتشار")

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            self._refuse_a_stale_form(data.get("seen") or "")
        if data.get("video_url") and data.get("video_file"):
            raise forms.ValidationError(_("برای ویدیو یا نشانی بدهید یا پرونده، نه هر دو."))
        # «Published» with no time means now, as services.article_save reads it; said here
        # too, or the form's check of the model's constraint refuses it before the save.
        if data.get("status") and data["status"] != Article.Status.DRAFT and not data.get("published_at"):
            data["published_at"] = timezone.now()
        return data

    def _refuse_a_stale_form(self, seen: str) -> None:
        """Call from clean(), inside the admin view's transaction: the row stays locked
        until this save commits, so two editors saving at once cannot both pass."""
        saved_at = selectors.article_saved_at_locked(pk=self.instance.pk)
        if saved_at is None or _stamp(saved_at) == seen:
            return
        # Saving again means "keep my version": the form now carries the newer stamp.
        self.data = self.data.copy()
        self.data[self.add_prefix("seen")] = _stamp(saved_at)
        raise forms.ValidationError(_(
            "این خبر پس از آنکه این برگه را باز کردید، در %(when)s دوباره ذخیره شده است. "
            "تغییرهای شما ذخیره نشد تا آن ویرایش از میان نرود: خبر را در زبانه‌ای دیگر باز کنید "
            "و با «تاریخچه» بسنجید؛ اگر باز هم نسخهٔ خود را می‌خواهید، دوباره ذخیره کنید."
        ) % {"when": format_jalali(saved_at)}, code="stale")


def _stamp(moment) -> str:
    return moment.isoformat() if moment else ""


class ImageAdminForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["file", "alt", "caption", "credit"]
        widgets = {"file": ImagePreviewInput}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "alt", "credit", "dimensions", "created_at"]
    list_display_links = ["thumbnail", "alt"]
    search_fields = ["alt", "caption", "credit"]
    readonly_fields = ["dimensions", "social_preview", "uploaded_by", "created_at"]
    fields = ["file", "alt", "caption", "credit", "dimensions", "social_preview", "uploaded_by", "created_at"]

    class Media:
        # The list's thumbnails are sized there too, not only on the form.
        css = {"all": ["news/admin.css"]}

    @admin.display(description=_("تصویر"))
    def thumbnail(self, obj):
        url = _thumb_url(obj)
        return format_html('<img class="image-thumb" src="{}" alt="">', url) if url else "-"

    @admin.display(description=_("اندازه"))
    def dimensions(self, obj):
        return f"{to_persian_digits(str(obj.width))}×{to_persian_digits(str(obj.height))}" if obj.width else "-"

    @admin.display(description=_("برش شبکه‌های اجتماعی (۱۲۰۰×۶۳۰)"))
    def social_preview(self, obj):
        name = (obj.renditions or {}).get("social")
        if not name:
            return "-"
        return format_html('<img class="image-preview" src="{}" alt="{}">', default_storage.url(name),
                           _("برش ۱۲۰۰ در ۶۳۰ برای اشتراک‌گذاری"))

    def save_model(self, request, obj, form, change):
        services.image_save(image=obj, user=request.user)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "slug", "user"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]
    raw_id_fields = ["user"]

    def save_model(self, request, obj, form, change):
        services.author_save(author=obj)


@admin.register(Breaking)
class BreakingAdmin(admin.ModelAdmin):
    list_display = ["headline", "starts_at", "expires_at"]
    autocomplete_fields = ["article"]

    def save_model(self, request, obj, form, change):
        services.breaking_save(breaking=obj)
