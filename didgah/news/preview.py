"""Preview links: a draft as readers will see it, for someone who is not signed in.

The link carries the article's id signed with the site's secret key
(django.core.signing, with a salt of its own so no other signed value can stand in for
it) and the time it was made; it is refused once PREVIEW_MAX_AGE has passed or if a
single character was changed. Nothing is stored: a link cannot be revoked before it
expires, only made useless by publishing (then it leads to the public page) or
deleting the article. Who may make one is roles.can_share_preview.

The page is never cached (Cache-Control: private, no-store: neither the shared page
cache, which keeps only views marked shared, nor nginx or a browser keep it), tells
search engines to stay away (noindex, in the page and the X-Robots-Tag header), and
leaves out comments and the reader's personal request.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

from . import selectors
from .models import Article

PREVIEW_SALT = "didgah.news.preview"
# Long enough to send a draft to a colleague or a source in the evening and hear back
# the next working day, short enough that a forwarded link stops working soon.
PREVIEW_MAX_AGE = timedelta(days=3)


def preview_token(*, article_id: int) -> str:
    return signing.dumps(article_id, salt=PREVIEW_SALT)


def preview_article_id(token: str) -> tuple[int, datetime]:
    """(article id, the link's expiry) from a preview token; raises
    signing.SignatureExpired for an old link and signing.BadSignature for anything
    altered or made up."""
    value = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    if not isinstance(value, int) or isinstance(value, bool):
        raise signing.BadSignature("not an article id")
    # A verified token is "payload:timestamp:signature", the time in base 62.
    made = datetime.fromtimestamp(signing.b62_decode(token.rsplit(":", 2)[1]), tz=UTC)
    return value, made + PREVIEW_MAX_AGE


def article_for_preview(*, pk: int) -> Article | None:
    """The article as the preview shows it, whatever its status."""
    return Article.objects.filter(pk=pk).select_related("image", "source").first()


def preview_link(*, article: Article, now: datetime | None = None) -> tuple[str, datetime]:
    """(path, expiry) of a new preview link to the article."""
    now = now or timezone.now()
    path = reverse("news:preview", kwargs={"token": preview_token(article_id=article.pk)})
    return path, now + PREVIEW_MAX_AGE


def _private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def article_preview(request, token: str):
    try:
        pk, expires = preview_article_id(token)
    except signing.SignatureExpired:
        return _private(render(request, "news/preview_refused.html", {"expired": True}, status=410))
    except signing.BadSignature:
        return _private(render(request, "news/preview_refused.html", {"expired": False}, status=403))
    article = article_for_preview(pk=pk)
    if article is None:
        raise Http404
    if article.is_visible:
        # Published since the link was made: the page everyone sees.
        return _private(redirect(article))
    response = render(request, "news/preview.html", {
        "article": article, "same_story": [], "preview_expires": expires,
        "related_stories": lambda: selectors.article_related(article=article),
    })
    return _private(response)
