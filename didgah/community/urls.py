from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("article/<int:pk>/comments/", views.comments_fragment, name="comments"),
    path("article/<int:pk>/comment/", views.comment_post, name="comment_post"),
    path("article/<int:pk>/vote/", views.article_vote, name="article_vote"),
    path("comment/<int:pk>/reply/", views.comment_reply, name="comment_reply"),
    path("comment/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comment/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("comment/<int:pk>/vote/", views.comment_vote, name="comment_vote"),
    path("comment/<int:pk>/report/", views.comment_report, name="comment_report"),
]
