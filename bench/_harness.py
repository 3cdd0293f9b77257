"""What the benchmark scripts share: logging, ports, waiting for a server, running the
script itself as a Django child process, admin SQL on PostgreSQL, and a server's
process tree.

Imported as `_harness` by scripts run as `python bench/<name>.py` (their folder is on
sys.path)."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log(msg: str) -> None:
    print(msg, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 90) -> None:
    """Return once `url` answers with anything below 500; raise after `timeout` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as r:
                if r.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def run_child(python: str, script: str, env: dict, command: str, params: dict) -> dict:
    """Run `script --child command params` (inside Django, with `env`) and return the JSON
    object it prints last."""
    out = subprocess.run([python, script, "--child", command, json.dumps(params)], env=env, cwd=ROOT,
                         stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def pg_admin(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, capture_output=True)


def descendants(pid: int) -> list[int]:
    """pid and every process under it (from /proc): a server's workers, for their memory."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out
