"""Group commit: the requests of one process that want the same write while such a
write is in flight wait, and the first of them then writes them all at once.

On one popular article every vote updates the same row, so votes queue on its lock
and each pays a round trip, a statement and a commit of its own. Threads of a worker
that arrive while a batch for that article is being written instead join the next
batch: one call of the database function for all of them, one update of the
article's row, one commit. A request alone (the usual case on a quiet site) writes at
once, as before; under load a batch holds whatever arrived during the previous one,
so nobody waits longer than the batch in flight plus their own (unless more than
MAX_BATCH are waiting: they go in the batches after). Each request gets
its answer only after the commit that holds its write.

Requests are grouped by a key (the article): a batch never spans two keys, so it
takes only the locks one write would take, and a write stuck on one key's lock holds
up only that key's requests.

Pure threading, no Django: the caller gives the function that writes a batch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

# Bounds one call's statement (and so how long its last request waits); more than the
# requests a worker holds at once with the threads it is given (didgah/serve.py).
MAX_BATCH = 64


class BatchFailed(RuntimeError):
    """Raised in every other request of a batch whose write raised; the leader, whose
    thread ran the write, raises the original (this one's __cause__)."""


class _Waiter:
    __slots__ = ("error", "event", "item", "lead", "result")

    def __init__(self, item) -> None:
        self.item = item
        self.event: threading.Event | None = None
        self.lead = False
        self.result = None
        self.error: BaseException | None = None


class GroupCommit(Generic[In, Out]):
    """`submit(item, key=...)` returns what `write(items)` answered for `item`.

    `write` receives items of one key in arrival order and must return one answer per
    item, in that order. It runs on the thread of one request of the batch (the
    leader), so it must use that thread's own resources (its database connection) and
    must not depend on the other requests' state, such as a transaction one of them
    holds open: call `submit` only outside any transaction. If `write` raises, the
    leader raises that exception and the batch's other requests raise BatchFailed."""

    def __init__(self, write: Callable[[Sequence[In]], Sequence[Out]], *, max_batch: int = MAX_BATCH) -> None:
        self._write = write
        self._max_batch = max_batch
        self._lock = threading.Lock()
        # key → the requests waiting for the batch in flight to finish; a key is here
        # exactly while one of its batches is being written.
        self._queues: dict[Hashable, list[_Waiter]] = {}
        self.batches = 0  # written so far, and the items in them: for tests and benchmarks
        self.items = 0

    def submit(self, item: In, *, key: Hashable = None) -> Out:
        me = _Waiter(item)
        with self._lock:
            queue = self._queues.get(key)
            if queue is None:
                self._queues[key] = []
                me.lead = True
            else:
                me.event = threading.Event()
                queue.append(me)
        if not me.lead:
            me.event.wait()
        if me.lead:  # from the start, or handed the lead by the batch before
            self._lead(me, key)
        if me.error is not None:
            if me.lead:
                raise me.error
            raise BatchFailed("the batch holding this request failed") from me.error
        return me.result

    def _lead(self, me: _Waiter, key: Hashable) -> None:
        """Write this request and those of its key queued so far, wake them, and hand
        the lead to the first request that queued meanwhile (or free the key)."""
        with self._lock:
            queue = self._queues[key]
            take = self._max_batch - 1
            batch = [me, *queue[:take]]
            del queue[:take]
        try:
            results = self._write([w.item for w in batch])
            if len(results) != len(batch):
                raise RuntimeError(f"group commit: {len(batch)} items written, {len(results)} answers")
        except BaseException as exc:  # noqa: BLE001 - every request of the batch gets it
            for w in batch:
                w.error = exc
        else:
            for w, r in zip(batch, results):
                w.result = r
        with self._lock:
            self.batches += 1
            self.items += len(batch)
            queue = self._queues[key]
            nxt = queue.pop(0) if queue else None
            if nxt is None:
                del self._queues[key]
            else:
                nxt.lead = True
        if nxt is not None:
            nxt.event.set()
        for w in batch[1:]:
            w.event.set()
