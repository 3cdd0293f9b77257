from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from didgah.community import conf as community_conf
from didgah.news import selectors

register = template.Library()


def _block_html(key: str, seconds: int, lists) -> SafeString:
    """One part of the sidebar as HTML, rendered once per `seconds` for every page and
    reader (it shows nothing of the reader's own), since its forty-odd links cost more
    to render than the rest of an article page's template. `lists`: a callable giving
    the blocks, called only when the HTML is rendered."""
    def render():
        return render_to_string("news/_sidebar.html", {"lists": lists()})

    if seconds <= 0:
        return mark_safe(render())  # noqa: S308 - a template's output, escaped by it
    return mark_safe(cache.get_or_set(f"sidebar:html:{key}:{get_language()}", render, seconds))  # noqa: S308


@register.simple_tag
def sidebar() -> SafeString:
    """The sidebar: the ranked lists (changing slowly: community conf's
    SIDEBAR_CACHE_SECONDS) and the latest list (SIDEBAR_LATEST_SECONDS)."""
    ranked = _block_html("ranked", community_conf.sidebar_cache_seconds(), selectors.sidebar_ranked)
    latest = _block_html("latest", settings.SIDEBAR_LATEST_SECONDS, selectors.sidebar_latest)
    return ranked + latest


@register.filter
def attr_metric(obj, name: str):
    return getattr(obj, name, "")
