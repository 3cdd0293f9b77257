"""Group commit: the requests of one process that want the same kind of write while
such a write is in flight wait, and the first of them then writes them all at once.

On one popular article every vote updates the same row, so votes queue on its lock
and each pays a round trip, a statement and a commit of its own. Threads of a worker
that arrive while a batch is being written instead join the next batch: one call of
the database function for all of them, one update of the article's row, one commit.
A request alone (the usual case on a quiet site) writes at once, as before; under load
a batch holds whatever arrived during the previous one, so nobody waits longer than
the batch in flight plus their own. Each request still gets its answer only after
the commit that holds its write.

Pure threading, no Django: the caller gives the function that writes a batch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

# Bounds one call's statement (and so how long its last request waits); more than the
# requests a worker holds at once with the threads it is given (didgah/serve.py).
MAX_BATCH = 64


class _Waiter:
    __slots__ = ("error", "event", "item", "lead", "result")

    def __init__(self, item) -> None:
        self.item = item
        self.event: threading.Event | None = None
        self.lead = False
        self.result = None
        self.error: BaseException | None = None


class GroupCommit(Generic[In, Out]):
    """`submit(item)` returns what `write(items)` answered for `item`.

    `write` receives the items in arrival order and must return one answer per item,
    in that order. It runs on the thread of one request of the batch (the leader), so
    it must use that thread's own resources (its database connection) and must not
    depend on the other requests' state, such as a transaction one of them holds open:
    call `submit` only outside any transaction. If `write` raises, every request of
    the batch raises the same exception."""

    def __init__(self, write: Callable[[Sequence[In]], Sequence[Out]], *, max_batch: int = MAX_BATCH) -> None:
        self._write = write
        self._max_batch = max_batch
        self._lock = threading.Lock()
        self._queue: list[_Waiter] = []
        self._busy = False
        self.batches = 0  # written so far, and the items in them: for tests and benchmarks
        self.items = 0

    def submit(self, item: In) -> Out:
        me = _Waiter(item)
        with self._lock:
            if self._busy:
                me.event = threading.Event()
                self._queue.append(me)
            else:
                self._busy = True
                me.lead = True
        if not me.lead:
            me.event.wait()
            if not me.lead:  # written by a leader
                if me.error is not None:
                    raise me.error
                return me.result
        self._lead(me)
        if me.error is not None:
            raise me.error
        return me.result

    def _lead(self, me: _Waiter) -> None:
        """Write this request and those queued so far, wake them, hand over the lead."""
        with self._lock:
            take = self._max_batch - 1
            batch = [me, *self._queue[:take]]
            del self._queue[:take]
        try:
            results = self._write([w.item for w in batch])
            if len(results) != len(batch):
                raise RuntimeError(f"group commit: {len(batch)} items written, {len(results)} answers")
        except BaseException as exc:  # noqa: BLE001 - handed to every request of the batch
            for w in batch:
                w.error = exc
        else:
            for w, r in zip(batch, results):
                w.result = r
        with self._lock:
            self.batches += 1
            self.items += len(batch)
            nxt = self._queue.pop(0) if self._queue else None
            if nxt is None:
                self._busy = False
            else:
                nxt.lead = True
        if nxt is not None:
            nxt.event.set()
        for w in batch[1:]:
            w.event.set()
