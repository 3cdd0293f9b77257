"""Serve the site with granian (a production-grade server, not runserver).

`make run` calls this. It runs granian's WSGI workers and, beside them, any background
process the site needs (the ingest scheduler), and stops them all together.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys


def default_concurrency(database_url: str | None = None) -> tuple[int, int]:
    """(worker processes, threads per worker) for this machine's two cores, by database
    (DATABASE_URL unless given); WEB_WORKERS and WEB_THREADS override either.

    SQLite: four single-threaded workers. While one waits on the database another
    computes, and no two requests of a process fight over the GIL; measured with
    bench/community_bench.py (docs/performance.md): against 2 workers × 4 threads,
    votes went from 810 to 970 a second and the 500-comment page's p99 from 60 to 47 ms.
    Its writes queue on one file lock, so more requests in flight only wait longer.

    PostgreSQL: two workers of sixteen threads. Votes on a popular article are written
    by group commit (common/groupcommit.py): the votes a worker holds while a batch is
    being written go in the next one, so a worker must hold many at once; with 4 × 1 a
    batch is always one vote. Votes through the vote lane's prototype, one machine, one
    hour: 2 × 8 1,291 /s, 4 × 8 1,265, 3 × 16 1,405, 2 × 16 1,596, 2 × 32 1,640; the
    site's own path before the lane, 4 × 1: 904 (docs/community.md, "Votes on
    PostgreSQL"). Posting swung more between rounds than between 2 × 16 and 4 × 1.
    """
    url = os.environ.get("DATABASE_URL", "") if database_url is None else database_url
    workers, threads = (2, 16) if url.startswith(("postgres://", "postgresql://", "pgsql://")) else (4, 1)
    return int(os.environ.get("WEB_WORKERS") or workers), int(os.environ.get("WEB_THREADS") or threads)


DEFAULT_WORKERS, DEFAULT_THREADS = default_concurrency()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="blocking threads per worker")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")
    server = [
        sys.executable, "-m", "granian", "--interface", "wsgi",
        "--host", args.host, "--port", str(args.port),
        "--workers", str(args.workers), "--blocking-threads", str(args.threads),
        "--no-ws", "didgah.wsgi:application",
    ]
    children = [subprocess.Popen(server)]
    children += [subprocess.Popen(cmd) for cmd in background_commands()]

    def stop(signum, frame):
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = children[0].wait()
    stop(None, None)
    for child in children[1:]:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
    return code


def background_commands() -> list[list[str]]:
    """Processes that run beside the web server on the embedded default: the ingest
    scheduler, polling each source at its own interval (at scale: `ingest_scheduler --rq`
    plus `ingest_worker` processes instead; see docs/ingest.md)."""
    return [[sys.executable, "manage.py", "ingest_scheduler"]]


if __name__ == "__main__":
    sys.exit(main())
