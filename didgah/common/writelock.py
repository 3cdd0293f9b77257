"""One SQLite writer at a time across the server's threads and processes, each woken
the moment the one before it is done.

SQLite lets one writer in at a time. A writer that finds the write lock taken sleeps
in SQLite's busy handler (1, 2, 5, 10, … 100 ms between tries), however soon the
lock is free again; with the embedded default's four worker processes posting
comments at once, p99 reached 0.3–1 s, mostly such sleeps (docs/community.md). So the
site's frequent writers queue here first: threads of one process on a Python lock,
processes on flock() on a file beside the database, which the kernel hands to the
next waiter as it is released. Writers that do not queue here (management commands,
session saves, the admin) still meet SQLite's own lock and busy handler, as before:
this only orders the ones that do.

A waiter here waits without a timeout of its own. Each holder is inside one write
transaction whose statements wait at most SQLite's busy_timeout (settings) for those
other writers, and a process that dies lets go of its flock; so the k-th in the queue
waits at most about k × busy_timeout, where before it would have failed after one.

The lock is taken once per thread: a write transaction opened while this thread holds
it (an on_commit hook of the last one, which Django runs before the lock is released)
goes ahead under the same hold instead of waiting for itself.
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager

_THREADS = threading.Lock()
_HELD = threading.local()  # .depth: how many sqlite_writer blocks this thread is in
_FILES: dict[str, int] = {}  # lock file → this process's descriptor


def _after_fork() -> None:
    """A forked child starts afresh: the parent's thread lock may have been held at the
    fork, and a flock belongs to the open file, which the child would share with the
    parent (both would hold it at once)."""
    global _THREADS, _HELD
    _THREADS = threading.Lock()
    _HELD = threading.local()
    for fd in _FILES.values():
        os.close(fd)
    _FILES.clear()


os.register_at_fork(after_in_child=_after_fork)


def lock_path(database: str) -> str | None:
    """The lock file for this SQLite database name; None for an in-memory database or
    a URI name ("file:…", only the tests' in-memory database here): threads are all
    there is to order then."""
    name = str(database)
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return f"{name}-writer.lock"


def _descriptor(path: str) -> int:
    fd = _FILES.get(path)
    if fd is None:
        # Read-only is enough for flock, and lets every user's processes share a lock
        # file that one of them (a management command run as another user) created.
        fd = _FILES[path] = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o666)
    return fd


@contextmanager
def sqlite_writer(database: str):
    """Hold while one write transaction on this SQLite database runs (enter before its
    BEGIN, leave after its COMMIT or ROLLBACK)."""
    depth = getattr(_HELD, "depth", 0)
    if depth:
        _HELD.depth = depth + 1
        try:
            yield
        finally:
            _HELD.depth = depth
        return
    path = lock_path(database)
    pid = os.getpid()
    with _THREADS:
        fd = _descriptor(path) if path is not None else None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD.depth = 1
        try:
            yield
        finally:
            _HELD.depth = 0
            # A child forked inside the block has closed its copy: only the process
            # that took the flock lets it go.
            if fd is not None and os.getpid() == pid:
                fcntl.flock(fd, fcntl.LOCK_UN)
