"""`make prod` with a DATA_DIR nginx's workers cannot enter (issue 16, item 7): they run
as the data's owner, or the start stops with what to do, instead of every request
failing with a 500."""

import os
import pwd
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from didgah.prod import NGINX_USER, nginx_binary, nginx_worker_user, render_nginx_conf, unenterable

as_root = pytest.mark.skipif(os.geteuid() != 0, reason="nginx drops to another account only when started by root")


@pytest.fixture
def private_dir():
    """A folder as `mktemp -d` makes it: mode 700, the caller's."""
    path = Path(tempfile.mkdtemp(prefix="didgah-data-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _owned_by(path: Path, name: str) -> Path:
    for p in [path, *path.rglob("*")]:
        shutil.chown(p, name, None)
    return path


def test_unenterable_reads_the_bits_that_apply_to_the_account(private_dir):
    inner = private_dir / "nginx"
    inner.mkdir()
    mine = os.stat(private_dir).st_uid
    assert unenterable([inner], uid=mine, gids=set()) == []
    assert unenterable([inner], uid=mine + 12345, gids=set()) == [private_dir]
    os.chmod(private_dir, 0o701)
    assert unenterable([inner], uid=mine + 12345, gids=set()) == []
    os.chmod(private_dir, 0o710)
    group = os.stat(private_dir).st_gid
    assert unenterable([inner], uid=mine + 12345, gids={group}) == []
    assert unenterable([inner / "not-made-yet"], uid=mine + 12345, gids=set()) == [private_dir]


def test_not_root_the_workers_stay_the_callers(private_dir, monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert nginx_worker_user(data_dir=private_dir, paths=[private_dir / "nginx"]) is None


@as_root
def test_root_owned_private_data_dir_stops_the_start_with_what_to_do(private_dir):
    with pytest.raises(SystemExit) as stopped:
        nginx_worker_user(data_dir=private_dir, paths=[private_dir / "nginx", private_dir / "static"])
    message = str(stopped.value)
    assert NGINX_USER in message and str(private_dir) in message
    assert f"chmod o+x {private_dir}" in message and "drwx------" in message


@as_root
def test_enterable_data_dir_keeps_www_data(private_dir):
    os.chmod(private_dir, 0o755)
    assert nginx_worker_user(data_dir=private_dir, paths=[private_dir / "nginx"]) == NGINX_USER


@as_root
def test_private_data_dir_of_an_ordinary_account_runs_the_workers_as_it(private_dir):
    _owned_by(private_dir, "nobody")
    user = nginx_worker_user(data_dir=private_dir, paths=[private_dir / "nginx", private_dir / "static"])
    assert user == "nobody"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@as_root
def test_nginx_serves_from_a_private_data_dir_as_its_owner(private_dir):
    """A real nginx: with the workers as the owner of a 700 folder, a static file is
    served (as www-data it would be a 403 or 500)."""
    static_root = private_dir / "static"
    (static_root / "css").mkdir(parents=True)
    (static_root / "css" / "site.css").write_text("body{}")
    _owned_by(private_dir, "nobody")
    run_dir = private_dir / "nginx"
    user = nginx_worker_user(data_dir=private_dir, paths=[run_dir, static_root])
    port = _free_port()
    conf = render_nginx_conf(run_dir=run_dir, host="127.0.0.1", port=port, app_host="127.0.0.1",
                             app_port=_free_port(), static_root=static_root, media_root=private_dir / "media",
                             worker_user=user)
    assert "user nobody nogroup;" in conf.read_text()
    assert pwd.getpwuid(os.stat(run_dir / "proxy").st_uid).pw_name == "nobody"
    assert stat.S_IMODE(os.stat(private_dir).st_mode) == 0o700
    proc = subprocess.Popen([nginx_binary(), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/site.css", timeout=5) as response:
            assert response.status == 200 and response.read() == b"body{}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
