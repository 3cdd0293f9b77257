"""Short jobs the scheduler process runs every few seconds, beside its polling.

Apps register their jobs in their AppConfig.ready() (folding vote counters, flushing
view counts, sending queued mail). They run in a thread of their own, so a slow feed
or request never delays them: in the scheduler process (`manage.py ingest_scheduler`)
on the scale-out path, in the web process on the embedded default, whose in-process
cache holds the view counts they flush (settings.PERIODIC_JOBS_IN_WEB). A job must be safe to run again after a
crash at any point (it works from rows, not from memory), since the process running it
may be killed between two runs.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    every_seconds: float
    func: Callable[[], object]
    last_run: float = field(default=0.0)


_jobs: dict[str, Job] = {}


def register(*, name: str, every_seconds: float, func: Callable[[], object]) -> None:
    """Run `func` about every `every_seconds` in the scheduler process (a second
    registration under the same name replaces the first)."""
    _jobs[name] = Job(name=name, every_seconds=every_seconds, func=func)


def registered() -> list[str]:
    return sorted(_jobs)


def run_due(*, now: float | None = None, force: bool = False) -> list[str]:
    """Run every job whose interval has passed (all of them with `force`); a job that
    fails is logged and tried again at its next turn. Returns the names run."""
    now = time.monotonic() if now is None else now
    ran = []
    for job in list(_jobs.values()):
        if not force and now - job.last_run < job.every_seconds:
            continue
        job.last_run = now
        try:
            job.func()
        except Exception:  # noqa: BLE001 - one failing job must not stop the others
            logger.exception("periodic job %s failed", job.name)
        ran.append(job.name)
    return ran


def run_forever(stop: threading.Event, *, tick_seconds: float = 0.25) -> None:
    """Run due jobs until `stop` is set (the scheduler's thread)."""
    while not stop.is_set():
        close_old_connections()
        run_due()
        stop.wait(tick_seconds)
    close_old_connections()


def start_thread(stop: threading.Event) -> threading.Thread:
    thread = threading.Thread(target=run_forever, args=(stop,), name="didgah-periodic", daemon=True)
    thread.start()
    return thread


def runs_in_web() -> bool:
    """Whether the jobs run in the web process (the embedded default, whose cache is its
    own) rather than in the scheduler process."""
    return getattr(settings, "PERIODIC_JOBS_IN_WEB", False) and not getattr(settings, "TESTING", False)


def start_in_web() -> threading.Thread | None:
    """Start the jobs' thread in this web process if they run here (call once, at start)."""
    return start_thread(threading.Event()) if runs_in_web() else None
