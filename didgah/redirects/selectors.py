"""Reads of the redirect table."""

from __future__ import annotations

from django.urls import reverse

from .models import Redirect
from .services import path_key


def redirect_target(*, old_path: str) -> tuple[Redirect, str] | None:
    """The redirect for an old address (any form path_key accepts) and where it leads
    now, or None. An article that is no longer published leads nowhere (the 404 stands)."""
    key = path_key(old_path)
    if not key:
        return None
    redirect = Redirect.objects.select_related("article").filter(old_path=key).first()
    if redirect is None:
        return None
    if redirect.article_id is None:
        return (redirect, redirect.target) if redirect.target else None
    article = redirect.article
    if not article.is_visible:
        return None
    if redirect.kind == Redirect.Kind.COMMENTS_FEED:
        return redirect, reverse("feeds:comments_rss", kwargs={"pk": article.pk})
    return redirect, article.get_absolute_url()
