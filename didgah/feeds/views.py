from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from .sitemaps import SITEMAPS, NewsSitemap

# Crawlers fetch sitemaps often; an hour of caching costs nothing in freshness that the
# news sitemap (cached for five minutes) does not cover.
SITEMAP_CACHE_SECONDS = 3600
NEWS_SITEMAP_CACHE_SECONDS = 300


@require_GET
def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="feeds:sitemap_section")


@require_GET
def sitemap_section(request, section: str):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@require_GET
def sitemap_news(request):
    return sitemap_views.sitemap(request, {"news": NewsSitemap}, section="news",
                                 template_name="feeds/sitemap_news.xml")


@require_GET
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
