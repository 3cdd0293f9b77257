"""Reads of the notifications. Reads never write (marking read is services')."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Exists, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from didgah import persian
from didgah.community.models import Comment
from didgah.news.models import Article

from . import conf
from .models import Notification, NotificationSettings, ThreadFollow


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_page(*, user, page: int | str = 1) -> Page:
    """A page of the reader's notifications, newest first, each with what its sentence
    needs (the actor's name, the article, the comment)."""
    queryset = (Notification.objects.filter(recipient_id=user.pk)
                .select_related("actor__profile", "article", "comment")
                .order_by("-created_at", "-id"))
    return Paginator(queryset, conf.per_page()).get_page(page)


def notified_comment_article_id(*, pk: int, user) -> int | None:
    """The article a comment is on, whatever the comment's state, for a reader who wrote
    it or was told about it; None otherwise, or if it is gone (to anyone else, a hidden
    comment stays indistinguishable from a missing one)."""
    if not user.is_authenticated:
        return None
    told = Notification.objects.filter(recipient_id=user.pk, comment_id=pk)
    return (Comment.objects.filter(pk=pk).filter(Q(author_id=user.pk) | Q(Exists(told)))
            .values_list("article_id", flat=True).first())


def is_following(*, user, article: Article) -> bool:
    return ThreadFollow.objects.filter(user_id=user.pk, article_id=article.pk).exists()


def followed_threads(*, user, limit: int = 50) -> list[Article]:
    return [f.article for f in ThreadFollow.objects.filter(user_id=user.pk).select_related("article")
            .only("article__id", "article__title", "article__slug").order_by("-created_at")[:limit]]


def settings_for(*, user) -> NotificationSettings:
    return NotificationSettings.objects.filter(user_id=user.pk).first() or NotificationSettings(user_id=user.pk)


def reader_comments(*, user):
    """A reader's own comments, newest first, for their profile page: every one they
    may still open (not rejected), the deleted ones too (marked as such)."""
    return (Comment.objects.filter(author_id=user.pk).exclude(status=Comment.Status.REJECTED)
            .select_related("article").only("id", "article_id", "body", "status", "is_deleted", "created_at",
                                            "parent_id", "article__id", "article__title", "article__slug",
                                            "article__status", "article__published_at")
            .order_by("-created_at", "-id"))


def personal_part(*, user, article: Article | None, acted: bool = True) -> dict:
    """What the personal JSON of a page adds (community.views.personal): the unread count
    for the header (article=None), or whether the reader follows an article's thread
    (read only when `acted`: not acted means the reader follows nothing there)."""
    if article is None:
        unread = unread_count(user=user)
        label = (_("اعلان‌ها (%(n)s)") % {"n": persian.to_persian_digits(unread)}) if unread else _("اعلان‌ها")
        return {"notifications": {"unread": unread, "url": reverse("notifications:list"), "label": label}}
    following = acted and is_following(user=user, article=article)
    return {"follow": {
        "following": following,
        "url": reverse("notifications:follow", args=[article.pk]),
        "label": _("دنبال نکردن این گفت‌وگو") if following else _("دنبال کردن این گفت‌وگو"),
        "hint": (_("دیدگاه‌های تازهٔ این خبر را به شما خبر می‌دهیم.") if following
                 else _("با دنبال کردن، از هر دیدگاه تازهٔ این خبر باخبر می‌شوید.")),
    }}


def followed_article_ids(*, user) -> list[int]:
    return list(ThreadFollow.objects.filter(user_id=user.pk).values_list("article_id", flat=True))


def reader_data(*, user) -> dict:
    """What this app holds about a reader, for their JSON download."""
    row = settings_for(user=user)
    return {
        "notification_settings": {field: getattr(row, field) for field in NotificationSettings.FIELDS},
        "followed_threads": list(ThreadFollow.objects.filter(user_id=user.pk).values_list("article_id", flat=True)),
        "notifications": [
            {"kind": n.kind, "article": n.article_id, "comment": n.comment_id, "created_at": n.created_at.isoformat(),
             "read_at": n.read_at.isoformat() if n.read_at else None}
            for n in Notification.objects.filter(recipient_id=user.pk).order_by("created_at")
        ],
    }
