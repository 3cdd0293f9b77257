"""One SQLite writer at a time across the server's threads and processes, each woken
the moment the one before it is done.

SQLite lets one writer in at a time. A writer that finds the write lock taken sleeps
in SQLite's busy handler (1, 2, 5, 10, … 100 ms between tries), however soon the
lock is free again; with the embedded default's four worker processes posting
comments at once, p99 reached 0.3–1 s, mostly such sleeps (docs/community.md). So the
site's frequent writers queue here first: threads of one process on a Python lock,
processes on flock() on a file beside the database, which the kernel hands to the
next waiter as it is released. Writers that do not queue here (management commands,
session saves) still meet SQLite's own lock and busy handler, as before: this only
orders the ones that do.

A waiter here waits without a timeout. The holder is inside one write transaction
whose every statement is bounded by SQLite's busy_timeout (settings), and a process
that dies lets go of its flock, so the wait is bounded in turn.
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager

_THREADS = threading.Lock()
_FILES: dict[str, int] = {}  # lock file → this process's descriptor


def _after_fork() -> None:
    """A forked child starts afresh: the parent's thread lock may have been held at the
    fork, and a flock belongs to the open file, which the child would share with the
    parent (both would hold it at once)."""
    global _THREADS
    _THREADS = threading.Lock()
    for fd in _FILES.values():
        os.close(fd)
    _FILES.clear()


os.register_at_fork(after_in_child=_after_fork)


def lock_path(database: str) -> str | None:
    """The lock file for this SQLite database name; None for an in-memory database
    (one process has it, so threads are all there is to order)."""
    name = str(database)
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return f"{name}-writer.lock"


def _descriptor(path: str) -> int:
    fd = _FILES.get(path)
    if fd is None:
        fd = _FILES[path] = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    return fd


@contextmanager
def sqlite_writer(database: str):
    """Hold while one write transaction on this SQLite database runs (enter before its
    BEGIN, leave after its COMMIT or ROLLBACK)."""
    path = lock_path(database)
    with _THREADS:
        if path is None:
            yield
            return
        fd = _descriptor(path)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
