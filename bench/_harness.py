"""What the benchmark scripts share: logging, ports, waiting for a server, running the
script itself as a Django child process, admin SQL on PostgreSQL, and a server's
process tree.

Imported as `_harness` by scripts run as `python bench/<name>.py` (their folder is on
sys.path)."""

from __future__ import annotations

import json
import os
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


def cpu_seconds(pids: list[int], *, also: str = "") -> float:
    """User + system CPU seconds used so far by `pids` and by every process whose command
    line contains `also` (PostgreSQL's backends for one database, say). A server's CPU
    per request, from these before and after a run, does not depend on what else the
    machine is doing, where its requests a second do."""
    ticks = os.sysconf("SC_CLK_TCK")
    wanted = set(pids)
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if int(entry.name) not in wanted:
                if not also or also.encode() not in (entry / "cmdline").read_bytes():
                    continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (stat fields 14 and 15)
    return total / ticks
