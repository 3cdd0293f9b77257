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

    SQLite (the embedded default): one worker of two threads. Its cache is Django's
    in-process one (settings.CACHES): the page cache, sessions, rate limits and the view
    buffer are then the same for every request without any store outside the process,
    and a cached page costs a dictionary read instead of a file read and an unpickling,
    which measured several times cheaper than the shared disk cache that a second
    process would need (bench/cache_backends.py). Two threads, not many: the work is
    Python under one lock (the GIL), and many threads mostly queue on the locks of
    Django's per-request storage (asgiref.local, read for the cache, the URL prefix and
    the language on every request: a profile under load showed most threads waiting
    there), so sixteen threads were the slowest on every figure of bench/load_bench.py
    and one to four were close (bench/results/concurrency-sqlite.txt); the second
    thread covers a request waiting on SQLite's lock or the disk. More
    workers would each count rate limits and views alone: the scale-out path (Redis) is
    the way past one process.

    PostgreSQL (the production profile, Redis as the cache): two workers of four
    threads. Two processes keep both cores running Python (more only add memory and
    database connections); a request waits on round trips to PostgreSQL and Redis, which
    release the GIL, and four threads cover those waits. Sixteen did not: as on SQLite
    they queued on the GIL and asgiref's locks, and the search page under 50 searchers
    served half the searches a second (bench/results/search-load*.txt), votes from 200
    clients half as many as from 50 (bench/results/concurrency-postgres-threads.txt).
    """
    url = os.environ.get("DATABASE_URL", "") if database_url is None else database_url
    workers, threads = (2, 4) if url.startswith(("postgres://", "postgresql://", "pgsql://")) else (1, 2)
    return int(os.environ.get("WEB_WORKERS") or workers), int(os.environ.get("WEB_THREADS") or threads)


DEFAULT_WORKERS, DEFAULT_THREADS = default_concurrency()


# granian's command line, minus its two notes on this machine's cores: that the workers
# outnumber them and that the threads seem many for them. Both numbers are chosen and
# measured here (default_concurrency), so the notes would only alarm whoever runs
# `make run`; main() says instead what it runs. Every other message of granian stays.
GRANIAN = """
import logging, sys
from granian.cli import entrypoint

class Chosen(logging.Filter):
    def filter(self, record):
        text = record.getMessage()
        return not ("than the amount of CPU cores" in text or "compared to the number of CPU cores" in text)

logging.getLogger("_granian").addFilter(Chosen())
sys.argv[0] = "granian"
sys.exit(entrypoint())
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="blocking threads per worker")
    parser.add_argument("--live-port", type=int, default=int(os.environ.get("LIVE_PORT", "0")),
                        help="the live threads' stream server (default: --port + 1; -1: none)")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")
    # Mail written outside a request (notifications, digests) links to SITE_URL; unless
    # the operator names the public address, it is the one this server answers on.
    os.environ.setdefault("SITE_URL", site_url(args.host, args.port))
    server = [
        sys.executable, "-c", GRANIAN, "--interface", "wsgi",
        "--host", args.host, "--port", str(args.port),
        "--workers", str(args.workers), "--blocking-threads", str(args.threads),
        "--no-ws", "didgah.wsgi:application",
    ]
    print(f"granian: {args.workers} worker(s) of {args.threads} threads (didgah/serve.py says why)", flush=True)
    live = []
    if args.live_port >= 0:
        # The open article pages' streams (didgah/live/server.py says why a process of
        # their own); pages learn its port from LIVE_PUBLIC_PORT.
        from didgah.live.server import raise_open_files, stream_command

        live_port = args.live_port or args.port + 1
        os.environ["LIVE_PUBLIC_PORT"] = str(live_port)
        raise_open_files()
        live = [stream_command(host=args.host, port=live_port)]
        print(f"live threads: streams on port {live_port}", flush=True)
    children = [subprocess.Popen(server)]
    children += [subprocess.Popen(cmd) for cmd in live]
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


def site_url(host: str, port: int) -> str:
    """The address a reader on this machine reaches the server at."""
    if host in ("", "0.0.0.0", "::"):  # every interface: this machine's own is one of them
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def background_commands() -> list[list[str]]:
    """Processes that run beside the web server on the embedded default: the ingest
    scheduler, polling each source at its own interval (at scale: `ingest_scheduler --rq`
    plus `ingest_worker` processes instead; see docs/ingest.md)."""
    return [[sys.executable, "manage.py", "ingest_scheduler"]]


if __name__ == "__main__":
    sys.exit(main())
