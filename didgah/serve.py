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
    (DATABASE_URL unless given); WEB_WORKERS and WEB_THREADS override either. Chosen with
    bench/load_bench.py's configurations (--embedded-configs, --prod-configs); its
    figures are in bench/results/concurrency-*.txt.

    SQLite (the embedded default): two workers of eight threads. Everything the
    processes share is a SQLite file: the database and the cache (diskcache: pages,
    sessions, rate limits, the view counts). Each file has one writer at a time, and a
    process waiting for a lock another process holds can only sleep and try again; on a
    busy machine the holder is often not even running, so every process added is one
    more that can stall the others, and four of them stalled the site. Threads of one
    process wait on the GIL instead, handed over at once, and a thread blocked on the
    disk lets another compute. Two processes keep both cores running Python; one
    process of sixteen threads leaves one core to the GIL's single holder.

    PostgreSQL (the production profile, Redis as the cache): two workers of sixteen
    threads. Nothing is shared through files: a request waits on network round trips to
    PostgreSQL and Redis, which release the GIL, so more threads cover more of those
    waits at little cost; two processes keep both cores running Python, and more of
    them only add memory and database connections. Against four workers of four
    threads it did as well or better on every figure that ran without errors.
    """
    url = os.environ.get("DATABASE_URL", "") if database_url is None else database_url
    workers, threads = (2, 16) if url.startswith(("postgres://", "postgresql://", "pgsql://")) else (2, 8)
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
