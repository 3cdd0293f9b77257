"""Reads of the reader community. A page of comments costs a fixed handful of queries
whatever the size of the thread: the page's top-level comments, all their replies in
one query (through `root`), and the reader's own votes on them. Reads never write."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.safestring import SafeString
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from didgah import persian
from didgah.accounts import conf as accounts_conf
from didgah.accounts.models import Profile
from didgah.accounts.selectors import session_account
from didgah.common.personal import personal_part, personal_parts
from didgah.news.models import Article

from . import conf, render, signals
from .models import ArticleVote, Comment, CommentVote, Report, ThreadVersion, ViewHour

ORDERS = {
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "best": ("-wilson", "-likes", "created_at", "id"),
}
DEFAULT_ORDER = "oldest"  # as on the page this site grew from
COMMENT_FIELDS = (
    "id", "article_id", "author_id", "parent_id", "root_id", "depth", "body", "status", "is_deleted",
    "created_at", "edited_at", "likes", "dislikes", "score", "wilson", "guest_name",
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


def _shown_to(c, user_id) -> bool:
    """_visible_to, for a comment already read."""
    return c.status == Comment.Status.APPROVED or (
        user_id is not None and c.author_id == user_id and c.status == Comment.Status.PENDING)


def _thread_roots(user) -> Q:
    """The top-level comments a thread list shows: the visible ones, and a hidden one
    (rejected) under which a visible reply still stands, as a placeholder, so that a
    moderator's rejection does not take approved replies off the page while the counts
    and the feeds still list them."""
    replies = Comment.objects.filter(root_id=OuterRef("pk")).filter(_visible_to(user))
    return _visible_to(user) | Q(Exists(replies))


def _as_withdrawn(c) -> None:
    """Make a hidden comment, kept only to hold its visible replies, a placeholder (on
    this read only: never saved). As a deleted comment is shown, so the list markup and
    the API show no text and no actions; nor the author, whom a moderator's rejection
    must not expose beside an empty place."""
    c.withdrawn = True
    c.is_deleted = True
    c.body = ""
    c.author = None
    c.guest_name = ""
    c.edited_at = None
    c.likes = c.dislikes = c.score = 0
    c.wilson = 0


def comment_thread(*, article: Article, user=None, order: str = DEFAULT_ORDER, page: int | str = 1,
                   per_page: int | None = None) -> Thread:
    order = order if order in ORDERS else DEFAULT_ORDER
    user_id = user.pk if user is not None and user.is_authenticated else None
    roots_qs = (
        Comment.objects.filter(article_id=article.pk, root__isnull=True)
        .filter(_thread_roots(user))
        .select_related("author__profile")
        .only(*COMMENT_FIELDS)
        .order_by(*ORDERS[order])
    )
    paginator = Paginator(roots_qs, per_page or conf.comments_per_page())
    page_obj = paginator.get_page(page)
    roots = list(page_obj.object_list)
    placed = {}
    for c in roots:
        c.children = []
        placed[c.pk] = c
    if roots:
        # Hidden replies are read too (few: rejected or waiting), because a visible reply
        # beneath one of them must still find its place; they are dropped below unless
        # they hold one.
        replies = (
            Comment.objects.filter(root_id__in=list(placed))
            .select_related("author__profile")
            .only(*COMMENT_FIELDS)
            .order_by("depth", "created_at", "id")
        )
        # Ordered by depth, so a reply's parent is always placed before the reply.
        for c in replies:
            c.children = []
            parent = placed.get(c.parent_id)
            if parent is not None:
                parent.children.append(c)
                placed[c.pk] = c

        def holds_visible(c) -> bool:
            c.children = [child for child in c.children if holds_visible(child)]
            return _shown_to(c, user_id) or bool(c.children)

        for c in roots:  # each holds a visible comment: _thread_roots chose it so
            holds_visible(c)
    by_id = {}
    stack = list(roots)
    while stack:
        c = stack.pop()
        by_id[c.pk] = c
        stack.extend(c.children)
        if not _shown_to(c, user_id):
            _as_withdrawn(c)
    my_votes = {}
    if user_id is not None and by_id:
        my_votes = dict(
            CommentVote.objects.filter(user_id=user_id, comment_id__in=list(by_id)).values_list("comment_id", "value")
        )
    now = timezone.now()
    edit_window = timedelta(minutes=conf.comment_edit_minutes())
    for c in by_id.values():
        c.my_vote = my_votes.get(c.pk, 0)
        c.is_mine = user_id is not None and c.author_id == user_id
        c.can_edit = c.is_mine and not c.is_deleted and now - c.created_at <= edit_window
    return Thread(page=page_obj, comments=roots, order=order, total=article.comment_count, my_votes=my_votes)


# --- the cached comment list ------------------------------------------------------------
# Entries are keyed by the thread version, so a change never shows stale once the fold
# has bumped it; the timeout frees the memory of old versions.
THREAD_CACHE_SECONDS = 600


def fresh_thread_version() -> int:
    """A random first version (see models.ThreadVersion), leaving room for 2**62 bumps."""
    return secrets.randbits(62)


def thread_version(*, article_id: int) -> int:
    """The article's current thread version; 0 for a thread that never changed (the
    row is made by the first change: a read never writes)."""
    return ThreadVersion.objects.filter(article_id=article_id).values_list("version", flat=True).first() or 0


@dataclass
class ThreadPage:
    """A page of an article's comment list, the same for every reader."""

    html: SafeString  # the <li> elements (empty when the page has no comments)
    page: Page
    order: str


# `cpage=last`: where a new top-level comment lands in the default order.
LAST_PAGE = "last"
_BEYOND_ANY_PAGE = 10**9  # the paginator shows its last page for it


def _page_number(page) -> int:
    if page == LAST_PAGE:
        return _BEYOND_ANY_PAGE
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return max(min(number, _BEYOND_ANY_PAGE), 1)


def thread_page(*, article: Article, order: str = DEFAULT_ORDER, page: int | str = 1) -> ThreadPage:
    """The comment list of one page, rendered once per thread version, order and page
    and cached for everyone. A reader's own comments still waiting for a moderator are
    not in it: they reach only their author (reader_state)."""
    order = order if order in ORDERS else DEFAULT_ORDER
    per_page = conf.comments_per_page()
    number = _page_number(page)
    version = thread_version(article_id=article.pk)
    key = f"community:thread:{article.pk}:{version}:{order}:{per_page}:{number}:{get_language()}"
    entry = cache.get(key)
    if entry is None:
        thread = comment_thread(article=article, user=None, order=order, page=number, per_page=per_page)
        entry = (thread.page.paginator.count, thread.page.number, str(render.comment_tree_html(thread.comments)))
        cache.set(key, entry, THREAD_CACHE_SECONDS)
    count, number, html = entry
    page_obj = Paginator(range(count), per_page).get_page(number)
    return ThreadPage(html=SafeString(html), page=page_obj, order=order)


def comment_page_of(*, comment: Comment, order: str = DEFAULT_ORDER, per_page: int | None = None) -> int:
    """The page (in the default oldest-first order) on which a comment's thread is shown."""
    if order != DEFAULT_ORDER:
        return 1
    root_id = comment.root_id or comment.pk
    root = Comment.objects.filter(pk=root_id).values_list("created_at", flat=True).first()
    if root is None:
        return 1
    before = (Comment.objects.filter(article_id=comment.article_id, root__isnull=True)
              .filter(_thread_roots(None))
              .filter(Q(created_at__lt=root) | Q(created_at=root, id__lt=root_id)).count())
    return before // (per_page or conf.comments_per_page()) + 1


def participation_problem(*, user, now=None) -> str | None:
    """Why this reader may not comment or vote now (Persian), or None if they may. A
    reader without a profile row is judged as a new, unverified one."""
    if user is None or not user.is_authenticated:
        return _("برای این کار باید وارد حساب خود شوید.")
    try:
        profile = user.profile
    except Profile.DoesNotExist:
        profile = Profile()  # not Profile(user=user): that would cache it on the user as theirs
    now = now or timezone.now()
    if profile.banned:
        return _("حساب شما مسدود شده است. دلیل: %(reason)s") % {"reason": profile.status_reason or _("نقض قواعد")}
    if profile.is_suspended(now):
        return _("حساب شما تا %(until)s معلق است. دلیل: %(reason)s") % {
            "until": persian.format_jalali(profile.suspended_until, tz=timezone.get_current_timezone_name()),
            "reason": profile.status_reason or _("نقض قواعد"),
        }
    if accounts_conf.require_verified_email() and not profile.email_verified and not user.is_staff:
        return _("پیش از نوشتن دیدگاه یا رأی دادن، نشانی رایانامهٔ خود را با پیوندی که برایتان فرستادیم تأیید کنید.")
    return None


# --- what a reader may act on: one accessor each, the permission check inside ------------
# What the accessor reads of an article: its state, and what the vote box shows.
ARTICLE_FIELDS = ("id", "title", "slug", "status", "published_at", "score", "votes_up", "votes_down",
                  "comment_count", "updated_at")


def article_key(pk: int) -> str:
    """Where article_access keeps an article's row."""
    return f"community:article:{pk}"


def article_access(*, pk: int, user=None, kept: Article | None = None) -> Article | None:
    """The article a reader may see and act on (vote, comment), or None: published, or
    any state for staff, who may act on a preview as they can open it.

    Its row is kept in the cache as long as the pages that show it (PAGE_CACHE_SECONDS):
    every reader's personal request and vote ask for the same few hot articles, and a
    change of an article's state reaches them no later than it reaches its page.
    `kept`: the row as the caller found it under article_key (read with other keys)."""
    seconds = settings.CACHE_MIDDLEWARE_SECONDS
    key = article_key(pk)
    article = kept if kept is not None or seconds <= 0 else cache.get(key)
    if article is None:
        article = Article.objects.only(*ARTICLE_FIELDS).filter(pk=pk).first()
        if article is None:
            return None
        if seconds > 0:
            cache.set(key, article, seconds)
    return article if _may_see(article, user) else None


def _may_see(article: Article, user) -> bool:
    """Public, or the reader is staff; the account is read only for what is not public."""
    return article.is_visible or (user is not None and user.is_authenticated and user.is_staff)


# What a reader may do with a comment, by action: everyone may see, answer, vote on and
# report a comment that is shown to everyone; only its author sees, edits and deletes
# their own comment while it waits for a moderator. Nothing else is readable by id.
OWN_ACTIONS = frozenset({"view", "edit", "delete"})
ACTIONS = frozenset({"view", "reply", "vote", "report", "edit", "delete"})


def comment_access(*, pk: int, user=None, action: str = "view") -> Comment | None:
    """The comment `user` may `action` (one of ACTIONS), or None, the same answer as a
    comment that does not exist: hidden comments are never told apart from missing ones.
    Every view and the API reach a comment through here."""
    if action not in ACTIONS:
        raise ValueError(action)
    comment = (Comment.objects.select_related("article", "author__profile").filter(pk=pk).first())
    if comment is None:
        return None
    # The article came with the comment: the rule of article_access, without reading it
    # again; and the account is read only where the answer depends on it.
    if not _may_see(comment.article, user):
        return None
    if action in OWN_ACTIONS:
        own = user is not None and user.is_authenticated and comment.author_id == user.pk
        if own and comment.status != Comment.Status.REJECTED:
            return comment
        if action != "view":
            return None
    return comment if comment.is_visible else None


def article_vote_of(*, article: Article, user_id: int) -> int:
    return ArticleVote.objects.filter(article_id=article.pk, user_id=user_id).values_list("value", flat=True).first() or 0


def comment_vote_of(*, comment: Comment, user_id: int) -> int:
    return CommentVote.objects.filter(comment_id=comment.pk, user_id=user_id).values_list("value", flat=True).first() or 0


# How long a reader's own new comments are sent to them beside the cached page: past
# the page cache and the fold, everyone sees them in the page itself.
OWN_RECENT_SECONDS = 600
# What the personal request answers on an article the reader never acted on.
NO_ACTS = {"vote": 0, "comment_votes": {}, "own": [], "editable": [], "own_html": ""}
# A reader's part lists the articles they acted on, so that any other article is
# answered without reading anything of theirs. A list longer than this stops there,
# and an article missing from it is then read as one they acted on: the busiest
# readers' parts stay small, and still true.
ACTED_LIMIT = 500


def acted_articles(*, user) -> tuple[set[int], bool]:
    """The articles on which the reader has a vote, a comment vote or a comment of their
    own that is shown to them (what reader_state reads), in one query; and whether that is
    all of them (it stops past ACTED_LIMIT)."""
    votes = ArticleVote.objects.filter(user_id=user.pk).exclude(value=0).values_list("article_id").order_by()
    comment_votes = (CommentVote.objects.filter(user_id=user.pk).exclude(value=0)
                     .values_list("comment__article_id").order_by())
    own = (Comment.objects.filter(author_id=user.pk, is_deleted=False).exclude(status=Comment.Status.REJECTED)
           .values_list("article_id").order_by())
    ids = {row[0] for row in votes.union(comment_votes, own)[:ACTED_LIMIT + 1]}
    return ids, len(ids) <= ACTED_LIMIT


def reader_state(*, article: Article, user) -> tuple[dict, float]:
    """The reader's part of an article's page, for their own request (views.personal):
    their vote on the article and its comments, which comments are theirs, their comments
    not yet in the cached page (waiting for a moderator, or just posted); and for how
    many seconds that stays true if nothing is written (an edit window ending)."""
    state = dict(NO_ACTS)
    now = timezone.now()
    state["vote"] = article_vote_of(article=article, user_id=user.pk)
    state["comment_votes"] = {
        str(k): v for k, v in CommentVote.objects.filter(user_id=user.pk, comment__article_id=article.pk)
        .exclude(value=0).values_list("comment_id", "value")
    }
    edit_window = timedelta(minutes=conf.comment_edit_minutes())
    recent_window = timedelta(seconds=OWN_RECENT_SECONDS)
    # One read of the reader's comments on the article (a handful): which are theirs,
    # which they may still edit, and the markup of those the cached page may lack yet.
    own = list(Comment.objects.filter(article_id=article.pk, author_id=user.pk, is_deleted=False)
               .exclude(status=Comment.Status.REJECTED).select_related("author__profile")
               .only(*COMMENT_FIELDS).order_by("created_at", "id"))
    state["own"] = [c.pk for c in own]
    state["editable"] = [c.pk for c in own if now - c.created_at <= edit_window]
    recent = [c for c in own if c.status == Comment.Status.PENDING or now - c.created_at <= recent_window]
    ends = [c.created_at + window for c in own for window in (edit_window, recent_window)]
    if recent:
        state["own_html"] = str(render.comment_tree_html(recent))
        state["own_parents"] = {str(c.pk): c.parent_id for c in recent}
    return state, _seconds_until_first(ends, now)


def _seconds_until_first(moments, now) -> float:
    return min(((m - now).total_seconds() for m in moments if m is not None and m > now), default=float("inf"))


def _reader_part(user) -> tuple[dict, float]:
    """What every page shows the reader (name, links, whether they may take part, what
    the apps above add: the notifications' count), as "answer", with their session's
    hash of their password ("auth": what a session signed in to this account now holds);
    for how long it holds (a suspension ending)."""
    now = timezone.now()
    profile = getattr(user, "profile", None)
    data = {
        "name": profile.display_name if profile else user.get_username(),
        "profile_url": reverse("accounts:profile"),
        "logout_url": reverse("accounts:logout"),
        "admin_url": reverse("admin:index") if user.is_staff else "",
        "problem": participation_problem(user=user, now=now) or "",
    }
    for _receiver, part in signals.personal_state.send(sender=Comment, user=user, article=None):
        data.update(part or {})
    return ({"answer": data, "auth": user.get_session_auth_hash()},
            _seconds_until_first([getattr(profile, "suspended_until", None)], now))


# The reader's own part, the same on every page: kept across their votes (a vote changes
# only the parts about articles), so their next vote is checked against it.
READER_SCOPE = "r"


@dataclass(frozen=True)
class KeptReader:
    """What a reader's kept parts tell an action of theirs, read in one cache round trip
    (kept_reader)."""

    problem: str | None  # participation_problem as their kept part holds it
    acted: tuple[set[int], bool] | None  # the articles they acted on (acted_articles), if kept

    def never_acted_on(self, article_id: int) -> bool:
        """True if their kept list of acts says that they have no vote on the article or
        its comments (but withdrawn ones); False when it is not kept."""
        return self.acted is not None and self.acted[1] and article_id not in self.acted[0]


def kept_reader(*, user) -> KeptReader:
    """The reader's standing, as their kept part holds it, and the list of the articles
    they acted on if it is kept (it is not made here). Every service that changes a
    reader's standing (a suspension, a ban, a confirmed address) makes that part anew,
    and it ends by itself when a suspension does; so does any change of their account's
    row (accounts.services.account_row_changed)."""
    parts = personal_parts(user_id=user.pk, builds={READER_SCOPE: lambda: _reader_part(user), "acted": None},
                           beyond_acts=frozenset({READER_SCOPE}))
    return _kept(parts)


def _kept(parts: dict) -> KeptReader:
    return KeptReader(problem=parts[READER_SCOPE]["answer"]["problem"] or None, acted=parts["acted"])


@dataclass(frozen=True)
class ActingReader:
    """A signed-in reader acting in a request, as their session and kept parts tell
    (acting_reader): what the vote services need of them, without their account's row."""

    pk: int
    kept: KeptReader
    also: dict = field(default_factory=dict)  # the caller's other keys, read in the same round trip


class _SignedOut(Exception):
    """Django's auth found the session no longer signed in."""


def _checked(user):
    """request.user, once Django's auth has read the account and checked the session
    against it; _SignedOut when it is not signed in after all."""
    if not user.is_authenticated:
        raise _SignedOut
    return user


def _session_parts(*, user, account: tuple[int, str], builds: dict, also: tuple[str, ...] = ()) -> dict:
    """The reader's parts (personal_parts), their own part (READER_SCOPE) among them,
    for the session that says it is signed in to `account` (session_account).

    Their own part holds the session hash of the account it was made from, and is made
    anew on any change of the account's row: while the session asking has that hash, the
    kept parts answer what Django's auth would, and `user` (request.user, which reads the
    account and checks the session against it when first used) is not read. Anything to
    make is made from `user`, after that check. _SignedOut when the session is not
    signed in after all."""
    user_id, session_hash = account
    builds = {READER_SCOPE: lambda: _reader_part(_checked(user)), **builds}
    parts = personal_parts(user_id=user_id, builds=builds, beyond_acts=frozenset({READER_SCOPE}), also=also)
    if not constant_time_compare(parts[READER_SCOPE]["auth"], session_hash):
        _checked(user)  # kept for another session hash (a rotated SECRET_KEY): auth decides
    return parts


def acting_reader(*, request, also: tuple[str, ...] = ()) -> ActingReader | None:
    """The signed-in reader making `request` and what their kept parts say of them
    (kept_reader), or None for a visitor; `also`: other cache keys read in the same
    round trip. The account is read only when the kept parts cannot answer for the
    session (_session_parts), so a vote costs the session and one cache round trip."""
    account = session_account(request.session)
    if account is None:
        return None
    try:
        parts = _session_parts(user=request.user, account=account, builds={"acted": None}, also=also)
    except _SignedOut:
        return None
    return ActingReader(pk=account[0], kept=_kept(parts), also={key: parts[key] for key in also})


def _acted_part(user) -> tuple[tuple[set[int], bool], float]:
    """The articles the reader acted on: theirs (acted_articles) and the apps' (through
    signals.personal_articles: followed threads); read on their first article page."""
    acted, complete = acted_articles(user=user)
    for _receiver, ids in signals.personal_articles.send(sender=Comment, user=user):
        acted.update(ids or ())
    return (acted, complete), float("inf")


def _article_part(user, article: Article) -> tuple[dict, float]:
    state, lasts = reader_state(article=article, user=user)
    for _receiver, part in signals.personal_state.send(sender=Comment, user=user, article=article, acted=True):
        state.update(part or {})
    return state, lasts


@dataclass(frozen=True)
class Personal:
    """What personal_state read for the personal request."""

    state: dict | None  # the reader's answer; None when the session is not signed in after all
    article: Article | None  # the article asked about, if they may see it (article_access)
    also: dict = field(default_factory=dict)  # the caller's other keys, read in the same round trip


def personal_state(*, user, account: tuple[int, str], article_id: int | None = None,
                   also: tuple[str, ...] = ()) -> Personal:
    """What the personal request answers a signed-in reader, but for their CSRF token and
    messages: the reader's part (the same on every page) and, on an article they may
    see (article_access), the article's part.

    `account` is what the session says (accounts.selectors.session_account) and `user`
    is request.user, read only where the kept parts cannot answer (_session_parts).
    Each part is kept per reader between the writes that change them
    (common.personal), and so is the list of the articles the reader acted on: an
    article's part is read only for those, and answered from nothing on any other
    (NO_ACTS, and the apps' answers for an article with nothing of the reader's). The
    parts, the article's kept row and the caller's `also` keys are read in one cache
    round trip."""
    user_id = account[0]
    builds = {}
    if article_id is not None:  # the article's part only read here: it is made only if needed
        builds.update({"acted": lambda: _acted_part(_checked(user)), str(article_id): None})
        also = (article_key(article_id), *also)
    try:
        parts = _session_parts(user=user, account=account, builds=builds, also=also)
        data = parts[READER_SCOPE]["answer"]
        article = None
        if article_id is not None:
            article = article_access(pk=article_id, user=user, kept=parts[article_key(article_id)])
        if article is None:
            return Personal(dict(data), None, parts)
        acted, complete = parts["acted"]
        if article.pk in acted or not complete:
            part = parts[str(article.pk)] or personal_part(
                user_id=user_id, scope=str(article.pk), build=lambda: _article_part(_checked(user), article))
        else:
            part = dict(NO_ACTS)
            for _receiver, extra in signals.personal_state.send(sender=Comment, user=user, article=article,
                                                               acted=False):
                part.update(extra or {})
    except _SignedOut:
        return Personal(None, None)
    return Personal({**data, **part}, article, parts)


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


# --- the editors' dashboard (news.dashboard, through news.signals.dashboard_panels) ---
# How long comments have waited, in the dashboard's bands (hours): within the hour is
# fine, within six is a slow shift, past a day a reader has likely given up.
WAITING_BANDS = (1, 6, 24)


def views_per_hour(*, start, end) -> dict:
    """{hour's start: views of every article in it} between start and end, from the
    hourly rows the view flush writes. One query."""
    rows = ViewHour.objects.filter(hour__gte=start, hour__lt=end).values("hour").annotate(n=Sum("views")).order_by()
    return {row["hour"]: row["n"] for row in rows}


def stories_viewed_since(*, start, published_since, limit: int) -> list[dict]:
    """Stories published since `published_since` with the most views since `start`:
    [{"id", "title", "views"}], most first. One query."""
    rows = (
        ViewHour.objects.filter(hour__gte=start, article__published_at__gte=published_since)
        .values("article_id", "article__title").annotate(views=Sum("views")).order_by("-views", "article_id")[:limit]
    )
    return [{"id": r["article_id"], "title": r["article__title"], "views": r["views"]} for r in rows]


def comments_waiting(*, now) -> dict:
    """Comments waiting for a moderator: {"total", "bands": [(upper hours or None,
    count)], "oldest"}, one band per WAITING_BANDS step and one past the last. One
    query (the moderation queue's index)."""
    waiting = Comment.objects.filter(status=Comment.Status.PENDING, is_deleted=False)
    edges = [now - timedelta(hours=h) for h in WAITING_BANDS]
    counts = {f"b{i}": Count("id", filter=Q(created_at__gte=edge)) for i, edge in enumerate(edges)}
    row = waiting.aggregate(total=Count("id"), oldest=Min("created_at"), **counts)
    within = [row[f"b{i}"] for i in range(len(edges))]
    bands = [(WAITING_BANDS[0], within[0])]
    bands += [(WAITING_BANDS[i], within[i] - within[i - 1]) for i in range(1, len(within))]
    bands.append((None, row["total"] - within[-1]))
    return {"total": row["total"], "bands": bands, "oldest": row["oldest"]}
