"""The cache the worker processes share (common/shared.py) on the embedded default:
rate limits and view counts hold across real processes, as under granian's workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from didgah.common.shared import shared_cache

ROOT = Path(__file__).resolve().parents[3]

# A worker process: Django set up as the site's, then `hit` or view_record in a loop.
WORKER = textwrap.dedent("""
    import json, os, sys
    import django
    os.environ["DJANGO_SETTINGS_MODULE"] = "didgah.settings"
    django.setup()
    from didgah.common.ratelimit import hit
    from didgah.community.viewcount import view_record
    what, n, me = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if what == "hits":
        allowed = sum(hit("vote:42", limit=100, window_seconds=10**9) for _ in range(n))  # one window
    else:
        allowed = view_record(article_id=7, viewer="the-same-visitor", flush=False)
        allowed += sum(view_record(article_id=7, viewer=f"{me}-{i}", flush=False) for i in range(n))
    print(json.dumps(allowed))
""")


@pytest.fixture
def shared_dir(tmp_path, settings):
    from django.db import connections

    if not isinstance(caches["default"], LocMemCache):
        pytest.skip("the default cache is shared already")
    if connections["default"].vendor != "sqlite":
        pytest.skip("PostgreSQL without Redis keeps a store per process (common/shared.py)")
    settings.SHARED_CACHE_DIR = tmp_path
    return tmp_path


def _workers(shared_dir, what: str, n: int, procs: int = 4) -> list[int]:
    # Served as the site is (not as a test process, whose directory is its own).
    env = {k: v for k, v in os.environ.items()
           if k not in {"REDIS_URL", "DATABASE_URL", "TESTING"} and not k.startswith("DIDGAH_TEST_SHARED_")}
    env.update(SHARED_CACHE_DIR=str(shared_dir), DATA_DIR=str(shared_dir / "data"))
    children = [subprocess.Popen([sys.executable, "-c", WORKER, what, str(n), f"w{i}"], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(procs)]
    outcomes = [c.communicate(timeout=120) for c in children]
    assert all(c.returncode == 0 for c in children), [o[1][-800:] for o in outcomes]
    return [json.loads(o[0]) for o in outcomes]


def test_a_rate_limit_holds_across_worker_processes(shared_dir):
    allowed = _workers(shared_dir, "hits", 60)
    # 240 tries from four processes, one limit of 100: never more let through; at the
    # edge a racing process may read another's count with its own (common/shared.py).
    assert 100 - 4 < sum(allowed) <= 100


def test_a_viewer_counts_once_whichever_worker_serves_them(shared_dir):
    from didgah.community.viewcount import views_pending

    counted = _workers(shared_dir, "views", 250)
    assert sum(counted) == 1 + 4 * 250
    assert views_pending() == {7: 1 + 4 * 250}  # this process reads the others' buffer


def test_a_store_per_directory_and_name(shared_dir, settings):
    first = shared_cache("a")
    assert shared_cache("a") is first and shared_cache("b") is not first
    settings.SHARED_CACHE_DIR = shared_dir / "elsewhere"
    assert shared_cache("a") is not first


def test_counters_keep_djangos_cache_semantics(tmp_path, monkeypatch):
    from didgah.common import shared

    clock = [1000.0]
    monkeypatch.setattr(shared.time, "time", lambda: clock[0])
    store = shared.SharedCounters(str(tmp_path / "c.sqlite3"))
    assert store.add("a", 5, timeout=10) and not store.add("a", 7, timeout=10)
    assert store.get("a") == 5 and store.incr("a") == 6 and store.decr("a", 2) == 4
    with pytest.raises(ValueError):
        store.incr("missing")
    assert store.count("n", 10) == 1 and store.count("n", 10) == 2
    store.set("forever", 3, timeout=None)
    assert store.get_many(["a", "n", "forever", "missing"]) == {"a": 4, "n": 2, "forever": 3}
    clock[0] += 11  # "a" and "n" have expired
    assert store.get("a") is None and store.get("a", 0) == 0
    with pytest.raises(ValueError):
        store.incr("a")
    assert store.add("a", 9, timeout=10) and store.get("a") == 9  # an expired key is absent
    assert store.count("n", 10) == 1  # a new window
    store.delete_many(["a", "n"])
    assert store.get_many(["a", "n", "forever"]) == {"forever": 3}
    store.delete("forever")
    assert store.get("forever") is None
    store.set("x", 1, timeout=5)
    store.clear()
    assert store.get("x") is None


def test_expired_rows_are_pruned(tmp_path, monkeypatch):
    import sqlite3

    from didgah.common import shared

    clock = [1000.0]
    monkeypatch.setattr(shared.time, "time", lambda: clock[0])
    path = str(tmp_path / "c.sqlite3")
    store = shared.SharedCounters(path)
    for i in range(100):
        store.add(f"k{i}", 1, timeout=10)
    clock[0] += shared.PRUNE_SECONDS + 1
    store.add("fresh", 1, timeout=10)
    assert sqlite3.connect(path).execute("SELECT key FROM entries").fetchall() == [("fresh",)]


def test_deploy_check_warns_of_postgresql_without_redis(settings, monkeypatch):
    from django.db import connections

    from didgah.common.checks import shared_counters_check

    vendor = connections["default"].vendor
    if not isinstance(caches["default"], LocMemCache):
        assert shared_counters_check() == []
    elif vendor == "sqlite":
        assert shared_counters_check() == []
        monkeypatch.setattr(connections["default"], "vendor", "postgresql")
        assert [w.id for w in shared_counters_check()] == ["didgah.W001"]
    else:
        assert [w.id for w in shared_counters_check()] == ["didgah.W001"]


def test_postgresql_without_redis_keeps_stores_per_process(monkeypatch):
    from django.db import connections

    if not isinstance(caches["default"], LocMemCache):
        pytest.skip("the default cache is shared already")
    monkeypatch.setattr(connections["default"], "vendor", "postgresql")
    assert isinstance(shared_cache("rate-limits"), LocMemCache)
    monkeypatch.setattr(connections["default"], "vendor", "sqlite")
    from didgah.common.shared import SharedCounters

    assert isinstance(shared_cache("rate-limits"), SharedCounters)


def test_a_store_that_cannot_be_written_limits_nothing_and_fails_nothing(settings, tmp_path, caplog):
    from django.db import connections

    from didgah.common.ratelimit import hit

    if not isinstance(caches["default"], LocMemCache) or connections["default"].vendor != "sqlite":
        pytest.skip("the SQLite store is not in use")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.SHARED_CACHE_DIR = blocker / "under-a-file"  # no directory can be made there
    assert all(hit("k", limit=1, window_seconds=60) for _ in range(3))
    assert "rate limit store unavailable" in caplog.text
