"""Reads of the reader community. A page of comments costs a fixed handful of queries
whatever the size of the thread: the page's top-level comments, all their replies in
one query (through `root`), and the reader's own votes on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from didgah.news.models import Article

from . import conf
from .models import ArticleVote, Comment, CommentVote, Report

ORDERS = {
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "best": ("-wilson", "-likes", "created_at", "id"),
}
DEFAULT_ORDER = "oldest"  # as on the page this site grew from
COMMENT_FIELDS = (
    "id", "article_id", "author_id", "parent_id", "root_id", "depth", "body", "status", "is_deleted",
    "created_at", "edited_at", "likes", "dislikes", "score", "wilson",
    "author__id", "author__username", "author__is_staff",
    "author__profile__id", "author__profile__display_name", "author__profile__city",
    "author__profile__country",
)


def _visible_to(user) -> Q:
    """Approved comments (deleted ones show as placeholders), plus the reader's own
    comments still waiting for a moderator (marked as such)."""
    q = Q(status=Comment.Status.APPROVED)
    if user is not None and user.is_authenticated:
        q |= Q(author_id=user.pk, status=Comment.Status.PENDING)
    return q


@dataclass
class Thread:
    page: Page
    comments: list  # top-level comments of the page, each with .children (recursively)
    order: str
    total: int
    my_votes: dict = field(default_factory=dict)  # comment id → +1 / −1


def comment_thread(*, article: Article, user=None, order: str = DEFAULT_ORDER, page: int | str = 1,
                   per_page: int | None = None) -> Thread:
    order = order if order in ORDERS else DEFAULT_ORDER
    roots_qs = (
        Comment.objects.filter(article_id=article.pk, root__isnull=True)
        .filter(_visible_to(user))
        .select_related("author__profile")
        .only(*COMMENT_FIELDS)
        .order_by(*ORDERS[order])
    )
    paginator = Paginator(roots_qs, per_page or conf.comments_per_page())
    page_obj = paginator.get_page(page)
    roots = list(page_obj.object_list)
    by_id = {}
    for c in roots:
        c.children = []
        by_id[c.pk] = c
    if roots:
        replies = (
            Comment.objects.filter(root_id__in=list(by_id))
            .filter(_visible_to(user))
            .select_related("author__profile")
            .only(*COMMENT_FIELDS)
            .order_by("depth", "created_at", "id")
        )
        # Ordered by depth, so a reply's parent is always placed before the reply.
        for c in replies:
            c.children = []
            parent = by_id.get(c.parent_id)
            if parent is not None:  # a reply under a hidden comment stays hidden
                parent.children.append(c)
                by_id[c.pk] = c
    my_votes = {}
    if user is not None and user.is_authenticated and by_id:
        my_votes = dict(
            CommentVote.objects.filter(user_id=user.pk, comment_id__in=list(by_id)).values_list("comment_id", "value")
        )
    now = timezone.now()
    edit_window = timedelta(minutes=conf.comment_edit_minutes())
    user_id = user.pk if user is not None and user.is_authenticated else None
    for c in by_id.values():
        c.my_vote = my_votes.get(c.pk, 0)
        c.is_mine = user_id is not None and c.author_id == user_id
        c.can_edit = c.is_mine and not c.is_deleted and now - c.created_at <= edit_window
    return Thread(page=page_obj, comments=roots, order=order, total=article.comment_count, my_votes=my_votes)


def comment_page_of(*, comment: Comment, order: str = DEFAULT_ORDER, per_page: int | None = None) -> int:
    """The page (in the default oldest-first order) on which a comment's thread is shown."""
    root_id = comment.root_id or comment.pk
    if order != DEFAULT_ORDER:
        return 1
    root_time = Comment.objects.filter(pk=root_id).values_list("created_at", flat=True).first()
    if root_time is None:
        return 1
    before = Comment.objects.filter(
        Q(created_at__lt=root_time) | Q(created_at=root_time, id__lt=root_id),
        article_id=comment.article_id, root__isnull=True, status=Comment.Status.APPROVED,
    ).count()
    return before // (per_page or conf.comments_per_page()) + 1


def article_for_action(*, pk: int, user=None) -> Article | None:
    """The article a reader acts on (vote, comment): only the fields those need, no
    categories or tags. Staff may act on an unpublished article's preview, as they can
    open it."""
    qs = Article.objects.only("id", "title", "slug", "status", "published_at", "score", "votes_up", "votes_down",
                              "comment_count")
    if not (user is not None and user.is_authenticated and user.is_staff):
        qs = qs.published()
    return qs.filter(pk=pk).first()


def article_vote_of(*, article: Article, user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return ArticleVote.objects.filter(article_id=article.pk, user_id=user.pk).values_list("value", flat=True).first() or 0


def comment_for_action(*, pk: int) -> Comment | None:
    return Comment.objects.select_related("article", "author__profile").filter(pk=pk).first()


def comment_with_vote(*, pk: int, user) -> Comment:
    comment = Comment.objects.select_related("author__profile").get(pk=pk)
    comment.my_vote = 0
    if user is not None and user.is_authenticated:
        comment.my_vote = CommentVote.objects.filter(comment_id=pk, user_id=user.pk).values_list(
            "value", flat=True).first() or 0
    return comment


# --- rankings -------------------------------------------------------------------------
RANK_FIELDS = ("id", "title", "slug", "published_at", "score", "view_count", "comment_count", "hot", "source__name")


def _ranked(metric: str, days: int, limit: int) -> list[Article]:
    since = timezone.now() - timedelta(days=days)
    return list(
        Article.objects.published()
        .filter(published_at__gte=since, **{f"{metric}__gt": 0})
        .select_related("source")
        .only(*RANK_FIELDS)
        .order_by(f"-{metric}", "-published_at", "-id")[:limit]
    )


def most_voted(*, limit: int = 10, days: int | None = None) -> list[Article]:
    """Net score (ups minus downs) of the articles published in the window (Reddit's
    «top of the week»)."""
    return _ranked("score", days or conf.sidebar_voted_days(), limit)


def most_viewed(*, limit: int = 10, days: int | None = None) -> list[Article]:
    return _ranked("view_count", days or conf.sidebar_viewed_days(), limit)


def most_commented(*, limit: int = 10, days: int | None = None) -> list[Article]:
    return _ranked("comment_count", days or conf.sidebar_commented_days(), limit)


def hot_articles():
    """Published articles by the stored hot score (see rules.hot_score), for the home page."""
    return Article.objects.published().order_by("-hot", "-published_at", "-id")


def ranked_lists(*, limit: int = 10) -> list[dict]:
    """The community's sidebar blocks (most voted, most viewed, most commented), in the
    shape news.selectors.sidebar_lists uses; cached briefly (conf.sidebar_cache_seconds)."""

    def build():
        return [
            {"key": "voted", "title": _("پرامتیازترین‌های هفته"), "articles": most_voted(limit=limit),
             "show_score": True, "metric": ""},
            {"key": "viewed", "title": _("پربازدیدترین‌ها"), "articles": most_viewed(limit=limit),
             "show_score": False, "metric": "view_count"},
            {"key": "commented", "title": _("پربحث‌ترین‌ها"), "articles": most_commented(limit=limit),
             "show_score": False, "metric": "comment_count"},
        ]

    seconds = conf.sidebar_cache_seconds()
    if seconds <= 0:
        return build()
    return cache.get_or_set(f"community:sidebar:{limit}", build, seconds)


# --- moderation and readers' own data -----------------------------------------------
def moderation_counts() -> dict:
    return {
        "pending": Comment.objects.filter(status=Comment.Status.PENDING).count(),
        "reported": Comment.objects.filter(open_reports__gt=0).count(),
    }


def reader_activity(*, user) -> dict:
    """A reader's comments, votes and reports, for the JSON download."""
    return {
        "comments": [
            {"id": c.pk, "article": c.article_id, "article_title": c.article.title, "parent": c.parent_id,
             "body": c.body, "status": c.status, "deleted": c.is_deleted, "created_at": c.created_at.isoformat(),
             "edited_at": c.edited_at.isoformat() if c.edited_at else None, "likes": c.likes, "dislikes": c.dislikes}
            for c in Comment.objects.filter(author=user).select_related("article").order_by("created_at")
        ],
        "article_votes": [
            {"article": v.article_id, "value": v.value, "created_at": v.created_at.isoformat()}
            for v in ArticleVote.objects.filter(user=user).order_by("created_at")
        ],
        "comment_votes": [
            {"comment": v.comment_id, "value": v.value, "created_at": v.created_at.isoformat()}
            for v in CommentVote.objects.filter(user=user).order_by("created_at")
        ],
        "reports": [
            {"comment": r.comment_id, "reason": r.reason, "note": r.note, "created_at": r.created_at.isoformat()}
            for r in Report.objects.filter(reporter=user).order_by("created_at")
        ],
    }
