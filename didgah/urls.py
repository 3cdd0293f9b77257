from django.contrib import admin
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from didgah.common.converters import IdConverter

# Before the includes below: their patterns use it (`<id:pk>`).
register_converter(IdConverter, "id")

admin.site.site_header = _("مدیریت دیدگاه")
admin.site.site_title = _("دیدگاه")
admin.site.index_title = _("تحریریه")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("didgah.accounts.urls")),
    path("community/", include("didgah.community.urls")),
    path("search/", include("didgah.search.urls")),
    path("api/", include("didgah.api.urls")),
    path("", include("didgah.feeds.urls")),
    path("", include("didgah.news.urls")),
]

handler404 = "didgah.common.views.page_not_found"
handler500 = "didgah.common.views.server_error"
