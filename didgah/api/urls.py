from django.urls import path, re_path

from . import views
from .api import api
from .errors import json_errors, not_found_view


def _json_errors(patterns):
    """Ninja's URL patterns with each view wrapped so a 405 answers in JSON too."""
    for p in patterns:
        if hasattr(p, "url_patterns"):
            _json_errors(p.url_patterns)
        else:
            p.callback = json_errors(p.callback)
    return patterns


ninja_patterns, ninja_app_name, ninja_namespace = api.urls
_json_errors(ninja_patterns)

urlpatterns = [
    path("tokens/", views.tokens, name="api_tokens"),
    path("tokens/<id:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    path("v1/", (ninja_patterns, ninja_app_name, ninja_namespace)),
    # Anything else under /api/ is a JSON 404, not the site's HTML page.
    re_path(r"^.*$", not_found_view),
]
