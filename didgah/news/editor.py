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
from django.http import JsonResponse
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from didgah.common.html import video_embed_url

from . import selectors

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
        # The image and video buttons ask these (didgah/urls.py: admin views).
        super().__init__({"data-article-editor": "", "rows": 20,
                          "data-image-library": reverse_lazy("admin-image-library"),
                          "data-video-embed": reverse_lazy("admin-video-embed"), **(attrs or {})})

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


# --- the editor's image and video buttons (static/news/editor_media.js) ---------------
# Library images offered at once: a screenful of thumbnails; the search box finds others.
LIBRARY_PAGE = 24


def _rendition_url(image, min_width: int) -> str:
    fallback = (image.renditions or {}).get("fallback") or []
    if fallback:
        return default_storage.url(next((e for e in fallback if e[0] >= min_width), fallback[-1])[2])
    return image.file.url if image.file else ""


@require_safe
def image_library_json(request):
    """The image button's choices: library images as JSON (staff only, through
    admin.site.admin_view in didgah/urls.py). `src` is the original's address, which
    the article page turns back into the image's renditions (templatetags body_pictures)."""
    images = selectors.image_library(query=request.GET.get("q", "")[:100], limit=LIBRARY_PAGE)
    return JsonResponse({"images": [
        {"id": image.pk, "src": image.file.url, "thumb": _rendition_url(image, 320), "width": image.width,
         "height": image.height, "alt": image.alt, "caption": image.caption, "credit": image.credit}
        for image in images if image.file
    ]})


@require_safe
def video_embed_json(request):
    """The video button's check: the player's address for a YouTube, Aparat or Vimeo
    address (common.html.video_embed_url, the rule the allow-list and the video field
    use), or a Persian refusal."""
    embed = video_embed_url(request.GET.get("url", "")[:1000])
    if embed is None:
        return JsonResponse({"error": _("این نشانی ویدیوی یوتیوب، آپارات یا ویمئو نیست.")}, status=400)
    return JsonResponse({"embed": embed})
