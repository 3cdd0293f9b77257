from django.urls import path
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from . import bylines, feeds, views

app_name = "feeds"


def _feed(feed):
    # Feeds are read-only: PUT, DELETE and the like are 405, not the feed.
    return require_safe(feed)


urlpatterns = [
    path("feeds/rss/", _feed(feeds.ArticleFeed()), name="rss"),
    path("feeds/atom/", _feed(feeds.ArticleAtomFeed()), name="atom"),
    path("feeds/category/<str:slug>/rss/", _feed(feeds.CategoryFeed()), name="category_rss"),
    path("feeds/category/<str:slug>/atom/", _feed(feeds.CategoryAtomFeed()), name="category_atom"),
    path("feeds/source/<str:slug>/rss/", _feed(feeds.SourceFeed()), name="source_rss"),
    path("feeds/source/<str:slug>/atom/", _feed(feeds.SourceAtomFeed()), name="source_atom"),
    path("feeds/tag/<str:slug>/rss/", _feed(bylines.TagFeed()), name="tag_rss"),
    path("feeds/tag/<str:slug>/atom/", _feed(bylines.TagAtomFeed()), name="tag_atom"),
    path("feeds/author/<str:slug>/rss/", _feed(bylines.AuthorFeed()), name="author_rss"),
    path("feeds/author/<str:slug>/atom/", _feed(bylines.AuthorAtomFeed()), name="author_atom"),
    path("feeds/article/<id:pk>/comments/rss/", _feed(feeds.ArticleCommentsFeed()), name="comments_rss"),
    path("feeds/article/<id:pk>/comments/atom/", _feed(feeds.ArticleCommentsAtomFeed()), name="comments_atom"),
    path("sitemap.xml", cache_page(views.SITEMAP_CACHE_SECONDS)(views.sitemap_index), name="sitemap"),
    path("sitemap-news.xml", cache_page(views.NEWS_SITEMAP_CACHE_SECONDS)(views.sitemap_news),
         name="sitemap_news"),
    path("sitemap-<str:section>.xml", cache_page(views.SITEMAP_CACHE_SECONDS)(views.sitemap_section),
         name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
