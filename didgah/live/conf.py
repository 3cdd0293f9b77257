"""Live threads' settings, each `getattr(settings, NAME, default)` (settings.py reads
the environment once)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings


def _get(name: str, default):
    return getattr(settings, name, default)


def redis_url() -> str:
    """With Redis (the production profile) events travel by its pub/sub to every stream
    process on any machine; without it, by the local channel (broker.py)."""
    return _get("REDIS_URL", "")


def channel() -> str:
    # The cache's key prefix: two sites (or a test run) on one Redis never hear each other.
    prefix = _get("CACHES", {}).get("default", {}).get("KEY_PREFIX", "") or "didgah"
    return f"{prefix}:live"


def socket_dir() -> Path:
    """Where each stream process of the embedded default binds its socket. A test run
    has its own, so its events never reach a site running from the same DATA_DIR."""
    if _get("LIVE_SOCKET_DIR", None):
        return Path(settings.LIVE_SOCKET_DIR)
    if _get("TESTING", False):
        return Path(tempfile.gettempdir()) / f"didgah-live-test-{os.getpid()}"
    return Path(_get("DATA_DIR", "var")) / "live"


def public_port() -> str:
    """The port pages open their streams on, on their own host: the embedded default's
    stream server (didgah/serve.py); empty when they are on the page's own origin (nginx
    routes /live/ in the production profile)."""
    return str(_get("LIVE_PUBLIC_PORT", "") or "")


def heartbeat_seconds() -> float:
    # Under nginx's default proxy_read_timeout (60 s) with room to spare.
    return _get("LIVE_HEARTBEAT_SECONDS", 25.0)


def queue_size() -> int:
    # Events waiting for one slow reader before their stream is closed (their browser
    # reconnects and the page's next load has everything): a burst of a busy thread
    # fits, a reader who stopped reading does not hold memory for ever.
    return _get("LIVE_QUEUE_SIZE", 256)
