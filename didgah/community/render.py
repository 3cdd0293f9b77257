"""The comment list as HTML, built in Python.

A thread of 500 comments through Django's template engine (an include per comment and
per vote box) cost about 1.5 ms a comment, most of it variable lookups and number
localization; the same markup built here with format strings costs a few hundredths of
that. Every value goes through `escape` (or is an int, or our own escaped comment_html),
so nothing a reader typed can become markup. This is the only place the markup of a
comment is defined; the templates include it through the `comment_tree` tag.

The list is built in two steps so that most of it can be shared between readers:
`thread_chunks` turns the comments into a list of HTML strings, the same for everyone,
with one *slot* per comment for what depends on who is looking (the vote buttons and
their state, the CSRF token, reply/edit/delete/report); `fill` renders the slots for
one viewer. selectors.thread_html caches the chunks under the article's thread version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from didgah import persian

from .rules import comment_html


class _Strings:
    """Translated labels and URL patterns, looked up once per render."""

    def __init__(self):
        self.pending = escape(_("در انتظار بررسی؛ فقط شما آن را می‌بینید"))
        self.edited = escape(_("(ویرایش‌شده)"))
        self.removed = escape(_("این دیدگاه به دست نویسنده‌اش حذف شده است."))
        self.reply = escape(_("پاسخ"))
        self.edit = escape(_("ویرایش"))
        self.delete = escape(_("حذف"))
        self.report = escape(_("گزارش"))
        self.like = escape(_("می‌پسندم"))
        self.dislike = escape(_("نمی‌پسندم"))
        self.score = escape(_("امتیاز"))
        self.deleted_user = _("کاربر حذف‌شده")
        self.tz = timezone.get_current_timezone_name()
        self.urls = {
            name: reverse(f"community:{name}", args=[0]).replace("/0/", "/{}/")
            for name in ("comment_vote", "comment_reply", "comment_edit", "comment_delete", "comment_report")
        }


def author_line(comment, deleted_label: str | None = None) -> str:
    """«نام - شهر، کشور», or «کاربر حذف‌شده» once the account is gone (plain text)."""
    author = comment.author
    if author is None:
        return deleted_label or _("کاربر حذف‌شده")
    profile = getattr(author, "profile", None)
    if profile is None:
        return author.get_username()
    place = profile.place
    return f"{profile.display_name} - {place}" if place else profile.display_name


def _csrf_input(token) -> str:
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">' if token else ""


@dataclass
class Viewer:
    """Who is looking: what the per-viewer parts of a comment depend on."""

    user_id: int | None = None  # None: a visitor
    csrf_token: str = ""
    my_votes: dict = field(default_factory=dict)  # comment id → +1 / −1
    now: datetime | None = None
    edit_window: timedelta = timedelta(0)


def _vote_box(pk: int, author_id, likes: int, dislikes: int, score: int, *, user_id, my_vote: int,
              csrf_token, s: _Strings, vote_error: str | None = None) -> str:
    parts = [f'<div class="comment-vote" id="c-{pk}-vote">']
    if user_id is not None and author_id != user_id:
        url = s.urls["comment_vote"].format(pk)
        up_active, down_active = my_vote == 1, my_vote == -1
        parts.append(
            f'<form method="post" action="{url}" hx-post="{url}" hx-target="#c-{pk}-vote" hx-swap="outerHTML">'
            f"{_csrf_input(csrf_token)}"
            f'<button type="submit" name="value" value="1" class="comment-like{" is-active" if up_active else ""}" '
            f'aria-pressed="{"true" if up_active else "false"}" title="{s.like}">▲<span class="visually-hidden">'
            f'{s.like}</span> <span class="count">{persian.format_number(likes)}</span></button>'
            f'<button type="submit" name="value" value="-1" class="comment-dislike{" is-active" if down_active else ""}" '
            f'aria-pressed="{"true" if down_active else "false"}" title="{s.dislike}">▼<span class="visually-hidden">'
            f'{s.dislike}</span> <span class="count">{persian.format_number(dislikes)}</span></button>'
            "</form>"
        )
    parts.append(f'<span class="comment-score score" id="c-{pk}-score" dir="ltr" title="{s.score}">'
                 f"{persian.format_score(score)}</span>")
    if vote_error:
        parts.append(f'<span class="vote-error" role="alert">{escape(vote_error)}</span>')
    parts.append("</div>")
    return "".join(parts)


# A slot is a plain tuple (cheap to pickle into the cache):
# (comment id, author id, likes, dislikes, score, approved?, created_at)
def _slot(c) -> tuple:
    return (c.pk, c.author_id, c.likes, c.dislikes, c.score, c.status == "approved", c.created_at)


def _fill_slot(slot: tuple, viewer: Viewer, s: _Strings) -> str:
    """The comment's footer actions for one viewer: vote box, reply, edit, delete, report."""
    pk, author_id, likes, dislikes, score, approved, created_at = slot
    user_id = viewer.user_id
    out = _vote_box(pk, author_id, likes, dislikes, score, user_id=user_id, my_vote=viewer.my_votes.get(pk, 0),
                    csrf_token=viewer.csrf_token, s=s)
    if user_id is None:
        return out
    parts = [out]
    if approved:
        url = s.urls["comment_reply"].format(pk)
        parts.append(f'<a class="comment-reply" href="{url}" hx-get="{url}" hx-target="#c-{pk}-reply" '
                     f'hx-swap="innerHTML">{s.reply}</a>')
    if author_id == user_id:
        if viewer.now - created_at <= viewer.edit_window:
            parts.append(f'<a class="comment-edit" href="{s.urls["comment_edit"].format(pk)}">{s.edit}</a>')
        parts.append(f'<form class="inline" method="post" action="{s.urls["comment_delete"].format(pk)}">'
                     f'{_csrf_input(viewer.csrf_token)}<button type="submit" class="link-button comment-delete">'
                     f"{s.delete}</button></form>")
    else:
        parts.append(f'<a class="comment-report" href="{s.urls["comment_report"].format(pk)}">{s.report}</a>')
    return "".join(parts)


def _comment(c, *, s: _Strings, out: list) -> None:
    pk = c.pk
    classes = f"comment depth-{c.depth}"
    if c.is_deleted:
        classes += " is-deleted"
    if c.status == "pending":
        classes += " is-pending"
    out.append(
        f'<li class="{classes}" id="c-{pk}"><article class="comment-card" aria-labelledby="c-{pk}-author">'
        f'<header class="comment-meta"><span class="comment-author" id="c-{pk}-author">'
        f"{escape(author_line(c, s.deleted_user))}</span>"
        f'<a class="comment-time" href="#c-{pk}"><time datetime="{c.created_at.isoformat()}">'
        f"{persian.format_jalali(c.created_at, tz=s.tz)}</time></a>"
    )
    if c.edited_at:
        out.append(f'<span class="comment-edited">{s.edited}</span>')
    if c.status == "pending":
        out.append(f'<span class="comment-pending">{s.pending}</span>')
    out.append("</header>")
    if c.is_deleted:
        out.append(f'<p class="comment-removed">{s.removed}</p>')
    else:
        out.append(f'<div class="comment-body" dir="auto">{comment_html(c.body)}</div><footer class="comment-actions">')
        out.append(_slot(c))
        out.append(f'</footer><div class="reply-slot" id="c-{pk}-reply"></div>')
    out.append("</article>")
    children = getattr(c, "children", None)
    if children:
        out.append('<ol class="replies">')
        for child in children:
            _comment(child, s=s, out=out)
        out.append("</ol>")
    out.append("</li>")


def thread_chunks(comments) -> list:
    """The <li> of each comment (replies nested, as selectors.comment_thread prepared
    them) as strings shared by every viewer, with a slot tuple for each comment's
    per-viewer part. Adjacent strings are joined, so the list alternates."""
    raw: list = []
    s = _Strings()
    for c in comments:
        _comment(c, s=s, out=raw)
    chunks: list = []
    text: list[str] = []
    for item in raw:
        if isinstance(item, str):
            text.append(item)
        else:
            chunks.append("".join(text))
            chunks.append(item)
            text = []
    chunks.append("".join(text))
    return chunks


def fill(chunks: list, viewer: Viewer) -> SafeString:
    """The comment list for one viewer: the shared strings with the slots rendered."""
    s = _Strings()
    out = [chunk if isinstance(chunk, str) else _fill_slot(chunk, viewer, s) for chunk in chunks]
    return mark_safe("".join(out))  # noqa: S308 - every interpolated value is escaped above


def viewer_for(user, *, csrf_token="", my_votes=None, edit_minutes: int = 0) -> Viewer:
    if user is None or not user.is_authenticated:
        return Viewer()
    return Viewer(user_id=user.pk, csrf_token=csrf_token or "", my_votes=my_votes or {}, now=timezone.now(),
                  edit_window=timedelta(minutes=edit_minutes))


def comment_tree_html(comments, *, user, csrf_token, my_votes=None, edit_minutes: int = 0) -> SafeString:
    """The comment list for `user`, built without any cache."""
    return fill(thread_chunks(comments), viewer_for(user, csrf_token=csrf_token, my_votes=my_votes,
                                                    edit_minutes=edit_minutes))


def comment_vote_html(comment, *, user, csrf_token, vote_error: str | None = None) -> SafeString:
    user_id = user.pk if user is not None and user.is_authenticated else None
    return mark_safe(_vote_box(comment.pk, comment.author_id, comment.likes, comment.dislikes, comment.score,  # noqa: S308
                               user_id=user_id, my_vote=getattr(comment, "my_vote", 0), csrf_token=csrf_token,
                               s=_Strings(), vote_error=vote_error))
