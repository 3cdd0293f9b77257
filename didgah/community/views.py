"""Community endpoints. Every state change is a POST with CSRF. Without JavaScript a
POST ends in a redirect back to the article (at the comment it touched); with htmx
(the HX-Request header) the view answers with the fragment to swap in place."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from didgah.news.models import Article

from . import selectors, services
from .errors import CommunityError
from .forms import CommentForm, ReportForm
from .lane import LANE_TRIED
from .models import Comment


# Redirects are HttpResponseRedirect(url), not shortcuts.redirect(url): given a URL,
# redirect() first tries it as a view name for reverse(), which fails with an exception
# on every call (a tenth of a vote's CPU).


def _is_htmx(request) -> bool:
    # From META: request.headers would build a dict of every header to read this one.
    return request.META.get("HTTP_HX_REQUEST") == "true"


def _article_or_404(request, pk: int) -> Article:
    article = selectors.article_for_action(pk=pk, user=request.user)
    if article is None:
        raise Http404
    return article


def _comment_or_404(pk: int) -> Comment:
    comment = selectors.comment_for_action(pk=pk)
    if comment is None or not comment.article.is_visible:
        raise Http404
    return comment


def _login_redirect(request, article: Article):
    query = urlencode({"next": f"{article.get_absolute_url()}#comments"})
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{reverse('accounts:login')}?{query}"
        return response
    return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")


@lru_cache(maxsize=1024)
def _article_url(prefix: str, pk: int, slug: str) -> str:
    # Keyed by the script prefix too, which reverse() puts in front of every URL.
    return Article(pk=pk, slug=slug).get_absolute_url()


def article_comments_url(article: Article, *, page: int | str | None = None, order: str | None = None,
                         anchor: str = "comments") -> str:
    params = {}
    if order and order != selectors.DEFAULT_ORDER:
        params["corder"] = order
    if page == selectors.LAST_PAGE or (page and page > 1):
        params["cpage"] = page
    query = f"?{urlencode(params)}" if params else ""
    return f"{_article_url(get_script_prefix(), article.pk, article.slug)}{query}#{anchor}"


def section_context(request, article: Article, *, order=None, page=None, form=None) -> dict:
    """Everything the comments section template needs (the article page and htmx)."""
    user = request.user
    # Only a reader's forms carry the token: a visitor's page sets no CSRF cookie, so the
    # same page can be served to every visitor.
    csrf_token = get_token(request) if user.is_authenticated else ""
    thread = selectors.thread_page(article=article, user=user, order=order or selectors.DEFAULT_ORDER,
                                   page=page or 1, csrf_token=csrf_token)
    problem = services.participation_problem(user=user) if user.is_authenticated else None
    return {
        "article": article,
        "thread": thread,
        "orders": [("oldest", _("قدیمی‌ترین")), ("newest", _("تازه‌ترین")), ("best", _("بهترین"))],
        "my_article_vote": selectors.article_vote_of(article=article, user=user),
        "participation_problem": problem,
        "form": form or CommentForm(),
        "user": user,
        "request": request,
        "next_url": f"{article.get_absolute_url()}#comments",
    }


def _render_section(request, article, **kwargs) -> HttpResponse:
    context = section_context(request, article, **kwargs)
    return render(request, "community/_section.html", context)


@require_GET
def comments_fragment(request, pk: int):
    """The comments section alone (htmx: switching order or page in place)."""
    article = _article_or_404(request, pk)
    return _render_section(request, article, order=request.GET.get("corder"), page=request.GET.get("cpage"))


@require_POST
def comment_post(request, pk: int):
    article = selectors.article_action_target(pk=pk, user=request.user)
    if article is None:
        raise Http404
    if not request.user.is_authenticated:
        return _login_redirect(request, article)
    form = CommentForm(request.POST)
    parent = None
    error = None
    if form.is_valid():
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"], article_id=article.pk).first()
            if parent is None:
                error = _("به این دیدگاه نمی‌توان پاسخ داد.")
        if error is None:
            try:
                comment = services.comment_create(article=article, author=request.user, body=form.cleaned_data["body"],
                                                  parent=parent)
            except CommunityError as exc:
                error = exc.message
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if error or _is_htmx(request):
        article = _article_or_404(request, pk)  # every field: these responses render it
    if error:
        template = "community/_form.html" if _is_htmx(request) else "community/comment_form.html"
        return render(request, template, {"form": form, "article": article, "parent": parent, "error": error,
                                          "action": reverse("community:comment_post", args=[article.pk])},
                      status=200 if _is_htmx(request) else 400)
    page = selectors.new_comment_page(article=article, comment=comment)
    if comment.status == Comment.Status.PENDING:
        messages.info(request, _("دیدگاه شما ثبت شد و پس از بررسی نمایش داده می‌شود."))
    if _is_htmx(request):
        response = _render_section(request, article, page=page)
        response["HX-Retarget"] = "#comments"
        response["HX-Reswap"] = "outerHTML"
        return response
    return HttpResponseRedirect(article_comments_url(article, page=page, anchor=f"c-{comment.pk}"))


def comment_reply(request, pk: int):
    """The reply form under a comment (a page of its own without JavaScript)."""
    parent = _comment_or_404(pk)
    article = parent.article
    if not request.user.is_authenticated:
        return _login_redirect(request, article)
    form = CommentForm(initial={"parent": parent.pk})
    context = {"form": form, "article": article, "parent": parent,
               "action": reverse("community:comment_post", args=[article.pk]),
               "problem": services.participation_problem(user=request.user)}
    template = "community/_form.html" if _is_htmx(request) else "community/comment_form.html"
    return render(request, template, context)


def comment_edit(request, pk: int):
    comment = _comment_or_404(pk)
    article = comment.article
    if not request.user.is_authenticated:
        return _login_redirect(request, article)
    if comment.author_id != request.user.pk:
        raise Http404  # another reader's comment: nothing to edit here
    error = None
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
            except CommunityError as exc:
                error = exc.message
            else:
                return HttpResponseRedirect(article_comments_url(article, page=selectors.comment_page_of(comment=comment),
                                                     anchor=f"c-{comment.pk}"))
        else:
            error = _("متن دیدگاه خالی است.")
    elif not services.comment_editable(comment=comment, user=request.user):
        error = _("زمان ویرایش این دیدگاه گذشته است.")
    return render(request, "community/comment_edit.html", {"form": form, "comment": comment, "article": article,
                                                           "error": error}, status=400 if error and request.method == "POST" else 200)


@require_POST
def comment_delete(request, pk: int):
    comment = _comment_or_404(pk)
    if not request.user.is_authenticated:
        return _login_redirect(request, comment.article)
    try:
        services.comment_delete(comment=comment, user=request.user)
    except CommunityError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(article_comments_url(comment.article, anchor=f"c-{comment.pk}"))
    messages.success(request, _("دیدگاه شما حذف شد."))
    return HttpResponseRedirect(article_comments_url(comment.article, page=selectors.comment_page_of(comment=comment),
                                         anchor=f"c-{comment.pk}"))


def vote_value(request) -> int:
    try:
        return int(request.POST.get("value", ""))
    except ValueError:
        return 99  # refused by the service with a Persian message


def voted_redirect(pk: int, slug: str) -> HttpResponseRedirect:
    """Back to the article's vote control after a vote without JavaScript. The URL is
    remembered: everyone voting on a popular story is sent to the same one, and
    reverse() was a tenth of a vote's CPU."""
    return HttpResponseRedirect(f"{_article_url(get_script_prefix(), pk, slug)}#article-vote")


@require_POST
def article_vote(request, pk: int):
    quick = services.NOT_DONE
    if LANE_TRIED in request.META:
        # The vote lane (lane.py) tried the quick vote and it did not decide.
        quick = services.QuickVote(done=False, limit_counted=request.META[LANE_TRIED])
    elif not _is_htmx(request):
        # The common case (on PostgreSQL in one round trip); anything else takes the
        # full path below.
        quick = services.article_vote_quick(article_id=pk, user=request.user, value=vote_value(request))
        if quick.done:
            return voted_redirect(pk, quick.slug)
    article = selectors.article_action_target(pk=pk, user=request.user)
    if article is None:
        raise Http404
    if not request.user.is_authenticated:
        return _login_redirect(request, article)
    error = None
    try:
        services.article_vote(article=article, user=request.user, value=vote_value(request),
                              enforce_limits=not quick.limit_counted)
    except CommunityError as exc:
        error = exc.message
    if _is_htmx(request):
        article.refresh_from_db(fields=["score", "votes_up", "votes_down"])
        return render(request, "community/_article_vote.html", {
            "article": article, "my_article_vote": selectors.article_vote_of(article=article, user=request.user),
            "vote_error": error, "user": request.user, "next_url": f"{article.get_absolute_url()}#comments"})
    if error:
        messages.error(request, error)
    return voted_redirect(article.pk, article.slug)


@require_POST
def comment_vote(request, pk: int):
    comment = _comment_or_404(pk)
    if not request.user.is_authenticated:
        return _login_redirect(request, comment.article)
    error = None
    try:
        services.comment_vote(comment=comment, user=request.user, value=vote_value(request))
    except CommunityError as exc:
        error = exc.message
    if _is_htmx(request):
        fresh = selectors.comment_with_vote(pk=comment.pk, user=request.user)
        return render(request, "community/_comment_vote.html", {"c": fresh, "vote_error": error, "user": request.user})
    if error:
        messages.error(request, error)
    return HttpResponseRedirect(article_comments_url(comment.article, page=selectors.comment_page_of(comment=comment),
                                         anchor=f"c-{comment.pk}"))


def comment_report(request, pk: int):
    comment = _comment_or_404(pk)
    if not request.user.is_authenticated:
        return _login_redirect(request, comment.article)
    form = ReportForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(comment=comment, reporter=request.user, reason=form.cleaned_data["reason"],
                                    note=form.cleaned_data["note"])
        except CommunityError as exc:
            error = exc.message
        else:
            messages.success(request, _("گزارش شما ثبت شد. سپاس که به پاکیزگی گفت‌وگو کمک می‌کنید."))
            return HttpResponseRedirect(article_comments_url(comment.article, anchor="comments"))
    return render(request, "community/report.html", {"form": form, "comment": comment, "article": comment.article,
                                                     "error": error})
