"""The editors' form widgets: the article body's rich-text editor and an image field that
shows its picture.

The editor is django-prose-editor's ProseMirror build (static/django_prose_editor/),
started by our own module (static/news/editor.js). The package's widget is not used: it
loads its modules through an inline import map, which the CSP refuses. Whatever the
editor sends is still only a suggestion: `services.article_save` passes the body through
`common.html.clean_html` like any other."""

from __future__ import annotations

from django import forms
from django.core.files.storage import default_storage
from django.forms import Script
from django.utils.html import format_html
from django.utils.translation import gettext as _

EDITOR_CSS = [
    "django_prose_editor/material-icons.css",
    "django_prose_editor/editor.css",
    "django_prose_editor/overrides.css",
    "news/admin.css",
]


class ArticleBodyWidget(forms.Textarea):
    """A textarea that becomes the rich-text editor once its module runs (and stays a
    textarea of HTML without JavaScript)."""

    def __init__(self, attrs=None):
        super().__init__({"data-article-editor": "", "rows": 20, **(attrs or {})})

    @property
    def media(self):
        # editor_fa.js is a classic script, so it runs before the deferred module.
        return forms.Media(css={"all": EDITOR_CSS}, js=["news/editor_fa.js", Script("news/editor.js", type="module")])

    def use_required_attribute(self, initial):
        # The browser cannot focus a hidden textarea to say it is empty.
        return False


class ImagePreviewInput(forms.ClearableFileInput):
    """The file input with the current picture above it and the chosen one shown before
    upload (static/news/image_preview.js)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {})}
        preview_id = f"{attrs.get('id') or name}-preview"
        attrs["data-preview"] = preview_id
        attrs.setdefault("accept", "image/jpeg,image/png,image/webp,image/gif")
        field = super().render(name, value, attrs, renderer)
        url = value.url if value and getattr(value, "name", "") and default_storage.exists(value.name) else ""
        return format_html(
            '<img id="{}" class="image-preview" src="{}" alt="{}"{}>{}',
            preview_id, url, _("پیش‌نمایش تصویر"), "" if url else " hidden", field,
        )

    @property
    def media(self):
        return forms.Media(css={"all": ["news/admin.css"]}, js=["news/image_preview.js"])
