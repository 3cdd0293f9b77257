"""The streams one process holds, by article, and the fan-out of each event to them.

Runs in the stream server's event loop (didgah/live/asgi.py starts it). An event's bytes
are made once by its publisher; here each stream of the article whose reader the event
is for gets the same bytes object on its queue, so a stream costs its queue and the
request that holds it, not a copy of every event."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from . import broker, conf, events

logger = logging.getLogger(__name__)


class Stream:
    __slots__ = ("article_id", "user_id", "queue", "closed")

    def __init__(self, article_id: int, user_id: int | None, size: int):
        self.article_id = article_id
        self.user_id = user_id
        self.queue: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=size)
        self.closed = False

    def push(self, data: bytes | None) -> None:
        if self.closed:
            return
        try:
            self.queue.put_nowait(data)
        except asyncio.QueueFull:
            # A reader too slow to take its events: close it (None ends the stream)
            # rather than hold them all; its browser reconnects.
            self.closed = True
            with contextlib.suppress(asyncio.QueueEmpty):
                self.queue.get_nowait()
            self.queue.put_nowait(None)


class Hub:
    def __init__(self):
        self.streams: dict[int, set[Stream]] = {}
        self.listener = None
        self.heartbeat_task: asyncio.Task | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._starting: asyncio.Lock | None = None

    @property
    def running(self) -> bool:
        return self.listener is not None

    async def start(self) -> None:
        """Listen for events (idempotent; the ASGI lifespan calls it, and the first stream
        does if the server sent no lifespan)."""
        if self.running:
            return
        if self._starting is None:
            self._starting = asyncio.Lock()
        async with self._starting:
            if self.running:
                return
            self.loop = asyncio.get_running_loop()
            listener = broker.listener(self.dispatch)
            await listener.start()
            self.listener = listener
            self.heartbeat_task = self.loop.create_task(self._heartbeat())

    async def stop(self) -> None:
        if self.heartbeat_task is not None:
            self.heartbeat_task.cancel()
            self.heartbeat_task = None
        if self.listener is not None:
            await self.listener.stop()
            self.listener = None
        for streams in self.streams.values():
            for stream in streams:
                stream.push(None)
        self.streams.clear()

    def open(self, *, article_id: int, user_id: int | None) -> Stream:
        stream = Stream(article_id, user_id, conf.queue_size())
        self.streams.setdefault(article_id, set()).add(stream)
        return stream

    def close(self, stream: Stream) -> None:
        stream.closed = True
        streams = self.streams.get(stream.article_id)
        if streams is not None:
            streams.discard(stream)
            if not streams:
                del self.streams[stream.article_id]

    def count(self) -> int:
        return sum(len(s) for s in self.streams.values())

    def dispatch(self, message: bytes) -> None:
        """One envelope from the broker: its bytes onto the queue of every stream of its
        article whose reader it is for."""
        article_id, audience, payload = events.unwrap(message)
        for stream in tuple(self.streams.get(article_id, ())):
            if events.delivers(audience, stream.user_id):
                stream.push(payload)

    async def _heartbeat(self) -> None:
        # One timer for every stream of the process, rather than one per stream.
        while True:
            await asyncio.sleep(conf.heartbeat_seconds())
            for streams in tuple(self.streams.values()):
                for stream in tuple(streams):
                    stream.push(events.HEARTBEAT)


# One per process: the stream server runs one event loop per worker process.
hub = Hub()
