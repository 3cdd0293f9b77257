"""The comment list as HTML, built in Python.

A thread of hundreds of comments through Django's template engine (an include per
comment and per vote box) cost far more than the same markup built here with format
strings. Every value goes through `escape` (or is an int, or our own escaped
comment_html), so nothing a reader typed can become markup. This is the only place the
markup of a comment is defined.

The markup is the same for every reader, so the page that holds it can be cached for
everyone: what depends on who is looking (their votes, edit and delete on their own
comments, the CSRF token) is applied in the browser from the reader's own small request
(views.personal, static/js/personal.js). Without JavaScript the vote buttons are a
GET form that leads to a small confirmation page with the token, and reply, edit,
delete and report are links to pages of their own.
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
        # A comment a moderator took down, kept in the list only as the place of the
        # replies still shown under it (selectors.comment_thread): no author, no text.
        self.withdrawn = escape(_("این دیدگاه برداشته شده است."))
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
    """«نام - شهر، کشور», the name an imported comment was signed with, or «کاربر
    حذف‌شده» once the account is gone (plain text)."""
    author = comment.author
    if author is None:
        return getattr(comment, "guest_name", "") or deleted_label or _("کاربر حذف‌شده")
    profile = getattr(author, "profile", None)
    if profile is None:
        return author.get_username()
    place = profile.place
    return f"{profile.display_name} - {place}" if place else profile.display_name


def iso_time(value) -> str:
    """A `<time datetime>` value HTML accepts: to the second, without microseconds."""
    return value.replace(microsecond=0).isoformat()


def _vote_value(value: int, on: bool) -> str:
    # A pressed button withdraws and an unpressed one casts: the button sends the state
    # the reader asks for, never "the same again", so a tab showing an old state cannot
    # undo a vote made in another (personal.js keeps this in step with what it marks
    # pressed; data-value is the vote the button casts).
    return "0" if on else str(value)


def _vote_box(pk: int, likes: int, dislikes: int, score: int, s: _Strings, *, my_vote: int = 0,
              error: str | None = None) -> str:
    url = s.urls["comment_vote"].format(pk)
    up, down = my_vote == 1, my_vote == -1
    # Ids on the buttons let htmx's outerHTML swap give focus back to the button pressed.
    parts = [
        f'<div class="comment-vote" id="c-{pk}-vote">'
        f'<form method="get" action="{url}" data-hx-post="{url}" data-hx-target="#c-{pk}-vote" '
        f'data-hx-swap="outerHTML"><input type="hidden" name="csrfmiddlewaretoken" value="">'
        f'<button type="submit" name="value" value="{_vote_value(1, up)}" data-value="1" id="c-{pk}-like" '
        f'class="comment-like{" is-active" if up else ""}" '
        f'aria-pressed="{"true" if up else "false"}" title="{s.like}"><span aria-hidden="true">▲</span>'
        f'<span class="visually-hidden">{s.like}</span> '
        f'<span class="count">{persian.format_number(likes)}</span></button>'
        f'<button type="submit" name="value" value="{_vote_value(-1, down)}" data-value="-1" id="c-{pk}-dislike" '
        f'class="comment-dislike{" is-active" if down else ""}" '
        f'aria-pressed="{"true" if down else "false"}" title="{s.dislike}"><span aria-hidden="true">▼</span>'
        f'<span class="visually-hidden">{s.dislike}</span> <span class="count">{persian.format_number(dislikes)}'
        f'</span></button></form>'
        f'<span class="comment-score score" id="c-{pk}-score" dir="ltr" title="{s.score}">'
        f"{persian.format_score(score)}</span>"
    ]
    if error:
        parts.append(f'<span class="vote-error" role="alert">{escape(error)}</span>')
    parts.append("</div>")
    return "".join(parts)


def _actions(c, s: _Strings) -> str:
    pk = c.pk
    parts = [_vote_box(pk, c.likes, c.dislikes, c.score, s)]
    if c.status == "approved":
        url = s.urls["comment_reply"].format(pk)
        parts.append(f'<a class="comment-reply" href="{url}" data-hx-get="{url}" data-hx-target="#c-{pk}-reply" '
                     f'data-hx-swap="innerHTML">{s.reply}</a>')
    # Shown by personal.js to the comment's author only (data-author).
    parts.append(f'<a class="comment-edit own-only" hidden href="{s.urls["comment_edit"].format(pk)}">{s.edit}</a>'
                 f'<a class="comment-delete own-only" hidden href="{s.urls["comment_delete"].format(pk)}">'
                 f"{s.delete}</a>"
                 f'<a class="comment-report others-only" href="{s.urls["comment_report"].format(pk)}">{s.report}</a>')
    return "".join(parts)


def _comment(c, *, s: _Strings, out: list) -> None:
    pk = c.pk
    withdrawn = getattr(c, "withdrawn", False)
    classes = f"comment depth-{c.depth}"
    if c.is_deleted:
        classes += " is-deleted"
    if c.status == "pending":
        classes += " is-pending"
    out.append(
        f'<li class="{classes}" id="c-{pk}" data-author="{c.author_id or ""}" '
        f'data-created="{int(c.created_at.timestamp())}"><article class="comment-card" aria-labelledby="c-{pk}-author">'
        f'<header class="comment-meta"><span class="comment-author" id="c-{pk}-author">'
        f"{'' if withdrawn else escape(author_line(c, s.deleted_user))}</span>"
        f'<a class="comment-time" href="#c-{pk}"><time datetime="{iso_time(c.created_at)}">'
        f"{persian.format_jalali(c.created_at, tz=s.tz)}</time></a>"
    )
    if c.edited_at:
        out.append(f'<span class="comment-edited">{s.edited}</span>')
    if c.status == "pending":
        out.append(f'<span class="comment-pending">{s.pending}</span>')
    out.append("</header>")
    if c.is_deleted:
        out.append(f'<p class="comment-removed">{s.withdrawn if withdrawn else s.removed}</p>')
    else:
        # Shown as the article's prose is: Latin digits of Persian sentences in Persian
        # digits, addresses and Latin names as written (the stored text is unchanged).
        out.append(f'<div class="comment-body" dir="auto">{persian.persian_digits_in_html(comment_html(c.body))}</div>'
                   f'<footer class="comment-actions">{_actions(c, s)}</footer>'
                   f'<div class="reply-slot" id="c-{pk}-reply"></div>')
    out.append("</article>")
    children = getattr(c, "children", None)
    if children:
        out.append('<ol class="replies">')
        for child in children:
            _comment(child, s=s, out=out)
        out.append("</ol>")
    out.append("</li>")


def comment_tree_html(comments) -> SafeString:
    """The <li> of each comment, replies nested (as selectors.comment_thread prepared
    them): the same markup for every reader."""
    out: list[str] = []
    s = _Strings()
    for c in comments:
        _comment(c, s=s, out=out)
    return mark_safe("".join(out))  # noqa: S308 - every interpolated value is escaped above


def comment_vote_html(comment, *, my_vote: int = 0, error: str | None = None) -> SafeString:
    """One comment's vote box, as the reader who just voted sees it (htmx's answer)."""
    return mark_safe(_vote_box(comment.pk, comment.likes, comment.dislikes, comment.score,  # noqa: S308
                               _Strings(), my_vote=my_vote, error=error))


def article_vote_html(article, *, my_vote: int = 0, error: str | None = None, token: str = "") -> SafeString:
    """The article's vote box. On the page (the same for everyone) its form is a GET
    without a token: without JavaScript it leads to the confirmation page, and
    personal.js puts the reader's token in and makes it post. htmx's answer to a vote
    carries the reader's `token` and posts at once."""
    url = reverse("community:article_vote", args=[article.pk])
    up, down = my_vote == 1, my_vote == -1
    vote, agree, disagree = escape(_("رأی دهید")), escape(_("موافقم")), escape(_("مخالفم"))
    score_label = escape(_("امتیاز خبر"))
    tally = escape(_("%(up)s موافق، %(down)s مخالف") % {
        "up": persian.format_number(article.votes_up), "down": persian.format_number(article.votes_down)})
    # The glyphs are hidden from screen readers, which would read «مثلث رو به بالا»
    # before the button's name; a generic span may not carry a name, hence role=group.
    parts = [
        f'<div class="vote-box" id="article-vote">\n  <span class="vote-label">{vote}</span>\n  '
        f'<form method="{"post" if token else "get"}" action="{url}" data-hx-post="{url}" '
        f'data-hx-target="#article-vote" data-hx-swap="outerHTML">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">\n    '
        f'<button type="submit" name="value" value="{_vote_value(1, up)}" data-value="1" '
        f'class="vote-up{" is-active" if up else ""}" id="article-vote-up" '
        f'aria-pressed="{"true" if up else "false"}" title="{agree}"><span aria-hidden="true">▲</span>'
        f'<span class="visually-hidden">{agree}</span></button>\n    '
        f'<span class="score" role="group" aria-label="{score_label}" id="article-score" dir="ltr">'
        f'{persian.format_score(article.score)}</span>\n    '
        f'<button type="submit" name="value" value="{_vote_value(-1, down)}" data-value="-1" '
        f'class="vote-down{" is-active" if down else ""}" '
        f'id="article-vote-down" aria-pressed="{"true" if down else "false"}" title="{disagree}">'
        f'<span aria-hidden="true">▼</span><span class="visually-hidden">{disagree}</span></button>\n  </form>\n  '
        f'<span class="vote-tally">{tally}</span>\n  '
    ]
    if error:
        parts.append(f'<p class="vote-error" role="alert">{escape(error)}</p>\n')
    parts.append("</div>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated value is escaped above
