"""Counters that every worker process of the site shares: rate limits
(common/ratelimit.py) and the view buffer with its once-an-hour rule
(community/viewcount.py).

With REDIS_URL the default cache is Redis, which every worker shares already, and it
is the answer. The embedded default's cache is Django's local-memory cache, one per
process: granian runs four workers on SQLite, so a reader whose requests landed on all
four got four times their limit, and a visitor was counted once per worker. There the
counters live in a small SQLite file per store under SHARED_CACHE_DIR, which every
process opens: each write is one statement (`add` and a rate limit's `count` an
UPSERT, `incr` an UPDATE … RETURNING), atomic across processes.

Why not a library: diskcache's Django cache (tried) does the same with several
statements a call and Django's key checks, 93–120 µs of CPU a rate-limit check against
16–23 µs here (the UPSERT and a read; one process, and four at once), and cost a vote on SQLite 0.2 ms (votes/s
1,135–1,190 against 1,308–1,388 in back-to-back runs). Django's own database cache
writes through the ORM and its `incr` is a read then a write, not atomic.

Only what ratelimit and viewcount use is here, with Django's cache semantics: integer
values, timeouts in seconds (None: never expires), `incr` of a missing key raises
ValueError, `add` stores only when the key is absent or expired.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections

# SQLite's busy timeout, ms: a write here takes about 15 µs, so a writer waits for
# others only briefly; this bounds the wait if one process is stalled mid-write.
BUSY_MS = 5000
# An expiry far beyond any timeout: "never" (Django's timeout=None).
NEVER = 1e18
# Each process deletes the expired rows at most this often (seconds), in the course of
# a write: a scan of the table, cheaper over a minute's writes than an index on
# `expires` (which cost each write 8 µs of its 23).
PRUNE_SECONDS = 60
# SQLite's limit on bound parameters is 32,766; get_many and delete_many go in chunks.
CHUNK = 500

_SCHEMA = ("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value INTEGER NOT NULL, "
           "expires REAL NOT NULL) WITHOUT ROWID")


def _prepare(conn: sqlite3.Connection) -> None:
    """WAL mode and the table, once per file. Turning a new file to WAL needs it alone,
    and SQLite does not wait for that in its busy handler: processes opening a new file
    at once (workers starting) retry here for up to BUSY_MS."""
    deadline = time.monotonic() + BUSY_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class SharedCounters:
    """One store: a SQLite file that the processes open, a connection per thread."""

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()
        self._next_prune = 0.0

    def _conn(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            # A forked child opens its own, and keeps the parent's unclosed: SQLite
            # advises against closing a connection inherited across fork.
            local.inherited = getattr(local, "conn", None)
            local.pid, local.conn = os.getpid(), None
        if local.conn is None:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            # In WAL mode NORMAL syncs at checkpoints only: a crash of the machine may
            # lose the last moments' counts, never the file.
            conn.execute("PRAGMA synchronous=NORMAL")
            _prepare(conn)
            local.conn = conn
        return local.conn

    @staticmethod
    def _expires(timeout: float | None) -> float:
        return NEVER if timeout is None else time.time() + timeout

    def _write(self, sql: str, params, returning: bool = False):
        """Run one writing statement: its rows when `returning`, else the number of rows
        it changed.

        A statement without RETURNING is one step of SQLite's, which takes the write
        lock and commits before Python runs again. One with RETURNING is two, and the
        thread needs the GIL between them while it holds the lock, so with many threads
        a worker the others wait in SQLite's busy handler (a millisecond or more): votes
        with 2 × 16 threads measured 0.39 of pgbench with RETURNING on every write,
        0.50–0.53 without (0.62–0.68 with per-process stores, which is why PostgreSQL
        keeps those). So only `incr`, which must return its own value, uses it."""
        conn = self._conn()
        cur = conn.execute(sql, params)
        result = cur.fetchall() if returning else cur.rowcount
        now = time.time()
        if now >= self._next_prune:
            self._next_prune = now + PRUNE_SECONDS
            conn.execute("DELETE FROM entries WHERE expires <= ?", (now,))
        return result

    def add(self, key: str, value: int, timeout: float | None) -> bool:
        """Store `value` unless `key` holds a live value; True if stored."""
        return self._write(
            "INSERT INTO entries (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE "
            "SET value = excluded.value, expires = excluded.expires WHERE entries.expires <= ?",
            (key, int(value), self._expires(timeout), time.time())) == 1

    def set(self, key: str, value: int, timeout: float | None) -> None:
        self._write("INSERT OR REPLACE INTO entries (key, value, expires) VALUES (?, ?, ?)",
                    (key, int(value), self._expires(timeout)))

    def incr(self, key: str, delta: int = 1) -> int:
        """The live value of `key` plus `delta`, stored; ValueError if there is none."""
        rows = self._write("UPDATE entries SET value = value + ? WHERE key = ? AND expires > ? RETURNING value",
                           (int(delta), key, time.time()), returning=True)
        if not rows:
            raise ValueError(f"Key '{key}' not found")
        return rows[0][0]

    def count(self, key: str, timeout: float) -> int:
        """Add one to `key`, a missing or expired key counting from 0 for `timeout`
        seconds (`add` then `incr` in one statement, for rate limits); then the value.
        Every call counts exactly once; the value read after it may include another
        process's count that came just after, so at a limit's edge two requests at once
        may both be refused, never both let through."""
        now = time.time()
        self._write(
            "INSERT INTO entries (key, value, expires) VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE SET "
            "value = CASE WHEN entries.expires > ? THEN entries.value + 1 ELSE 1 END, "
            "expires = CASE WHEN entries.expires > ? THEN entries.expires ELSE excluded.expires END",
            (key, now + timeout, now, now))
        return self.get(key, 0)

    def decr(self, key: str, delta: int = 1) -> int:
        return self.incr(key, -delta)

    def get(self, key: str, default=None):
        row = self._conn().execute("SELECT value FROM entries WHERE key = ? AND expires > ?",
                                   (key, time.time())).fetchone()
        return default if row is None else row[0]

    def get_many(self, keys) -> dict:
        keys, found, now = list(keys), {}, time.time()
        for i in range(0, len(keys), CHUNK):
            chunk = keys[i:i + CHUNK]
            marks = ", ".join("?" * len(chunk))
            found.update(self._conn().execute(
                f"SELECT key, value FROM entries WHERE key IN ({marks}) AND expires > ?",  # noqa: S608 - marks only
                (*chunk, now)).fetchall())
        return found

    def delete(self, key: str) -> None:
        self._write("DELETE FROM entries WHERE key = ?", (key,))

    def delete_many(self, keys) -> None:
        keys = list(keys)
        for i in range(0, len(keys), CHUNK):
            chunk = keys[i:i + CHUNK]
            self._write(f"DELETE FROM entries WHERE key IN ({', '.join('?' * len(chunk))})", chunk)  # noqa: S608

    def clear(self) -> None:
        self._write("DELETE FROM entries", ())


# PostgreSQL without Redis: each process keeps its own stores (see shared_cache), as
# local-memory caches sized for their use (Django's default culls at 300 entries).
LOCAL_PARAMS = {
    "rate-limits": {"OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 10}},
    # View counters must never be culled (a culled one loses views) …
    "views": {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 10_000_000}},
    # … "seen" keys may be (a culled one lets a viewer count twice): about 100 bytes
    # each, half a million stay under ~100 MB per worker.
    "views-seen": {"OPTIONS": {"MAX_ENTRIES": 500_000, "CULL_FREQUENCY": 10}},
}

_stores: dict[tuple, SharedCounters | LocMemCache] = {}
_lock = threading.Lock()


def shared_cache(name: str):
    """The store named `name` (a key of LOCAL_PARAMS) that all worker processes share:
    the default cache when it is shared already (Redis); on the embedded default
    (SQLite, no Redis) the SQLite store of that name. On PostgreSQL without Redis, a
    store of this process alone: there granian runs 16 threads a worker, and a SQLite
    store, each use handing the GIL round twice, cost a vote 0.2–0.3 ms of CPU (votes
    fell from 0.68 of pgbench to 0.50–0.53); limits then count per worker process, and
    the scale-out path sets REDIS_URL (settings warn without it)."""
    default = caches["default"]
    if not isinstance(default, LocMemCache):
        return default
    where = (settings.SHARED_CACHE_DIR, name, connections["default"].vendor)
    store = _stores.get(where)
    if store is None:
        with _lock:
            if where[2] == "sqlite":
                store = SharedCounters(str(Path(where[0]) / f"{name}.sqlite3"))
            else:
                store = LocMemCache(f"didgah-{name}", LOCAL_PARAMS[name])
            store = _stores.setdefault(where, store)
    return store


def shared_clear(name: str) -> None:
    """Empty this process's view of store `name` (tests); a shared default cache (Redis)
    is left alone."""
    if isinstance(caches["default"], LocMemCache):
        shared_cache(name).clear()
