from django.urls import path

from . import views

app_name = "live"

urlpatterns = [
    path("article/<id:pk>/", views.article_stream, name="article"),
]
