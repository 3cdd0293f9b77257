"""Group commit (common/groupcommit.py) with real threads."""

from __future__ import annotations

import threading
import time

import pytest

from didgah.common.groupcommit import GroupCommit


class Recorder:
    """A write that records its batches and can hold the first one until told."""

    def __init__(self, hold_first: bool = False) -> None:
        self.batches: list[list[int]] = []
        self.release = threading.Event()
        self.entered = threading.Event()
        if not hold_first:
            self.release.set()

    def __call__(self, items):
        self.batches.append(list(items))
        self.entered.set()
        self.release.wait(10)
        return [i * 10 for i in items]


def _run_threads(gc: GroupCommit, items, results: dict, errors: dict) -> list[threading.Thread]:
    def one(i):
        try:
            results[i] = gc.submit(i)
        except Exception as exc:  # noqa: BLE001
            errors[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in items]
    for t in threads:
        t.start()
    return threads


def _wait_queued(gc: GroupCommit, n: int, key=None) -> None:
    deadline = time.monotonic() + 10
    while len(gc._queues.get(key, ())) < n:
        assert time.monotonic() < deadline, "the requests never queued"
        time.sleep(0.001)


def _first_held_then(gc: GroupCommit, n: int, entered: threading.Event, release: threading.Event):
    """Request 0 starts a write that holds until `release`; requests 1..n queue behind
    it; then the write is released and every request runs to its end."""
    results, errors = {}, {}
    first = _run_threads(gc, [0], results, errors)
    assert entered.wait(10)
    rest = _run_threads(gc, range(1, n + 1), results, errors)
    _wait_queued(gc, n)
    release.set()
    for t in first + rest:
        t.join(10)
    return results, errors


def test_a_request_alone_is_written_at_once():
    write = Recorder()
    gc = GroupCommit(write)
    assert gc.submit(3) == 30
    assert gc.submit(4) == 40
    assert write.batches == [[3], [4]]


def test_requests_arriving_during_a_write_are_written_together_each_with_its_answer():
    write = Recorder(hold_first=True)
    gc = GroupCommit(write)
    results, errors = _first_held_then(gc, 20, write.entered, write.release)
    assert not errors
    assert results == {i: i * 10 for i in range(21)}
    assert write.batches[0] == [0]
    assert sorted(write.batches[1]) == list(range(1, 21))  # one batch for all who waited
    assert (gc.batches, gc.items) == (2, 21)
    assert gc._queues == {}  # idle again


def test_a_batch_is_never_larger_than_max_batch():
    write = Recorder(hold_first=True)
    gc = GroupCommit(write, max_batch=4)
    results, errors = _first_held_then(gc, 10, write.entered, write.release)
    assert not errors and len(results) == 11
    assert [len(b) for b in write.batches] == [1, 4, 4, 2]


def test_a_failed_write_fails_every_request_of_its_batch_and_the_next_batch_goes_on():
    from didgah.common.groupcommit import BatchFailed

    calls = []
    entered, gate = threading.Event(), threading.Event()

    def write(items):
        calls.append(list(items))
        if len(calls) == 2:
            raise RuntimeError("database went away")
        if len(calls) == 1:
            entered.set()
            gate.wait(10)
        return [i for i in items]

    gc = GroupCommit(write)
    results, errors = _first_held_then(gc, 5, entered, gate)
    assert results == {0: 0}
    assert sorted(errors) == [1, 2, 3, 4, 5]
    # The leader of the failed batch raises the error itself; the others, BatchFailed from it.
    leaders = [e for e in errors.values() if not isinstance(e, BatchFailed)]
    assert len(leaders) == 1 and str(leaders[0]) == "database went away"
    assert all(e.__cause__ is leaders[0] for e in errors.values() if isinstance(e, BatchFailed))
    assert gc.submit(7) == 7  # not stuck: the lead was handed back


def test_a_write_that_answers_the_wrong_number_of_items_is_an_error():
    gc = GroupCommit(lambda items: [])
    with pytest.raises(RuntimeError, match="1 items written, 0 answers"):
        gc.submit(1)
    assert gc._queues == {}


def test_keys_are_batched_apart_and_a_stuck_key_holds_up_only_its_own_requests():
    held = threading.Event()
    entered = threading.Event()
    batches = []

    def write(items):
        batches.append(list(items))
        if items[0] == ("a", 0):
            entered.set()
            held.wait(10)
        return [i[1] for i in items]

    gc = GroupCommit(write)
    results, errors = {}, {}

    def one(key, i):
        try:
            results[(key, i)] = gc.submit((key, i), key=key)
        except Exception as exc:  # noqa: BLE001
            errors[(key, i)] = exc

    first = threading.Thread(target=one, args=("a", 0))
    first.start()
    assert entered.wait(10)
    waiting_a = [threading.Thread(target=one, args=("a", i)) for i in (1, 2)]
    for t in waiting_a:
        t.start()
    _wait_queued(gc, 2, key="a")
    # Key b goes on while key a's write is stuck.
    assert gc.submit(("b", 7), key="b") == 7
    assert gc.submit(("b", 8), key="b") == 8
    held.set()
    for t in [first, *waiting_a]:
        t.join(10)
    assert not errors
    assert all(len({k for k, _ in b}) == 1 for b in batches)  # no batch spans two keys
    assert sorted(results) == [("a", 0), ("a", 1), ("a", 2)]


def test_many_threads_many_rounds_lose_nothing():
    seen = []
    lock = threading.Lock()

    def write(items):
        with lock:
            seen.extend(items)
        time.sleep(0.0005)
        return [-i for i in items]

    gc = GroupCommit(write)
    results, errors = {}, {}
    threads = _run_threads(gc, range(400), results, errors)
    for t in threads:
        t.join(20)
    assert not errors
    assert results == {i: -i for i in range(400)}
    assert sorted(seen) == list(range(400))
    assert gc.items == 400 and gc.batches < 400  # some were grouped

