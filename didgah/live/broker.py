"""How an event gets from the process that made it (a web worker, the scheduler) to the
processes that hold the streams.

Production profile (REDIS_URL): Redis pub/sub, one channel for the site; every stream
process subscribes once and picks its articles' events. Embedded default: a local
channel, one unix datagram socket per stream process in conf.socket_dir(), bound by that
process as it starts; a publisher sends each event to every socket there, one sendto
each, never waiting (a full or absent receiver loses that event, as a reader who
reconnects would) — push, not polling, so delivery costs no wake-ups while nothing
happens and one system call per event per stream process when something does
(bench/live_bench.py measures it at 2,000 streams)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable
from pathlib import Path

from . import conf

logger = logging.getLogger(__name__)

# A datagram carries one event; Linux's default socket buffer (about 200 KB) holds a
# comment of the longest allowed text, rendered, many times over.
MAX_DATAGRAM = 64 * 1024


def publish(message: bytes) -> None:
    """Send one event envelope (events.envelope) to every stream process; never raises:
    a page without its live update still has the truth on its next load."""
    try:
        if conf.redis_url():
            _redis_publish(message)
        else:
            _local_publish(message)
    except Exception:  # noqa: BLE001 - a live update is never worth a failed write
        logger.exception("live: publishing an event failed")


_redis_clients: dict = {}


def _redis_publish(message: bytes) -> None:
    import redis

    url = conf.redis_url()
    client = _redis_clients.get(url)
    if client is None:
        # One connection pool per process (redis-py's), as the cache's own.
        client = _redis_clients[url] = redis.Redis.from_url(url, socket_timeout=2)
    client.publish(conf.channel(), message)


_sender: socket.socket | None = None


def _local_publish(message: bytes) -> None:
    global _sender
    if len(message) > MAX_DATAGRAM:
        logger.warning("live: an event of %d bytes was not sent", len(message))
        return
    folder = conf.socket_dir()
    try:
        paths = [entry.path for entry in os.scandir(folder) if entry.name.endswith(".sock")]
    except FileNotFoundError:
        return  # no stream server has started
    if _sender is None:
        _sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        _sender.setblocking(False)
    for path in paths:
        try:
            _sender.sendto(message, path)
        except (ConnectionRefusedError, FileNotFoundError):
            # Its process is gone (killed before it could remove its socket).
            with contextlib.suppress(OSError):
                os.unlink(path)
        except BlockingIOError:
            logger.warning("live: %s is not reading; an event was dropped", path)


class LocalListener:
    """The stream process's end of the local channel: its socket, read by the event loop."""

    def __init__(self, on_message: Callable[[bytes], None]):
        self.on_message = on_message
        self.path: Path | None = None
        self.sock: socket.socket | None = None

    async def start(self) -> None:
        folder = conf.socket_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{os.getpid()}.sock"
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(str(self.path))
        # Room for a burst: events are read as fast as the loop turns, but a turn can
        # be busy writing to 2,000 streams.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
        sock.setblocking(False)
        self.sock = sock
        asyncio.get_running_loop().add_reader(sock.fileno(), self._read)

    def _read(self) -> None:
        while True:
            try:
                data = self.sock.recv(MAX_DATAGRAM)
            except (BlockingIOError, InterruptedError):
                return
            try:
                self.on_message(data)
            except Exception:  # noqa: BLE001 - one bad datagram must not stop the channel
                logger.exception("live: an event could not be delivered")

    async def stop(self) -> None:
        if self.sock is not None:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self.sock.fileno())
            self.sock.close()
            self.sock = None
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()


class RedisListener:
    """The stream process's subscription to the site's channel, reconnected when Redis
    goes away (events published meanwhile are lost, as pub/sub's are)."""

    def __init__(self, on_message: Callable[[bytes], None]):
        self.on_message = on_message
        self.task: asyncio.Task | None = None
        self.ready = asyncio.Event()

    async def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._run())
        # Subscribed before the first stream is served, so nothing published after
        # a page opened its stream is missed.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.ready.wait(), 5)

    async def _run(self) -> None:
        import redis.asyncio as aioredis

        while True:
            client = aioredis.from_url(conf.redis_url())
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(conf.channel())
                    self.ready.set()
                    async for item in pubsub.listen():
                        if item.get("type") == "message":
                            try:
                                self.on_message(item["data"])
                            except Exception:  # noqa: BLE001
                                logger.exception("live: an event could not be delivered")
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - Redis restarting: try again shortly
                logger.warning("live: Redis subscription lost; reconnecting", exc_info=True)
                await asyncio.sleep(1)
            finally:
                await client.aclose()

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task


def listener(on_message: Callable[[bytes], None]) -> LocalListener | RedisListener:
    return RedisListener(on_message) if conf.redis_url() else LocalListener(on_message)
