"""The comment list as HTML, built in Python.

A thread of 500 comments through Django's template engine (an include per comment and
per vote box) cost about 1.5 ms a comment, most of it variable lookups and number
localization; the same markup built here with format strings costs a few hundredths of
that. Every value goes through `escape` (or is an int, or our own escaped comment_html),
so nothing a reader typed can become markup. This is the only place the markup of a
comment is defined; the templates include it through the `comment_tree` tag.
"""

from __future__ import annotations

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


def _vote_box(c, *, user, csrf_token, s: _Strings, vote_error: str | None = None) -> str:
    pk = c.pk
    parts = [f'<div class="comment-vote" id="c-{pk}-vote">']
    my_vote = getattr(c, "my_vote", 0)
    if user is not None and user.is_authenticated and c.author_id != user.pk:
        url = s.urls["comment_vote"].format(pk)
        up_active, down_active = my_vote == 1, my_vote == -1
        parts.append(
            f'<form method="post" action="{url}" hx-post="{url}" hx-target="#c-{pk}-vote" hx-swap="outerHTML">'
            f"{_csrf_input(csrf_token)}"
            f'<button type="submit" name="value" value="1" class="comment-like{" is-active" if up_active else ""}" '
            f'aria-pressed="{"true" if up_active else "false"}" title="{s.like}">▲<span class="visually-hidden">'
            f'{s.like}</span> <span class="count">{persian.format_number(c.likes)}</span></button>'
            f'<button type="submit" name="value" value="-1" class="comment-dislike{" is-active" if down_active else ""}" '
            f'aria-pressed="{"true" if down_active else "false"}" title="{s.dislike}">▼<span class="visually-hidden">'
            f'{s.dislike}</span> <span class="count">{persian.format_number(c.dislikes)}</span></button>'
            "</form>"
        )
    parts.append(f'<span class="comment-score score" id="c-{pk}-score" dir="ltr" title="{s.score}">'
                 f"{persian.format_score(c.score)}</span>")
    if vote_error:
        parts.append(f'<span class="vote-error" role="alert">{escape(vote_error)}</span>')
    parts.append("</div>")
    return "".join(parts)


def _comment(c, *, user, csrf_token, s: _Strings, out: list) -> None:
    pk = c.pk
    classes = f"comment depth-{c.depth}"
    if c.is_deleted:
        classes += " is-deleted"
    if c.status == "pending":
        classes += " is-pending"
    authenticated = user is not None and user.is_authenticated
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
        out.append(_vote_box(c, user=user, csrf_token=csrf_token, s=s))
        if authenticated and c.status == "approved":
            url = s.urls["comment_reply"].format(pk)
            out.append(f'<a class="comment-reply" href="{url}" hx-get="{url}" hx-target="#c-{pk}-reply" '
                       f'hx-swap="innerHTML">{s.reply}</a>')
        if getattr(c, "can_edit", False):
            out.append(f'<a class="comment-edit" href="{s.urls["comment_edit"].format(pk)}">{s.edit}</a>')
        is_mine = getattr(c, "is_mine", False)
        if is_mine:
            out.append(f'<form class="inline" method="post" action="{s.urls["comment_delete"].format(pk)}">'
                       f'{_csrf_input(csrf_token)}<button type="submit" class="link-button comment-delete">'
                       f"{s.delete}</button></form>")
        if authenticated and not is_mine:
            out.append(f'<a class="comment-report" href="{s.urls["comment_report"].format(pk)}">{s.report}</a>')
        out.append(f'</footer><div class="reply-slot" id="c-{pk}-reply"></div>')
    out.append("</article>")
    children = getattr(c, "children", None)
    if children:
        out.append('<ol class="replies">')
        for child in children:
            _comment(child, user=user, csrf_token=csrf_token, s=s, out=out)
        out.append("</ol>")
    out.append("</li>")


def comment_tree_html(comments, *, user, csrf_token) -> SafeString:
    """The <li> of each comment (with its replies nested), as selectors.comment_thread
    prepared them (children, my_vote, is_mine, can_edit)."""
    s = _Strings()
    out: list[str] = []
    for c in comments:
        _comment(c, user=user, csrf_token=csrf_token, s=s, out=out)
    return mark_safe("".join(out))  # noqa: S308 - every interpolated value is escaped above


def comment_vote_html(comment, *, user, csrf_token, vote_error: str | None = None) -> SafeString:
    return mark_safe(_vote_box(comment, user=user, csrf_token=csrf_token, s=_Strings(), vote_error=vote_error))  # noqa: S308
