"""Reads of the reader community. A page of comments costs a fixed handful of queries
whatever the size of the thread: the page's top-level comments, all their replies in
one query (through `root`), and the reader's own votes on them."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta
from datetime import timezone as dt_timezone

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q
from django.utils.safestring import SafeString
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from didgah.accounts.models import Profile
from didgah.news.models import Article

from . import conf, render
from .models import ArticleVote, Comment, CommentVote, Report, ThreadVersion

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


# --- the cached comment list ------------------------------------------------------------
# Entries are keyed by the thread version, so a change never shows stale; the timeout
# only bounds how long an out-of-band change (a comment deleted in the admin, an account
# deleted through Django's user admin) can stay visible, and frees memory of old versions.
THREAD_CACHE_SECONDS = 600


def fresh_thread_version() -> int:
    """A random first version (see models.ThreadVersion), leaving room for 2**62 bumps."""
    return secrets.randbits(62)


class _RecentThreads:
    """This process's copies of the most recently used comment lists. The keys hold
    the thread version, so a copy is never stale, and the shared cache (LocMem pickles
    its values, Redis sends them over the network) is skipped for a hot article: a
    500-comment list is 400 KB, and unpickling it cost as much as the rest of the
    article's data for the page."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


# Thirty-two lists of at most COMMENTS_PER_PAGE comments: a few MB per worker, and
# the articles being read and commented on at any moment are fewer.
_recent_threads = _RecentThreads(32)


def thread_version(*, article_id: int) -> int:
    """The article's current thread version (made on first use). Read it before the
    comments: a list built from what was read after it is never older than it."""
    table = connection.ops.quote_name(ThreadVersion._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f"SELECT version FROM {table} WHERE article_id = %s", [article_id])  # noqa: S608
        row = cur.fetchone()
        if row is None:
            cur.execute(f"INSERT INTO {table} (article_id, version) VALUES (%s, %s) "  # noqa: S608
                        "ON CONFLICT (article_id) DO NOTHING", [article_id, fresh_thread_version()])
            cur.execute(f"SELECT version FROM {table} WHERE article_id = %s", [article_id])  # noqa: S608
            row = cur.fetchone()
    return row[0]


@dataclass
class ThreadPage:
    """A page of an article's comment list, rendered for one viewer."""

    html: SafeString  # the <li> elements (empty when the page has no comments)
    page: Page
    order: str


# `cpage=last`: where a new top-level comment lands in the default order. The POST that
# made it redirects there without counting the thread (the count it would need is
# made, once per thread version, by the page it redirects to).
LAST_PAGE = "last"
_BEYOND_ANY_PAGE = 10**9  # the paginator shows its last page for it


def _page_number(page) -> int:
    if page == LAST_PAGE:
        return _BEYOND_ANY_PAGE
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def _last_page_number(*, article_id: int, version: int, per_page: int) -> int:
    """The last page of the thread at this version (its roots counted once per version)."""
    key = f"community:thread:{article_id}:{version}:roots"
    roots = cache.get(key)
    if roots is None:
        roots = Comment.objects.filter(article_id=article_id, root__isnull=True).filter(_visible_to(None)).count()
        cache.set(key, roots, THREAD_CACHE_SECONDS)
    return max(1, -(-roots // per_page))


def thread_page(*, article: Article, user=None, order: str = DEFAULT_ORDER, page: int | str = 1,
                csrf_token: str = "") -> ThreadPage:
    """The comment list of one page, for `user` (None or anonymous: a visitor).

    The markup shared by all readers is built once per thread version, order and page
    and cached (render.thread_chunks); what depends on the reader (their votes, the
    CSRF token in the forms, their own comments' edit and delete) is filled in per
    request and never cached. A reader with comments waiting for moderation on this
    article sees them among the others: their list is built afresh, since it differs
    from everyone else's. A visitor's list costs one query and one cache read."""
    order = order if order in ORDERS else DEFAULT_ORDER
    per_page = conf.comments_per_page()
    number = _page_number(page)
    user_id = user.pk if user is not None and user.is_authenticated else None
    if user_id is not None and Comment.objects.filter(article_id=article.pk, author_id=user_id,
                                                      status=Comment.Status.PENDING).exists():
        thread = comment_thread(article=article, user=user, order=order, page=number, per_page=per_page)
        html = render.comment_tree_html(thread.comments, user=user, csrf_token=csrf_token, my_votes=thread.my_votes,
                                        edit_minutes=conf.comment_edit_minutes())
        return ThreadPage(html=html, page=thread.page, order=order)
    version = thread_version(article_id=article.pk)
    if number == _BEYOND_ANY_PAGE:
        number = _last_page_number(article_id=article.pk, version=version, per_page=per_page)
    base_key = f"community:thread:{article.pk}:{version}:{order}:{per_page}:{number}:{get_language()}"
    key = f"{base_key}:{'chunks' if user_id else 'visitor'}"
    entry = _recent_threads.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is not None:
            _recent_threads.put(key, entry)
    if entry is None:
        thread = comment_thread(article=article, user=None, order=order, page=number, per_page=per_page)
        chunks = render.thread_chunks(thread.comments)
        count = thread.page.paginator.count
        visitor = str(render.fill(chunks, render.Viewer()))
        # An out-of-range page number shows the last page: not cached, so made-up
        # numbers cannot fill the cache.
        entry = (count, chunks) if user_id else (count, visitor)
        if thread.page.number == number:
            cache.set_many({f"{base_key}:chunks": (count, chunks), f"{base_key}:visitor": (count, visitor)},
                           THREAD_CACHE_SECONDS)
            _recent_threads.put(key, entry)
        number = thread.page.number
    count, content = entry
    page_obj = Paginator(range(count), per_page).get_page(number)
    if user_id is None:
        return ThreadPage(html=SafeString(content), page=page_obj, order=order)
    my_votes = dict(CommentVote.objects.filter(user_id=user_id, comment__article_id=article.pk)
                    .values_list("comment_id", "value"))
    viewer = render.viewer_for(user, csrf_token=csrf_token, my_votes=my_votes,
                               edit_minutes=conf.comment_edit_minutes())
    return ThreadPage(html=render.fill(content, viewer), page=page_obj, order=order)


def new_comment_page(*, article: Article, comment: Comment) -> int | str:
    """The page a just-posted comment is on, in the default order, without counting the
    thread: a top-level comment is on the last page (1 while the article's comments,
    read before this one, cannot fill a page), a reply on its thread's page.
    `article.comment_count` as read before the post (selectors.article_action_target)."""
    if comment.root_id is not None:
        return comment_page_of(comment=comment)
    return LAST_PAGE if article.comment_count + 1 > conf.comments_per_page() else 1


def comment_page_of(*, comment: Comment, order: str = DEFAULT_ORDER, per_page: int | None = None) -> int:
    """The page (in the default oldest-first order) on which a comment's thread is shown."""
    root_id = comment.root_id or comment.pk
    if order != DEFAULT_ORDER:
        return 1
    if comment.root_id is None and comment.created_at is not None:
        root_time = comment.created_at  # a top-level comment is its own root: no query
    else:
        root_time = Comment.objects.filter(pk=root_id).values_list("created_at", flat=True).first()
    if root_time is None:
        return 1
    # Plain SQL: this runs after every comment posted (the redirect goes to its page).
    q = connection.ops.quote_name
    at = connection.ops.adapt_datetimefield_value(root_time)
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {q(Comment._meta.db_table)} WHERE article_id = %s AND root_id IS NULL "  # noqa: S608
                    "AND status = %s AND (created_at < %s OR (created_at = %s AND id < %s))",
                    [comment.article_id, Comment.Status.APPROVED, at, at, root_id])
        before = cur.fetchone()[0]
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


def article_action_target(*, pk: int, user=None) -> Article | None:
    """What a vote or a new comment needs of the article (pk, slug, status, published_at,
    title), in one narrow query without the ORM's query building: the hot path of the
    comment endpoint, of the quick vote on SQLite, and of votes that
    services.article_vote_quick does not settle
    (the ORM's version cost more than the rest of a vote).
    Other fields are not loaded: they read as their defaults, so never render it. None
    where article_for_action would give None (missing, or unpublished for non-staff).

    The same query reads the reader's standing (banned, suspended_until,
    email_verified_at, approved_comments and id of their profile, with the user's id)
    into `article.voter_standing` for
    services.article_vote and comment_create, which saves them queries of their own."""
    q = connection.ops.quote_name
    user_id = user.pk if user is not None and user.is_authenticated else None
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT a.slug, a.status, a.published_at, a.title, p.banned, p.suspended_until, p.email_verified_at, "  # noqa: S608
            f"p.approved_comments, p.id, a.comment_count FROM {q(Article._meta.db_table)} a "
            f"LEFT JOIN {q(Profile._meta.db_table)} p ON p.user_id = %s "
            f"WHERE a.id = %s", [user_id, pk])
        row = cur.fetchone()
    if row is None:
        return None
    slug, status, published_at, title, banned, suspended_until, verified_at, approved, profile_id, comments = row
    published_at = _aware(published_at)
    article = Article(pk=pk, slug=slug, status=status, published_at=published_at, title=title,
                      comment_count=comments)
    article.voter_standing = (user_id, (banned, suspended_until, verified_at, approved, profile_id)
                              if profile_id is not None else None)
    staff = user is not None and user.is_authenticated and user.is_staff
    public = (status in (Article.Status.PUBLISHED, Article.Status.SCHEDULED) and published_at is not None
              and published_at <= timezone.now())
    return article if public or staff else None


def _aware(value):
    """A datetime read with a plain cursor: SQLite gives naive UTC (or text)."""
    if value is None:
        return None
    if isinstance(value, str):
        from django.utils.dateparse import parse_datetime

        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt_timezone.utc)
    return value


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
    shape the sidebar's template uses (news.selectors.sidebar_ranked); cached briefly (conf.sidebar_cache_seconds)."""

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
