"""Counts the article views nginx served from its cache (see didgah/edge/viewlog.py).
didgah/prod.py runs it beside nginx; `--once` reads what is there and stops."""

import signal
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from didgah.community import conf as community_conf
from didgah.community.viewcount import views_flush
from didgah.edge.viewlog import ViewLogTail


def default_log_path() -> Path:
    return Path(settings.DATA_DIR) / "nginx" / "views.log"


class Command(BaseCommand):
    help = "Feeds nginx's log of article pages served from its cache to the view counter."

    def add_arguments(self, parser):
        parser.add_argument("--log", type=Path, default=None, help="nginx's view log (default DATA_DIR/nginx/views.log)")
        parser.add_argument("--once", action="store_true", help="read what is new, flush, and stop")
        # nginx writes its buffer at least every second (flush=1s): polling faster gains nothing.
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, log=None, once=False, interval=1.0, **options):
        tail = ViewLogTail(log or default_log_path())
        if once:
            lines = tail.poll()
            views_flush()
            self.stdout.write(f"view log lines read: {lines}")
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
        last_flush = time.monotonic()
        while not stopping:
            tail.poll()
            # With the in-process cache this process holds its own view buffer, which
            # only reaches the database through a flush: flush on the same schedule as
            # the web workers, even when no view arrives.
            if time.monotonic() - last_flush >= community_conf.view_flush_seconds():
                views_flush()
                last_flush = time.monotonic()
            time.sleep(interval)
        tail.poll()
        views_flush()
