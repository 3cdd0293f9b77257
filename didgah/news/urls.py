from django.urls import path

from . import preview, views

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/<id:pk>/", views.article_detail, name="article_short"),
    path("news/<id:pk>/<str:slug>/", views.article_detail, name="article"),
    path("category/<str:slug>/", views.category_detail, name="category"),
    path("source/<str:slug>/", views.source_detail, name="source"),
    path("latest/", views.latest, name="latest"),
    path("author/<str:slug>/", views.author_detail, name="author"),
    path("tag/<str:slug>/", views.tag_detail, name="tag"),
    path("preview/<str:token>/", preview.article_preview, name="preview"),
]
