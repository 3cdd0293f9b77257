from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from django.views.static import serve
from django.utils.translation import gettext_lazy as _

from didgah.common.converters import IdConverter
from didgah.news.dashboard import dashboard_view
from didgah.news.editor import image_library_json, video_embed_json

# Before the includes below: their patterns use it (`<id:pk>`).
register_converter(IdConverter, "id")

admin.site.site_header = _("مدیریت دیدگاه")
admin.site.site_title = _("دیدگاه")
admin.site.index_title = _("تحریریه")
# The admin's front page leads editors to their dashboard (templates/admin/news/index.html).
admin.site.index_template = "admin/news/index.html"

urlpatterns = [
    # Before the admin's own patterns, which would take it for an app's address.
    path("admin/dashboard/", dashboard_view, name="admin-dashboard"),
    # The article editor's image and video buttons (staff only, like the editor).
    path("admin/editor/images/", admin.site.admin_view(image_library_json), name="admin-image-library"),
    path("admin/editor/video/", admin.site.admin_view(video_embed_json), name="admin-video-embed"),
    path("admin/", admin.site.urls),
    path("accounts/", include("didgah.accounts.urls")),
    path("community/", include("didgah.community.urls")),
    path("notifications/", include("didgah.notifications.urls")),
    path("live/", include("didgah.live.urls")),
    path("search/", include("didgah.search.urls")),
    path("api/", include("didgah.api.urls")),
    path("", include("didgah.feeds.urls")),
    path("", include("didgah.news.urls")),
]

# Uploaded images and videos on the embedded default's disk (nginx serves them itself in
# the production profile; on another storage, such as S3, they have addresses of their own).
def media_file(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage":
    urlpatterns.insert(0, re_path(r"^media/(?P<path>.+)$", media_file))

handler400 = "didgah.common.views.bad_request"
handler404 = "didgah.common.views.page_not_found"
handler500 = "didgah.common.views.server_error"
