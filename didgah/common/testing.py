"""Helpers for tests that need many threads at once (concurrent writers on PostgreSQL)."""

from __future__ import annotations

import threading

from django.db import connections

# PostgreSQL here allows 100 connections, shared with other test runs: the threads
# all start together but at most this many hold a connection at once.
MAX_CONNECTIONS = 24


def run_threads(n_threads: int, work) -> list:
    """Run work(i) for i in range(n_threads) on as many threads, released together;
    each closes its database connections when done. The exceptions raised, for the
    caller to assert on."""
    errors, barrier = [], threading.Barrier(n_threads)
    gate = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def run(i):
        try:
            barrier.wait(timeout=60)
            with gate:
                try:
                    work(i)
                finally:
                    connections.close_all()
        except Exception as exc:  # collected and asserted on by the caller
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return errors
