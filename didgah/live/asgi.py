"""The stream server's ASGI app: Django's handler (every request through the site's own
settings, URLs and middleware), with the ASGI lifespan starting this process's hub, so
its channel is listening before the first page opens a stream.

    granian --interface asgi didgah.live.asgi:application   (didgah/serve.py, didgah/prod.py)
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_application = get_asgi_application()

from concurrent.futures import ThreadPoolExecutor  # noqa: E402

from asgiref.sync import ThreadSensitiveContext  # noqa: E402

from .hub import hub  # noqa: E402

# The synchronous parts of a request (the middleware, the session, the article's read)
# run on this one thread for every stream of the process. Django's handler would give
# each request a thread of its own for them, kept for as long as the request lasts:
# for a stream, as long as its page is open, and a thread per open page cost several
# times the memory of everything else a stream holds (bench/results/live.txt). Those
# parts are short and run once, as the stream opens.
SYNC_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-sync")


async def application(scope, receive, send):
    if scope["type"] != "lifespan":
        async with ThreadSensitiveContext(executor=SYNC_EXECUTOR):
            await django_application(scope, receive, send)
        return
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await hub.start()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await hub.stop()
            await send({"type": "lifespan.shutdown.complete"})
            return
