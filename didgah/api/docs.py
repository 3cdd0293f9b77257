"""Interactive docs under the site's CSP: Swagger UI from our own static files, its
settings in a JSON data block and its start-up code in a static script, so the page
needs no inline script, no inline style and no CDN."""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase


class SelfHostedSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        settings = {
            "url": reverse(f"{api.urls_namespace}:openapi-json", kwargs=kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "persistAuthorization": False,
        }
        return render(request, self.template, {
            "api": api,
            "swagger_settings": settings,
            # Session writes from the docs page carry the CSRF token like any form.
            "csrf": get_token(request) if request.user.is_authenticated else "",
        })
