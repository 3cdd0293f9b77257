from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("me/", views.personal, name="personal"),
    path("article/<id:pk>/comments/", views.comments_fragment, name="comments"),
    path("article/<id:pk>/comment/", views.comment_post, name="comment_post"),
    path("article/<id:pk>/vote/", views.article_vote, name="article_vote"),
    path("comment/<id:pk>/reply/", views.comment_reply, name="comment_reply"),
    path("comment/<id:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comment/<id:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("comment/<id:pk>/vote/", views.comment_vote, name="comment_vote"),
    path("comment/<id:pk>/report/", views.comment_report, name="comment_report"),
]
