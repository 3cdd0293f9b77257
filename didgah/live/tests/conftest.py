"""The stream server for tests: the live app's ASGI application under granian, embedded
in a thread of the test process (as serve.py runs it in a process of its own), so it
reads the test database and hears the test's events on the real channel."""

import asyncio
import socket
import threading
import time

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamServer:
    def __init__(self):
        from granian.constants import Interfaces
        from granian.server.embed import Server

        from didgah.live.asgi import application

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = Server(application, address="127.0.0.1", port=self.port, interface=Interfaces.ASGI,
                             log_enabled=False)
        self.loop = None
        self.thread = threading.Thread(target=self._run, daemon=True, name="live-stream-server")

    def _run(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve())

    def start(self):
        from didgah.live.hub import hub

        self.thread.start()
        deadline = time.monotonic() + 15
        while not hub.running:
            if time.monotonic() > deadline:
                raise RuntimeError("the stream server did not start")
            time.sleep(0.02)

    def stop(self):
        from didgah.live.hub import hub

        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.server.stop)
        self.thread.join(10)
        # Whatever the shutdown left (a server that sent no lifespan end).
        hub.listener = None
        hub.streams.clear()


@pytest.fixture
def stream_server(transactional_db):
    server = StreamServer()
    server.start()
    yield server
    server.stop()
