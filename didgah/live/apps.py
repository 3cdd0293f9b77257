"""Live threads: an open article page receives its new comments, edits, deletions and
vote counts as they happen (Server-Sent Events), and its reader their own comments
waiting for a moderator.

Why an app of its own: it sits above the community, whose changes it reports (the
community tells it through signals sent on commit and imports nothing of it), and
its streams are served by a process of their own: the stream server, an ASGI app
(didgah/live/asgi.py) through Django's handler, beside the WSGI site (didgah/serve.py,
didgah/prod.py). The site's pages stay WSGI and cached; the streams, which each hold a
connection open for as long as the page is open, never take one of its threads.
Without JavaScript, or without the stream server, the page is what it was: the truth
on its next load."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "didgah.live"
    label = "live"
    verbose_name = _("گفت‌وگوی زنده")

    def ready(self):
        from didgah.community import signals as community_signals

        from . import receivers

        community_signals.comment_changed.connect(receivers.comment_changed, dispatch_uid="live.comment_changed")
        community_signals.counters_folded.connect(receivers.counters_folded, dispatch_uid="live.counters_folded")
