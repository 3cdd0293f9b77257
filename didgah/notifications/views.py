"""Notification pages: the list (marked read when seen), following an article's
thread, the settings form on the profile page, and the one-click unsubscribe of the
mail. Every page here is the reader's own: never cached, never shared."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from didgah.common.views import post_or_back
from didgah.community import selectors as community_selectors
from didgah.community.views import article_comments_url

from . import selectors, services, texts
from .forms import FollowForm, SettingsForm
from .models import Notification, NotificationSettings

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


@never_cache
@login_required
def notification_list(request):
    """The reader's notifications, newest first; those on the page are marked read
    once shown (the page still marks them as new this time)."""
    page = selectors.notification_page(user=request.user, page=request.GET.get("page"))
    items = [{"n": n, "sentence": texts.sentence(n), "new": n.read_at is None,
              "excerpt": texts.excerpt(n.comment, 200) if n.kind in Notification.ONCE_PER_COMMENT else "",
              "link": (reverse("notifications:go", args=[n.comment_id])
                       if n.comment_id and n.kind != Notification.Kind.REJECTED else n.article.get_absolute_url())}
             for n in page.object_list]
    response = render(request, "notifications/list.html", {"page": page, "items": items})
    services.notifications_mark_read(user=request.user, ids=[i["n"].pk for i in items if i["new"]])
    return response


@never_cache
@login_required
@post_or_back("notifications:list")
def mark_all_read(request):
    services.notifications_mark_read(user=request.user)
    messages.success(request, _("همهٔ اعلان‌ها خوانده شدند."))
    return redirect("notifications:list")


@never_cache
def go(request, pk: int):
    """A comment a notification points at: its article, on the page of comments it is
    on, scrolled to it; the article's comments if the comment is no longer shown."""
    comment = community_selectors.comment_access(pk=pk, user=request.user, action="view")
    if comment is None:
        # A comment rejected after the notification was sent (the author's own «held for
        # review» one among them) has no place on the page any more; its article still
        # is the place the notification is about, for the reader it was about. To anyone
        # else, and for a comment gone altogether, it is missing.
        article_id = selectors.notified_comment_article_id(pk=pk, user=request.user)
        article = (community_selectors.article_access(pk=article_id, user=request.user)
                   if article_id is not None else None)
        if article is None:
            raise Http404
        return HttpResponseRedirect(article_comments_url(article))
    page = community_selectors.comment_page_of(comment=comment)
    return HttpResponseRedirect(article_comments_url(comment.article, page=page, anchor=f"c-{comment.pk}"))


def _back(request, article) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return f"{article.get_absolute_url()}#comments"


@never_cache
@GET_POST
def follow(request, pk: int):
    """GET: whether the reader follows the article's thread, with the button (the page
    without JavaScript). POST (CSRF): follow or stop following; answered in JSON to the
    page's script (personal.js), else back to the article with a message."""
    article = community_selectors.article_access(pk=pk, user=request.user)
    if article is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={reverse('notifications:follow', args=[article.pk])}")
    if request.method == "POST":
        form = FollowForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["action"] == "follow":
                services.thread_follow(user=request.user, article=article)
                message = _("این گفت‌وگو را دنبال می‌کنید؛ از دیدگاه‌های تازهٔ آن باخبر می‌شوید.")
            else:
                services.thread_unfollow(user=request.user, article=article)
                message = _("دیگر این گفت‌وگو را دنبال نمی‌کنید.")
            if "application/json" in request.headers.get("Accept", ""):
                part = selectors.personal_part(user=request.user, article=article)
                return JsonResponse({**part["follow"], "message": message})
            messages.success(request, message)
            return HttpResponseRedirect(_back(request, article))
    return render(request, "notifications/follow.html", {
        "article": article, "following": selectors.is_following(user=request.user, article=article),
        "next": _back(request, article)})


@never_cache
@login_required
@post_or_back("accounts:profile#notification-settings")
def settings_update(request):
    form = SettingsForm(request.POST)
    if form.is_valid():
        services.notification_settings_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("تنظیمات اعلان‌ها ذخیره شد."))
    else:
        messages.error(request, _("تنظیمات اعلان‌ها ذخیره نشد: گزینه‌ای نامعتبر بود."))
    return redirect(reverse("accounts:profile") + "#notification-settings")


@never_cache
@csrf_exempt
@GET_POST
def unsubscribe(request, token: str):
    """RFC 8058: a POST to the address in the mail's List-Unsubscribe header stops that
    mail, with no session and no CSRF token (the signed token is the proof; the mail
    program sends `List-Unsubscribe=One-Click`). A GET, which link checkers and previews
    make, only asks, with the same button."""
    found = services.unsubscribe_read(token=token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    user, scope = found
    if request.method == "POST":
        services.mail_unsubscribe(token=token)
        return render(request, "notifications/unsubscribe.html", {"done": True, "scope_label": _scope_label(scope)})
    return render(request, "notifications/unsubscribe.html", {"scope_label": _scope_label(scope)})


def _scope_label(scope: str) -> str:
    if scope == services.SCOPE_ALL:
        return _("همهٔ رایانامه‌های اعلان")
    return _("رایانامه‌های «%(group)s»") % {"group": NotificationSettings._meta.get_field(scope).verbose_name}


def profile_section(request) -> tuple[int, str]:
    """The profile page's part (accounts.signals.profile_sections): the settings form,
    the threads followed, and the reader's own comments with links to them."""
    user = request.user
    row = selectors.settings_for(user=user)
    form = SettingsForm(initial={field: getattr(row, field) for field in NotificationSettings.FIELDS})
    comments = Paginator(selectors.reader_comments(user=user), 20).get_page(request.GET.get("cpage"))
    html = render_to_string("notifications/_profile.html", {
        "form": form, "comments": comments, "followed": selectors.followed_threads(user=user),
        "unread": selectors.unread_count(user=user)}, request=request)
    return 10, html
