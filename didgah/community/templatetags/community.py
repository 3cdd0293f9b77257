from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from didgah.community import conf, render, selectors
from didgah.community.forms import CommentForm
from didgah.community.rules import comment_html as _comment_html

register = template.Library()


def section_context(article, *, order=None, page=None) -> dict:
    """What the comments section template needs: the same for every reader."""
    return {
        "article": article,
        "thread": selectors.thread_page(article=article, order=order or selectors.DEFAULT_ORDER, page=page or 1),
        "orders": [("oldest", _("قدیمی‌ترین")), ("newest", _("تازه‌ترین")), ("best", _("بهترین"))],
        "form": CommentForm(),
        "next_url": f"{article.get_absolute_url()}#comments",
    }


@register.inclusion_tag("community/_section.html", takes_context=True)
def community_section(context, article):
    """The article's vote box and comments, for the article page (the same for everyone)."""
    request = context["request"]
    return section_context(article, order=request.GET.get("corder"), page=request.GET.get("cpage"))


@register.simple_tag
def article_vote_box(article) -> SafeString:
    """The article's vote box as the page shows it to everyone (render.article_vote_html)."""
    return render.article_vote_html(article)


@register.filter
def comment_html(text: str):
    return _comment_html(text)


@register.filter
def author_line(comment) -> str:
    """«نام - شهر، کشور», or «کاربر حذف‌شده» once the account is gone."""
    return render.author_line(comment)


def _block_html(key: str, seconds: int, lists) -> SafeString:
    """One part of the sidebar as HTML, rendered once per `seconds` for every page."""

    def build():
        return render_to_string("news/_sidebar.html", {"lists": lists()})

    if seconds <= 0:
        return mark_safe(build())  # noqa: S308 - a template's output
    return mark_safe(cache.get_or_set(f"sidebar:html:{key}:{get_language()}", build, seconds))  # noqa: S308


@register.simple_tag
def sidebar() -> SafeString:
    """The sidebar: the community's ranked lists (changing slowly: SIDEBAR_CACHE_SECONDS)
    and the latest articles (SIDEBAR_LATEST_SECONDS)."""
    from didgah.news.selectors import sidebar_latest

    ranked = _block_html("ranked", conf.sidebar_cache_seconds(),
                         lambda: selectors.ranked_lists(limit=settings.SIDEBAR_SIZE))
    latest = _block_html("latest", settings.SIDEBAR_LATEST_SECONDS, sidebar_latest)
    return mark_safe(ranked + latest)  # noqa: S308
