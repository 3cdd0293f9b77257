from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

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
