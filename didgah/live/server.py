"""The stream server's command line, for didgah/serve.py (the embedded default) and
didgah/prod.py (behind nginx): granian running the live app's ASGI application, in a
process of its own beside the WSGI site.

Why a process of its own, not the site on ASGI: the site's requests are short and
measured fastest on granian's WSGI threads (bench/load_bench.py); a stream lasts as
long as its page is open, and thousands of them cost an event loop almost nothing but
would each hold a WSGI thread. Events reach it by Redis pub/sub or the local channel
(broker.py)."""

from __future__ import annotations

import resource
import sys

# Streams one worker holds at most (granian's backpressure; its default, the backlog,
# would queue the 1,025th page). Far above what one worker's memory and loop carry
# at a second's delivery (bench/results/live.txt), so the machine is the limit.
MAX_STREAMS = 20000
# Pages that open their streams at the same moment (a busy story's readers after a
# restart) wait in the kernel's queue rather than being refused.
BACKLOG = 4096


def stream_command(*, host: str, port: int, workers: int = 1) -> list[str]:
    return [
        sys.executable, "-m", "granian", "--interface", "asgi", "--host", host, "--port", str(port),
        "--workers", str(workers), "--backlog", str(BACKLOG), "--backpressure", str(MAX_STREAMS),
        "--no-ws", "didgah.live.asgi:application",
    ]


def raise_open_files() -> None:
    """Every stream is an open socket: lift this process's soft limit on open files to
    the hard one (its children inherit it), for the stream server's sake."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
