"""The SQLite writers' lock (common/writelock.py) across real processes."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from didgah.common import writelock

ROOT = Path(__file__).resolve().parents[3]


def test_lock_file_beside_the_database_and_none_in_memory(tmp_path):
    assert writelock.lock_path(str(tmp_path / "db.sqlite3")) == str(tmp_path / "db.sqlite3-writer.lock")
    assert writelock.lock_path(":memory:") is None
    assert writelock.lock_path("file:memorydb_default?mode=memory&cache=shared") is None
    with writelock.sqlite_writer(":memory:"):  # threads only; nothing on disk
        pass


# Each process adds to one counter PER times, every write in its own IMMEDIATE
# transaction, with SQLite's busy timeout at zero: a writer that met another's write
# lock would fail at once with "database is locked". Only the lock orders them.
WRITER = textwrap.dedent("""
    import sqlite3, sys
    from didgah.common.writelock import sqlite_writer
    db, per = sys.argv[1], int(sys.argv[2])
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    for _ in range(per):
        with sqlite_writer(db):
            conn.execute("BEGIN IMMEDIATE")
            n = conn.execute("SELECT n FROM counter").fetchone()[0]
            conn.execute("UPDATE counter SET n = ?", (n + 1,))
            conn.execute("COMMIT")
    print("done")
""")


def test_processes_write_one_at_a_time_without_busy_waits(tmp_path):
    db = str(tmp_path / "db.sqlite3")
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE counter (n INTEGER)")
    conn.execute("INSERT INTO counter VALUES (0)")
    procs, per = 4, 300
    children = [subprocess.Popen([sys.executable, "-c", WRITER, db, str(per)], cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(procs)]
    outcomes = [c.communicate(timeout=120) for c in children]
    assert [o[0].strip() for o in outcomes] == ["done"] * procs, [o[1][-500:] for o in outcomes]
    assert conn.execute("SELECT n FROM counter").fetchone()[0] == procs * per


def _child_acquires(db: str, queue, trying) -> None:
    trying.set()
    with writelock.sqlite_writer(db):
        queue.put(time.monotonic())


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
def test_a_forked_child_waits_for_its_parent(tmp_path):
    """A child forked while the parent holds the lock (its thread lock taken, its file
    open) does not share the parent's hold: it waits for the release."""
    db = str(tmp_path / "db.sqlite3")
    ctx = multiprocessing.get_context("fork")
    queue, trying = ctx.Queue(), ctx.Event()
    with writelock.sqlite_writer(db):
        child = ctx.Process(target=_child_acquires, args=(db, queue, trying))
        child.start()
        assert trying.wait(30)
        time.sleep(0.3)  # the child is waiting on the lock by now
        released = time.monotonic()
    acquired = queue.get(timeout=30)
    child.join(timeout=30)
    assert child.exitcode == 0
    assert acquired >= released


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
def test_a_child_forked_inside_the_block_leaves_it_cleanly(tmp_path):
    """The child closed its copy of the lock file at the fork: leaving the block must not
    unlock through it (a closed, perhaps reused, descriptor)."""
    db = str(tmp_path / "db.sqlite3")
    parent = os.getpid()
    child = 0
    try:
        with writelock.sqlite_writer(db):
            child = os.fork()
    except BaseException:
        if os.getpid() != parent:
            os._exit(1)
        raise
    if os.getpid() != parent:
        os._exit(0)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_thread_that_holds_the_lock_may_open_another_write_inside_it(tmp_path):
    """An on_commit hook of a write transaction runs before the lock is released; a
    write it starts must not wait for its own thread (it would wait for ever)."""
    db = str(tmp_path / "db.sqlite3")
    others: list[float] = []

    def other():
        with writelock.sqlite_writer(db):
            others.append(time.monotonic())

    with writelock.sqlite_writer(db):
        with writelock.sqlite_writer(db):
            pass
        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.2)
        assert others == []  # the outer block still holds it
        released = time.monotonic()
    thread.join(timeout=30)
    assert others and others[0] >= released
