import json

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .images import ACCENT, APP_ICONS
from .sitemaps import SITEMAPS, NewsSitemap

# The sitemap index lists the news sitemap too; its own URL (and template) serves it.
SITEMAP_INDEX = {**SITEMAPS, "news": NewsSitemap}

# Crawlers fetch sitemaps often; an hour of caching costs nothing in freshness that the
# news sitemap (cached for five minutes) does not cover.
SITEMAP_CACHE_SECONDS = 3600
NEWS_SITEMAP_CACHE_SECONDS = 300


@require_safe
def sitemap_index(request):
    return sitemap_views.index(request, SITEMAP_INDEX, sitemap_url_name="feeds:sitemap_section")


@require_safe
def sitemap_section(request, section: str):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@require_safe
def sitemap_news(request):
    return sitemap_views.sitemap(request, {"news": NewsSitemap}, section="news",
                                 template_name="feeds/sitemap_news.xml")


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('feeds:sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('feeds:sitemap_news'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page links: the
    site's 32 px icon under its static (hashed, long-cached) name. Not a permanent
    redirect: a browser would keep it for ever, and the hashed name changes with the icon."""
    response = HttpResponseRedirect(static("img/favicon-32.png"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


# The page background (static/css/site.css, --bg): the splash screen a phone shows while
# the installed site opens.
MANIFEST_BACKGROUND = "#f6f7f9"


@require_safe
def manifest(request):
    """/manifest.webmanifest: what a phone needs to install the site (its Persian name,
    right-to-left, its icons under their static, hashed names, the accent as the colour
    of its bar). The same for everyone."""
    data = {
        "name": _("%(site)s: خبرهای منابع فارسی‌زبان") % {"site": settings.SITE_NAME},
        "short_name": str(settings.SITE_NAME),
        "description": _("خبرهای روز از منابع فارسی‌زبان، با دیدگاه خوانندگان"),
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": reverse("news:home"),
        "scope": "/",
        "id": reverse("news:home"),
        "display": "standalone",
        "theme_color": ACCENT,
        "background_color": MANIFEST_BACKGROUND,
        "categories": ["news"],
        "icons": [
            {"src": static(f"img/{name}"), "sizes": f"{size}x{size}", "type": "image/png",
             "purpose": "maskable" if maskable else "any"}
            for name, size, maskable in APP_ICONS
        ],
    }
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1),
                            content_type="application/manifest+json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
