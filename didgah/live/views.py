"""The stream of an open article page (Server-Sent Events), served by the stream
server (didgah/live/asgi.py: Django's ASGI handler, the same settings and middleware as
the site). Under WSGI, where a stream would hold one of the site's few threads for as
long as the page is open, it answers 204, which tells EventSource not to reconnect:
the page then stays as it was served."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from didgah.community import selectors

from . import events
from .hub import hub


@require_GET
@never_cache
async def article_stream(request, pk: int):
    """Public events of the article, and the reader's own (their session, read once as
    the stream opens: a reader who signs in or out gets the other stream on the page's
    next load)."""
    if not isinstance(request, ASGIRequest):
        return HttpResponse(status=204)
    article = await sync_to_async(selectors.article_access)(pk=pk)
    if article is None:
        raise Http404
    user = await request.auser()
    await hub.start()
    stream = hub.open(article_id=article.pk, user_id=user.pk if user.is_authenticated else None)

    async def body():
        try:
            yield events.OPENING
            while True:
                data = await stream.queue.get()
                if data is None:
                    return
                yield data
        finally:
            hub.close(stream)

    response = StreamingHttpResponse(body(), content_type="text/event-stream; charset=utf-8")
    # No proxy buffers or keeps it (nginx reads X-Accel-Buffering too).
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"
    origin = events.allowed_origin(request.headers.get("Origin", ""), request.get_host())
    if origin:
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Credentials"] = "true"
        response["Vary"] = "Origin"
    # Never compressed: GZipMiddleware would make each event a gzip member of its own,
    # and a compressor per stream would cost more memory than the stream itself.
    request.META.pop("HTTP_ACCEPT_ENCODING", None)
    return response
