import functools
import logging

from didgah.common.ratelimit import client_ip

from .viewcount import is_bot, view_record, viewer_key

log = logging.getLogger(__name__)


def count_article_view(request, *, article_id: int) -> None:
    """Count one view of an article page served to a person (buffered in the cache,
    once per reader or visitor per hour, not for bots). Never raises."""
    user_agent = request.headers.get("User-Agent", "")
    if is_bot(user_agent):
        return
    user = getattr(request, "user", None)
    viewer = viewer_key(user_id=user.pk if user is not None and user.is_authenticated else None,
                        ip=client_ip(request), user_agent=user_agent)
    try:
        view_record(article_id=article_id, viewer=viewer)
    except Exception:  # counting must never break the page
        log.exception("view count failed")


class ArticleViewMiddleware:
    """Counts views of article pages. A page the visitors' page cache stores carries
    the same count as a hook, so a view served from the cache counts too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            request.method == "GET" and response.status_code == 200 and match is not None
            and match.view_name == "news:article" and not request.headers.get("HX-Request")
        ):
            article_id = int(match.kwargs["pk"])
            count_article_view(request, article_id=article_id)
            response.page_cache_hit_hooks = (functools.partial(count_article_view, article_id=article_id),)
        return response
