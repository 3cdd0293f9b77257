"""API rate limits per token, reader or address (didgah.common.ratelimit counts them, in
the cache every process shares, atomically: two requests at once cannot both slip under
a limit, and a limit is the same whichever worker answers)."""

from __future__ import annotations

from ninja.throttling import BaseThrottle

from didgah.common.ratelimit import client_ip, hit, window_remaining

from . import conf, selectors, services

WINDOW_SECONDS = 60


def _hit(key: str, limit: int) -> tuple[bool, float]:
    """Count one request for `key`; (allowed, seconds until the window ends)."""
    allowed = hit(f"api:{key}", limit=limit, window_seconds=WINDOW_SECONDS)
    return allowed, window_remaining(WINDOW_SECONDS)


_NOT_LOOKED_UP = object()


def request_token(request):
    """The active token a request carries, or None. Writes have it from their
    authentication already; reads are public and authenticate nothing, so their token
    is looked up here, once per request, for the limit it earns. A wrong or revoked
    token on a read is not refused: the read counts against the address instead."""
    token = getattr(request, "api_token", _NOT_LOOKED_UP)
    if token is not _NOT_LOOKED_UP:
        return token
    token = None
    scheme, _, raw = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == "bearer" and raw.strip():
        token = selectors.token_for_key(raw=raw.strip())
        if token is not None:
            services.token_touch(token=token)
    request.api_token = token
    return token


def identity(request) -> tuple[str, bool]:
    """Who a request counts against: its token, else its signed-in reader, else its
    address; and whether that is a known reader."""
    token = request_token(request)
    if token is not None:
        return f"t{token.pk}", True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}", True
    return f"ip{client_ip(request)}", False


class _WindowThrottle(BaseThrottle):
    scope = ""

    def __init__(self) -> None:
        self._wait: float | None = None

    def limit(self, known: bool) -> int:
        raise NotImplementedError

    def allow_request(self, request) -> bool:
        who, known = identity(request)
        limit = self.limit(known)
        if limit <= 0:
            return True
        allowed, wait = _hit(f"{self.scope}:{who}", limit)
        # One throttle object serves every request; the wait goes on the request too.
        request._api_throttle_wait = wait
        self._wait = wait
        return allowed

    def wait(self) -> float | None:
        return self._wait


class ReadThrottle(_WindowThrottle):
    scope = "read"

    def limit(self, known: bool) -> int:
        return conf.reads_per_minute_reader() if known else conf.reads_per_minute_anonymous()


class WriteThrottle(_WindowThrottle):
    scope = "write"

    def limit(self, known: bool) -> int:
        return conf.writes_per_minute()
