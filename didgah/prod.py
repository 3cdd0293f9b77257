"""The production profile on one machine: nginx in front, granian workers behind it,
the ingest scheduler and its RQ worker queue beside them, PostgreSQL and Redis as
services.

    DATABASE_URL=postgres://... REDIS_URL=redis://... python -m didgah.prod --port 8000

`make prod` installs nginx, migrates and collects static files first.

Processes started and stopped together:
- nginx: static files, and anonymous pages from its PAGE_CACHE_SECONDS cache;
- granian (`didgah.edge.wsgi:application`: the client address from nginx's X-Real-IP);
  Django's own page cache is turned off in it, because nginx's cache in front of it
  would otherwise add its lifetime to nginx's (a change could take twice as long to show);
- `manage.py edge_views`: counts the article views nginx answered from its cache;
- with REDIS_URL: `ingest_scheduler --rq` enqueues due sources and `--ingest-workers`
  `ingest_worker` processes poll them (docs/ingest.md); without it, the in-process
  scheduler of the embedded default.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from didgah.serve import DEFAULT_THREADS, DEFAULT_WORKERS

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


def render_nginx_conf(
    *, run_dir: Path, host: str, port: int, app_host: str, app_port: int, static_root: Path,
    media_root: Path, page_cache_seconds: int = 5, session_cookie: str = "sessionid",
    view_log: Path | None = None,
) -> Path:
    """Write nginx.conf into run_dir (created, with nginx's temp folders) and return it.
    nginx logs the article views it serves from its cache to view_log (default
    run_dir/views.log), for `manage.py edge_views`."""
    run_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
        (run_dir / sub).mkdir(exist_ok=True)
    as_root = os.geteuid() == 0
    if as_root:
        # nginx's workers drop to www-data; they must own their temp and cache folders.
        for path in [run_dir, *run_dir.iterdir()]:
            if path.is_dir():
                shutil.chown(path, "www-data", "www-data")
    conf = TEMPLATE.read_text().format(
        user_line="user www-data;" if as_root else "",
        run_dir=run_dir, host=host, port=port, app_host=app_host, app_port=app_port,
        static_root=static_root, media_root=media_root, page_cache_seconds=page_cache_seconds,
        session_cookie=session_cookie, view_log=view_log or run_dir / "views.log",
    )
    path = run_dir / "nginx.conf"
    path.write_text(conf)
    return path


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        sys.exit("nginx is missing: `make prod` installs Debian's package")
    return found


def background_commands(*, redis_url: str, ingest_workers: int = 1) -> list[list[str]]:
    """Processes beside the web server: the view-log reader, and the ingest scheduler
    (with Redis, the scheduler only enqueues and RQ workers poll)."""
    manage = [sys.executable, "manage.py"]
    commands = [[*manage, "edge_views"]]
    if redis_url:
        commands.append([*manage, "ingest_scheduler", "--rq"])
        commands += [[*manage, "ingest_worker"] for _ in range(max(ingest_workers, 0))]
    else:
        from didgah.serve import background_commands as embedded

        commands += embedded()
    return commands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--app-port", type=int, default=int(os.environ.get("APP_PORT", "8001")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", str(DEFAULT_WORKERS))))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", str(DEFAULT_THREADS))),
                        help="granian blocking threads per worker")
    parser.add_argument("--ingest-workers", type=int, default=int(os.environ.get("INGEST_WORKERS", "1")),
                        help="RQ workers for the ingest queue (with REDIS_URL)")
    parser.add_argument("--no-background", action="store_true", help="web only: no scheduler or queue worker")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")
    import django

    django.setup()
    from django.conf import settings

    conf = render_nginx_conf(
        run_dir=Path(settings.DATA_DIR) / "nginx", host=args.host, port=args.port,
        app_host="127.0.0.1", app_port=args.app_port, static_root=Path(settings.STATIC_ROOT),
        media_root=Path(settings.MEDIA_ROOT),
        page_cache_seconds=getattr(settings, "PAGE_CACHE_SECONDS", 5),
        session_cookie=settings.SESSION_COOKIE_NAME,
    )
    app_env = {**os.environ, "PAGE_CACHE_SECONDS": "0",
               # nginx never serves a reader's page; the app keeps each reader's own.
               "PAGE_CACHE_READERS_SECONDS": str(getattr(settings, "PAGE_CACHE_READERS_SECONDS", 5))}
    commands = [
        ([sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
          "--port", str(args.app_port), "--workers", str(args.workers),
          "--blocking-threads", str(args.threads), "--no-ws", "didgah.edge.wsgi:application"], app_env),
        ([nginx_binary(), "-c", str(conf), "-g", "daemon off;"], None),
    ]
    if not args.no_background:
        commands += [(cmd, app_env) for cmd in background_commands(
            redis_url=getattr(settings, "REDIS_URL", ""), ingest_workers=args.ingest_workers)]
    children = [subprocess.Popen(cmd, cwd=ROOT, env=env) for cmd, env in commands]
    print(f"==> serving on http://{args.host}:{args.port} (nginx) -> granian :{args.app_port}", flush=True)

    def stop(signum=None, frame=None):
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
    stop()
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
    return max((child.returncode or 0) for child in children)


if __name__ == "__main__":
    sys.exit(main())
