import logging

from didgah.accounts.ratelimit import client_ip

from .viewcount import is_bot, view_record, viewer_key

log = logging.getLogger(__name__)


class ArticleViewMiddleware:
    """Counts a view of an article page that was served (200) to a person (see
    viewcount: buffered in the cache, once per reader or visitor per hour, not bots)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            request.method == "GET" and response.status_code == 200 and match is not None
            and match.view_name == "news:article" and not request.headers.get("HX-Request")
        ):
            user_agent = request.headers.get("User-Agent", "")
            if not is_bot(user_agent):
                user = getattr(request, "user", None)
                viewer = viewer_key(user_id=user.pk if user is not None and user.is_authenticated else None,
                                    ip=client_ip(request), user_agent=user_agent)
                try:
                    view_record(article_id=int(match.kwargs["pk"]), viewer=viewer)
                except Exception:  # counting must never break the page
                    log.exception("view count failed")
        return response
