from django.urls import path
from django.views.decorators.cache import cache_page

from . import feeds, views

app_name = "feeds"

urlpatterns = [
    path("feeds/rss/", feeds.ArticleFeed(), name="rss"),
    path("feeds/atom/", feeds.ArticleAtomFeed(), name="atom"),
    path("feeds/category/<str:slug>/rss/", feeds.CategoryFeed(), name="category_rss"),
    path("feeds/category/<str:slug>/atom/", feeds.CategoryAtomFeed(), name="category_atom"),
    path("feeds/source/<str:slug>/rss/", feeds.SourceFeed(), name="source_rss"),
    path("feeds/source/<str:slug>/atom/", feeds.SourceAtomFeed(), name="source_atom"),
    path("feeds/article/<id:pk>/comments/rss/", feeds.ArticleCommentsFeed(), name="comments_rss"),
    path("feeds/article/<id:pk>/comments/atom/", feeds.ArticleCommentsAtomFeed(), name="comments_atom"),
    path("sitemap.xml", cache_page(views.SITEMAP_CACHE_SECONDS)(views.sitemap_index), name="sitemap"),
    path("sitemap-news.xml", cache_page(views.NEWS_SITEMAP_CACHE_SECONDS)(views.sitemap_news),
         name="sitemap_news"),
    path("sitemap-<str:section>.xml", cache_page(views.SITEMAP_CACHE_SECONDS)(views.sitemap_section),
         name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
]
