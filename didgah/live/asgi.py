"""The stream server's ASGI app: Django's handler (every request through the site's own
settings, URLs and middleware), with the ASGI lifespan starting this process's hub, so
its channel is listening before the first page opens a stream.

    granian --interface asgi didgah.live.asgi:application   (didgah/serve.py, didgah/prod.py)
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_application = get_asgi_application()

from .hub import hub  # noqa: E402


async def application(scope, receive, send):
    if scope["type"] != "lifespan":
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
