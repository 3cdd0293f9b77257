"""The site's URLs with the floor's two bare views in front (bench/floor/__init__.py)."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from didgah import urls as site

from .models import Row


@require_GET
@never_cache
def session_json(request):
    """Reads the session (no user, no other query) and answers a small JSON."""
    return JsonResponse({"user": request.session.get("_auth_user_id")})


@require_POST
def insert_row(request):
    """CSRF checked by the middleware, the session read, one row inserted."""
    row = Row.objects.create(user_id=int(request.session.get("_auth_user_id") or 0))
    return JsonResponse({"id": row.pk})


urlpatterns = [
    path("bench/session/", session_json),
    path("bench/insert/", insert_row),
    *site.urlpatterns,
]
handler404 = site.handler404
handler500 = site.handler500
