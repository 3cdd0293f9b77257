"""The long-running scheduler: polls each source at its own interval until stopped.

On the embedded default (`make run`) it polls in this process. With --rq it only
enqueues due sources on the Redis queue, and `ingest_worker` processes do the polling.
On the scale-out path it also runs the site's periodic jobs (didgah/common/periodic.py:
counters folded from vote rows, view counts, queued mail) in a thread of their own; on
the embedded default the web process runs them.
"""

import signal
import threading
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from didgah.common import periodic
from didgah.ingest import services

from .ingest import describe


class Command(BaseCommand):
    help = "Polls every source at its own interval, forever (SIGTERM/SIGINT to stop)."

    def add_arguments(self, parser):
        parser.add_argument("--rq", action="store_true", help="enqueue polls on Redis (RQ) instead of polling here")
        parser.add_argument("--once", action="store_true", help="one round, then exit")
        # Sleep at most this long between rounds so sources added in the admin are
        # picked up within a minute.
        parser.add_argument("--max-sleep", type=float, default=60.0)

    def handle(self, *args, rq=False, once=False, max_sleep=60.0, **options):
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        q = None
        if rq:
            from didgah.ingest import jobs

            q = jobs.queue()
        self.stdout.write(f"ingest scheduler started ({'RQ' if rq else 'in-process'})")
        if not periodic.runs_in_web():
            if once:
                periodic.run_due(force=True)
            else:
                periodic.start_thread(stop)
        while not stop.is_set():
            if not connection.in_atomic_block:
                # A long-lived process: drop connections past CONN_MAX_AGE or broken by a
                # database restart, as Django does around each web request.
                close_old_connections()
            try:
                if q is not None:
                    from didgah.ingest import jobs

                    n = jobs.enqueue_due(q)
                    if n:
                        self.stdout.write(f"enqueued {n} polls")
                else:
                    services.ingest_due(progress=lambda r: self.stdout.write(describe(r)))
            except Exception as exc:  # noqa: BLE001 - the scheduler outlives a bad round
                self.stderr.write(f"ingest round failed: {type(exc).__name__}: {exc}")
            if once:
                break
            next_due = services.next_due_at()
            now = timezone.now()
            wait = max_sleep if next_due is None else (next_due - now) / timedelta(seconds=1)
            stop.wait(min(max(wait, 1.0), max_sleep))
        self.stdout.write("ingest scheduler stopped")
