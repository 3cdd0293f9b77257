"""The production profile on one machine: nginx in front, granian workers behind it,
the ingest scheduler and its RQ worker queue beside them, PostgreSQL and Redis as
services.

    DATABASE_URL=postgres://... REDIS_URL=redis://... python -m didgah.prod --port 8000

`make prod` installs nginx, migrates and collects static files first.

Processes started and stopped together:
- nginx: static files, and the pages Django marks as the same for everyone, kept for
  the time their Cache-Control gives (PAGE_CACHE_SECONDS);
- granian (`didgah.edge.wsgi:application`: the client address from nginx's X-Real-IP),
  with Django's own page store off (PAGE_CACHE_STORE=0): nginx's cache in front of it
  would otherwise add its lifetime to Django's;
- the live threads' stream server (granian ASGI, `didgah.live.asgi:application`) on
  `--live-port`, to which nginx routes /live/ unbuffered; its events come by Redis
  pub/sub with REDIS_URL (didgah/live/broker.py);
- with REDIS_URL: `ingest_scheduler --rq` enqueues due sources and `--ingest-workers`
  `ingest_worker` processes poll them (docs/ingest.md); without it, the in-process
  scheduler of the embedded default.
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import shutil
import stat
import signal
import subprocess
import sys
import time
from pathlib import Path

from didgah.live.server import raise_open_files, stream_command
from didgah.serve import DEFAULT_THREADS, DEFAULT_WORKERS

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
# The account Debian's nginx runs its workers as when started by root.
NGINX_USER = "www-data"


def unenterable(paths: list[Path], *, uid: int, gids: set[int]) -> list[Path]:
    """The folders on the way to each of `paths` (the paths included) that a process of
    `uid` and `gids` may not enter: its execute bit is off for that process."""
    if uid == 0:
        return []
    blocked: list[Path] = []
    for path in paths:
        path = Path(path).absolute()
        for folder in [*reversed(path.parents), path]:
            try:
                st = folder.stat()
            except FileNotFoundError:
                break  # made later, by whoever makes it
            if not stat.S_ISDIR(st.st_mode):
                continue
            if st.st_uid == uid:
                bit = stat.S_IXUSR
            elif st.st_gid in gids:
                bit = stat.S_IXGRP
            else:
                bit = stat.S_IXOTH
            if not st.st_mode & bit:
                if folder not in blocked:
                    blocked.append(folder)
                break
    return blocked


def _account(name: str) -> tuple[int, set[int]]:
    user = pwd.getpwnam(name)
    return user.pw_uid, {user.pw_gid, *(g.gr_gid for g in grp.getgrall() if name in g.gr_mem)}


def nginx_worker_user(*, data_dir: Path, paths: list[Path]) -> str | None:
    """The account nginx's workers are to run as, or None when nginx is not started by
    root (its workers then stay the caller's, who owns the data).

    Started by root, the workers drop to www-data, which must be able to enter every
    folder it serves or buffers from. A private DATA_DIR (`mktemp -d` makes one with
    mode 700) would leave every request a 500 with only a line in nginx's error log to
    say why; instead, the workers run as the data's owner when that is an ordinary
    account that can, and otherwise the start stops here with what to do."""
    if os.geteuid() != 0:
        return None
    uid, gids = _account(NGINX_USER)
    blocked = unenterable(paths, uid=uid, gids=gids)
    if not blocked:
        return NGINX_USER
    owner = Path(data_dir).stat().st_uid
    if owner != 0:
        name = pwd.getpwuid(owner).pw_name
        if not unenterable(paths, uid=owner, gids=_account(name)[1]):
            return name
    folders = ", ".join(f"{p} (mode {stat.filemode(p.stat().st_mode)}, owner {pwd.getpwuid(p.stat().st_uid).pw_name})"
                        for p in blocked)
    sys.exit(
        f"nginx's workers run as {NGINX_USER} and cannot enter {folders}, so every request would fail.\n"
        f"Either let them in (chmod o+x on each folder named, e.g. `chmod o+x {blocked[0]}`), "
        f"or set DATA_DIR (and STATIC_ROOT) to folders owned by an ordinary user, whose account the workers "
        f"will then run as."
    )


def render_nginx_conf(
    *, run_dir: Path, host: str, port: int, app_host: str, app_port: int, static_root: Path,
    media_root: Path, worker_user: str | None = None, live_port: int | None = None,
) -> Path:
    """Write nginx.conf into run_dir (created, with nginx's temp folders) and return it.
    Started by root, nginx runs its workers as `worker_user` (default www-data). The
    stream server listens on `live_port` (default app_port + 1)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
        (run_dir / sub).mkdir(exist_ok=True)
    as_root = os.geteuid() == 0
    worker_user = (worker_user or NGINX_USER) if as_root else None
    if worker_user:
        # The workers must own their temp and cache folders.
        group = grp.getgrgid(pwd.getpwnam(worker_user).pw_gid).gr_name
        for path in [run_dir, *run_dir.iterdir()]:
            if path.is_dir():
                shutil.chown(path, worker_user, group)
    conf = TEMPLATE.read_text().format(
        user_line=f"user {worker_user} {group};" if worker_user else "",
        run_dir=run_dir, host=host, port=port, app_host=app_host, app_port=app_port,
        live_port=live_port or app_port + 1,
        static_root=static_root, media_root=media_root,
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
    """Processes beside the web server: the ingest scheduler, which also runs the periodic
    jobs (counters, views, mail); with Redis it only enqueues polls and RQ workers poll."""
    manage = [sys.executable, "manage.py"]
    commands = []
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
    parser.add_argument("--live-port", type=int, default=int(os.environ.get("LIVE_APP_PORT", "0")),
                        help="the live threads' stream server, behind nginx (default: --app-port + 1)")
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

    run_dir = Path(settings.DATA_DIR) / "nginx"
    live_port = args.live_port or args.app_port + 1
    worker_user = nginx_worker_user(
        data_dir=Path(settings.DATA_DIR),
        paths=[run_dir, Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT)],
    )
    conf = render_nginx_conf(
        run_dir=run_dir, host=args.host, port=args.port,
        app_host="127.0.0.1", app_port=args.app_port, static_root=Path(settings.STATIC_ROOT),
        media_root=Path(settings.MEDIA_ROOT), worker_user=worker_user, live_port=live_port,
    )
    # Pages open their streams on their own origin, through nginx.
    app_env = {**{k: v for k, v in os.environ.items() if k != "LIVE_PUBLIC_PORT"}, "PAGE_CACHE_STORE": "0"}
    commands = [
        ([sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
          "--port", str(args.app_port), "--workers", str(args.workers),
          "--blocking-threads", str(args.threads), "--no-ws", "didgah.edge.wsgi:application"], app_env),
        (stream_command(host="127.0.0.1", port=live_port), app_env),
        ([nginx_binary(), "-c", str(conf), "-g", "daemon off;"], None),
    ]
    raise_open_files()
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
