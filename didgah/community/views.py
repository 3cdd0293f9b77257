"""Community endpoints. Every change is a POST with CSRF; every comment and article is
reached through selectors.comment_access / article_access, which decide what this
reader may see and do.

The article page is the same for everyone and cached (news.views.article_detail);
what is personal on it comes from `personal`, one small uncached request the page makes
after it loads. With JavaScript (htmx), votes and comments are posted in place and the
view answers with the fragment to swap in. Without it, each action is a page of its own
(the vote and delete buttons lead to a confirmation page carrying the CSRF token) that
ends on a page saying what happened, with a link back to the article."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from didgah.accounts.selectors import session_account
from didgah.common.pagecache import shared_page
from didgah.news.models import Article

from . import selectors, services, signals, viewcount
from .errors import CommunityError
from .forms import CommentForm, ReportForm
from .models import Comment
from .render import article_vote_html, comment_vote_html
from .templatetags.community import section_context

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _is_htmx(request) -> bool:
    return request.META.get("HTTP_HX_REQUEST") == "true"


def _article_or_404(request, pk: int) -> Article:
    article = selectors.article_access(pk=pk, user=request.user)
    if article is None:
        raise Http404
    return article


def _comment_or_404(request, pk: int, action: str) -> Comment:
    comment = selectors.comment_access(pk=pk, user=request.user, action=action)
    if comment is None:
        raise Http404
    return comment


def _login_redirect(request, article: Article, *, comment: Comment | None = None, anchor: str = "comments",
                    next_url: str | None = None):
    """To the sign-in page, and back afterwards where the reader was acting: the comment
    (on its page of the thread), `next_url` (the report form), else `anchor` (the vote box,
    the comments)."""
    if comment is not None:
        next_url = article_comments_url(article, page=selectors.comment_page_of(comment=comment),
                                        anchor=f"c-{comment.pk}")
    query = urlencode({"next": next_url or article_comments_url(article, anchor=anchor)})
    url = f"{reverse('accounts:login')}?{query}"
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def article_comments_url(article: Article, *, page: int | str | None = None, order: str | None = None,
                         anchor: str = "comments") -> str:
    params = {}
    if order and order != selectors.DEFAULT_ORDER:
        params["corder"] = order
    if page == selectors.LAST_PAGE or (isinstance(page, int) and page > 1):
        params["cpage"] = page
    query = f"?{urlencode(params)}" if params else ""
    return f"{article.get_absolute_url()}{query}#{anchor}"


def _done(request, article: Article, *, title: str, message: str, anchor: str = "comments", status: int = 200,
          comment: Comment | None = None):
    """The page that ends an action without JavaScript: what happened, and the way back."""
    return render(request, "community/done.html", {
        "article": article, "title": title, "message": message, "comment": comment,
        "back_url": f"{article.get_absolute_url()}#{anchor}"}, status=status)


@require_GET
@shared_page
def comments_fragment(request, pk: int):
    """The comments section alone (htmx: switching order or page in place); the same
    for everyone, so cached like the article page."""
    article = selectors.article_access(pk=pk)
    if article is None:
        raise Http404
    return render(request, "community/_section.html",
                  section_context(article, order=request.GET.get("corder"), page=request.GET.get("cpage")))


@require_GET
@never_cache
def personal(request):
    """What is personal on a cached page, as JSON: who is signed in, their CSRF token (or
    the name of the cookie that holds it), what selectors.personal_state keeps for them
    (their votes and own comments on the article, ?article=ID, whether they may take
    part, notifications), and their pending messages. The page's script applies it (static/js/personal.js).
    An article's view is counted here, into the cache (viewcount), never on the page.

    The reader's account is read (request.user) only when their kept part cannot answer
    for their session (selectors.personal_state): a reader's next page costs the
    session and one cache round trip, for their parts, the article's row and whether
    their view of it was counted in the last hour."""
    try:
        article_id = int(request.GET.get("article", ""))
    except ValueError:
        article_id = None
    account = session_account(request.session)
    state, article = None, None
    if account is not None:
        seen = viewcount.seen_key(article_id=article_id or 0, viewer=viewcount.viewer_key(user_id=account[0]))
        personal = selectors.personal_state(user=request.user, account=account, article_id=article_id,
                                            also=(seen,) if article_id is not None else ())
        state, article = personal.state, personal.article
        if state is not None and article is not None:
            viewcount.view_count(request, article_id=article.pk, user_id=account[0],
                                 seen=personal.also.get(seen) is not None)
    if state is None and article_id is not None:  # a visitor
        article = selectors.article_access(pk=article_id, user=request.user)
        if article is not None:
            viewcount.view_count(request, article_id=article.pk)
    data = {"signed_in": state is not None}
    if state is not None:
        data.update(state)
        if request.META.get("CSRF_COOKIE") and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            # The page's script puts the token of the reader's CSRF cookie in their forms
            # (Django's way for scripts): no masked token is made for every page view,
            # and no secret is written into a compressed answer.
            data["csrf_cookie"] = settings.CSRF_COOKIE_NAME
        else:  # no cookie yet: this answer sets it
            data["csrf_token"] = get_token(request)
    data["messages"] = [{"level": m.tags, "text": str(m)} for m in messages.get_messages(request)]
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response


@GET_POST
def comment_post(request, pk: int):
    """GET: the comment form on a page of its own (without JavaScript). POST: the comment."""
    article = _article_or_404(request, pk)
    if not request.user.is_authenticated:
        return _login_redirect(request, article)
    action = reverse("community:comment_post", args=[article.pk])
    if request.method != "POST":
        return render(request, "community/comment_form.html", {
            "form": CommentForm(), "article": article, "parent": None, "action": action,
            "problem": selectors.participation_problem(user=request.user), "with_token": True})
    form = CommentForm(request.POST)
    parent, error, comment = None, None, None
    if form.is_valid():
        if form.cleaned_data.get("parent"):
            parent = selectors.comment_access(pk=form.cleaned_data["parent"], user=request.user, action="reply")
            if parent is None or parent.article_id != article.pk:
                error = _("به این دیدگاه نمی‌توان پاسخ داد.")
        if error is None:
            try:
                comment = services.comment_create(article=article, author=request.user,
                                                  body=form.cleaned_data["body"], parent=parent)
            except CommunityError as exc:
                error = exc.message
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if error:
        template = "community/_form.html" if _is_htmx(request) else "community/comment_form.html"
        return render(request, template, {"form": form, "article": article, "parent": parent, "error": error,
                                          "action": action, "with_token": True},
                      status=200 if _is_htmx(request) else 400)
    pending = comment.status == Comment.Status.PENDING
    message = (_("دیدگاه شما ثبت شد و پس از بررسی نمایش داده می‌شود.") if pending
               else _("دیدگاه شما ثبت شد و تا چند ثانیهٔ دیگر برای همه نمایش داده می‌شود."))
    if _is_htmx(request):
        # The comment itself reaches the list through personal.js at once, and through
        # the cached page for everyone. A reply's form gives way to the confirmation;
        # the main form comes back empty, with it.
        if parent is not None:
            response = render(request, "community/_posted.html", {"notice": message})
        else:
            response = render(request, "community/_form.html", {
                "form": CommentForm(), "article": article, "parent": None, "notice": message, "action": action,
                "with_token": True})
        response["HX-Trigger"] = "didgah:commented"
        return response
    return _done(request, article, title=_("دیدگاه ثبت شد"), message=message, anchor=f"c-{comment.pk}",
                 comment=comment)


@require_GET
def comment_reply(request, pk: int):
    """The reply form under a comment (a page of its own without JavaScript)."""
    parent = _comment_or_404(request, pk, "reply")
    article = parent.article
    if not request.user.is_authenticated:
        return _login_redirect(request, article, comment=parent)
    context = {"form": CommentForm(initial={"parent": parent.pk}), "article": article, "parent": parent,
               "action": reverse("community:comment_post", args=[article.pk]),
               "problem": selectors.participation_problem(user=request.user), "with_token": True}
    template = "community/_form.html" if _is_htmx(request) else "community/comment_form.html"
    return render(request, template, context)


@GET_POST
def comment_edit(request, pk: int):
    if not request.user.is_authenticated:
        comment = _comment_or_404(request, pk, "view")
        return _login_redirect(request, comment.article, comment=comment)
    comment = _comment_or_404(request, pk, "edit")
    article = comment.article
    error = None
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
            except CommunityError as exc:
                error = exc.message
            else:
                return _done(request, article, title=_("دیدگاه ویرایش شد"), anchor=f"c-{comment.pk}",
                             message=_("ویرایش شما ثبت شد و تا چند ثانیهٔ دیگر برای همه نمایش داده می‌شود."))
        else:
            error = _("متن دیدگاه خالی است.")
    elif not services.comment_editable(comment=comment, user=request.user):
        error = _("زمان ویرایش این دیدگاه گذشته است.")
    return render(request, "community/comment_edit.html", {"form": form, "comment": comment, "article": article,
                                                           "error": error},
                  status=400 if error and request.method == "POST" else 200)


@GET_POST
def comment_delete(request, pk: int):
    """GET: asks whether to delete (nothing is deleted by following a link). POST: deletes."""
    if not request.user.is_authenticated:
        comment = _comment_or_404(request, pk, "view")
        return _login_redirect(request, comment.article, comment=comment)
    comment = _comment_or_404(request, pk, "delete")
    if request.method != "POST":
        return render(request, "community/comment_delete.html", {"comment": comment, "article": comment.article})
    try:
        services.comment_delete(comment=comment, user=request.user)
    except CommunityError as exc:
        return _done(request, comment.article, title=_("حذف نشد"), message=exc.message, status=400)
    return _done(request, comment.article, title=_("دیدگاه حذف شد"), anchor=f"c-{comment.pk}",
                 message=_("دیدگاه شما حذف شد؛ متن آن دیگر به خوانندگان نشان داده نمی‌شود."))


def _token_sent(request) -> str:
    """The CSRF token this POST carried, which CsrfViewMiddleware has just accepted (from
    the form, else the header, as it reads them), for the form htmx's answer puts back.
    Django's get_token would make a masked token from the system's randomness, one call
    per character, each letting go of the interpreter's lock; and the answer reflects
    nothing a third party sends, so the reader's own token is no secret to its length."""
    return request.POST.get("csrfmiddlewaretoken") or request.META.get("HTTP_X_CSRFTOKEN", "")


def _vote_value(request) -> int:
    try:
        return int(request.POST.get("value", ""))
    except ValueError:
        return 99  # refused by the service with a Persian message


@GET_POST
def article_vote(request, pk: int):
    """GET: a confirmation page carrying the CSRF token (the cached page's buttons lead
    here without JavaScript). POST: the vote; htmx gets the vote box back. The reader
    and the article come from the cache in one round trip (acting_reader)."""
    key = selectors.article_key(pk)
    reader = selectors.acting_reader(request=request, also=(key,))
    article = selectors.article_access(pk=pk, user=request.user, kept=reader.also[key] if reader else None)
    if article is None:
        raise Http404
    if reader is None:
        return _login_redirect(request, article, anchor="article-vote")
    if request.method != "POST":
        value = request.GET.get("value") if request.GET.get("value") in ("1", "-1", "0") else "1"
        return render(request, "community/vote_confirm.html", {
            "article": article, "value": value, "action": reverse("community:article_vote", args=[article.pk])})
    error, mine = None, 0
    try:
        # The button sends the state the reader asks for (render._vote_value): the same
        # value again, from a tab that did not show the vote, must not withdraw it.
        mine = services.article_vote(article=article, user=reader, value=_vote_value(request))
    except CommunityError as exc:
        error = exc.message
        mine = selectors.article_vote_of(article=article, user_id=reader.pk)
    if _is_htmx(request):
        return HttpResponse(article_vote_html(article, my_vote=mine, error=error, token=_token_sent(request)))
    if error:
        return _done(request, article, title=_("رأی ثبت نشد"), message=error, anchor="article-vote", status=400)
    message = {1: _("رأی موافق شما ثبت شد."), -1: _("رأی مخالف شما ثبت شد."), 0: _("رأی شما پس گرفته شد.")}[mine]
    return _done(request, article, title=_("رأی ثبت شد"), message=message, anchor="article-vote")


@GET_POST
def comment_vote(request, pk: int):
    comment = _comment_or_404(request, pk, "vote")
    reader = selectors.acting_reader(request=request)
    if reader is None:
        return _login_redirect(request, comment.article, comment=comment)
    if request.method != "POST":
        value = request.GET.get("value") if request.GET.get("value") in ("1", "-1", "0") else "1"
        return render(request, "community/vote_confirm.html", {
            "article": comment.article, "comment": comment, "value": value,
            "action": reverse("community:comment_vote", args=[comment.pk])})
    error, mine = None, 0
    try:
        mine = services.comment_vote(comment=comment, user=reader, value=_vote_value(request))
    except CommunityError as exc:
        error = exc.message
        mine = selectors.comment_vote_of(comment=comment, user_id=reader.pk)
    if _is_htmx(request):
        return HttpResponse(comment_vote_html(comment, my_vote=mine, error=error))
    if error:
        return _done(request, comment.article, title=_("رأی ثبت نشد"), message=error, anchor=f"c-{comment.pk}",
                     status=400)
    message = {1: _("پسند شما ثبت شد."), -1: _("ناپسند شما ثبت شد."), 0: _("رأی شما پس گرفته شد.")}[mine]
    return _done(request, comment.article, title=_("رأی ثبت شد"), message=message, anchor=f"c-{comment.pk}")


@GET_POST
def comment_report(request, pk: int):
    comment = _comment_or_404(request, pk, "report")
    if not request.user.is_authenticated:
        # Back to the report form itself: the reader came to report, not to read.
        return _login_redirect(request, comment.article, next_url=request.get_full_path())
    form = ReportForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(comment=comment, reporter=request.user, reason=form.cleaned_data["reason"],
                                    note=form.cleaned_data["note"])
        except CommunityError as exc:
            error = exc.message
        else:
            return _done(request, comment.article, title=_("گزارش ثبت شد"), anchor=f"c-{comment.pk}",
                         message=_("گزارش شما ثبت شد. سپاس که به پاکیزگی گفت‌وگو کمک می‌کنید."))
    return render(request, "community/report.html", {"form": form, "comment": comment, "article": comment.article,
                                                     "error": error}, status=400 if error else 200)
