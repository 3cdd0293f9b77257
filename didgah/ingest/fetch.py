"""Our own polite HTTP client for feeds and article pages.

- conditional GET (ETag / Last-Modified) so an unchanged feed costs a 304;
- one wall-clock deadline over the whole fetch (name resolution, connect, TLS, headers,
  body, every redirect hop): a watchdog shuts the socket down when it passes, because
  httpx's timeouts are per read and a server that trickles a header byte now and then
  never trips them;
- a size cap enforced on the *decoded* body while streaming: compressed answers are
  inflated in bounded steps, so a small gzip bomb cannot balloon in memory;
- a User-Agent that names the site;
- redirects followed by hand, and before every hop the host is resolved and each of its
  addresses checked: private, loopback, link-local, multicast and reserved addresses
  (also when wrapped in an IPv6 transition address: IPv4-mapped, 6to4, Teredo, NAT64)
  are refused unless `INGEST_ALLOW_PRIVATE` is on. The connection then goes to the very
  address that was checked (the URL's host is kept for the Host header and TLS), so a
  DNS answer that changes between check and connect cannot slip past.

`fetch` raises FetchError and nothing else for anything a server or an address can do.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import certifi
from django.utils.html import format_html
import httpx

from . import conf

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
# Only encodings we can inflate in bounded steps (see _Inflater); httpx would otherwise
# also offer br/zstd when those packages happen to be installed.
ACCEPT_ENCODING = "gzip, deflate"

# What each error code means, for the people who read a source's health in the admin.
ERROR_MESSAGES = {
    "bad_url": "نشانی خوراک معتبر نیست یا http(s) نیست",
    "bad_redirect": "منبع به نشانی‌ای ارجاع داد که http(s) معتبر نیست",
    "redirect_loop": "ارجاع‌های منبع بی‌پایان است",
    "dns": "نام میزبان منبع پیدا نشد",
    "private_address": "نشانی منبع به شبکهٔ داخلی می‌رسد و دریافت از آن مجاز نیست",
    "timeout": "منبع در زمان مجاز پاسخ نداد",
    "too_large": "پاسخ منبع از سقف حجم مجاز بزرگ‌تر است",
    "encoding": "فشرده‌سازی پاسخ منبع خراب یا ناشناخته است",
    "network": "ارتباط با منبع برقرار نشد یا قطع شد",
    "http": "منبع پاسخ خطا داد",
    "not_a_feed": "این نشانی خوراک RSS/Atom نیست",
    "malformed": "خوراک خواندنی نیست",
    "internal": "خطای پیش‌بینی‌نشده هنگام دریافت",
}


class FetchError(Exception):
    """A fetch that did not give us a usable body. `code` is a stable machine word for
    the source's health page; the message is for people."""

    def __init__(self, code: str, message: str, *, status_code: int | None = None):
        super().__init__(message)
        self.code = code
        self.status_code = status_code

    def __str__(self) -> str:
        return f"{self.code}: {self.args[0]}"

    @property
    def persian(self) -> str:
        return ERROR_MESSAGES.get(self.code, ERROR_MESSAGES["internal"])


def error_in_persian(error: str) -> str:
    """The Persian sentence for a stored error («code: detail»), for a page. The detail is
    technical (an address, an HTTP status, an exception's words), kept as the server said
    it for whoever looks into it: it follows as code, left to right, not as prose."""
    code, _, detail = (error or "").partition(": ")
    if code not in ERROR_MESSAGES:
        return error
    if not detail:
        return ERROR_MESSAGES[code]
    return format_html('{} <code dir="ltr">{}</code>', ERROR_MESSAGES[code], detail)


@dataclass
class FetchResult:
    url: str  # final URL after redirects
    status_code: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    not_modified: bool = False
    etag: str = ""
    last_modified: str = ""


# --- addresses ------------------------------------------------------------------------

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
# RFC 6052 well-known NAT64 prefix: the last 32 bits are an IPv4 address the local NAT64
# gateway connects to, so 64:ff9b::7f00:1 is 127.0.0.1 on a NAT64 network. The local-use
# prefix (RFC 8215) embeds addresses in operator-chosen ways and is never public.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 transition address leads to (mapped, 6to4, Teredo, NAT64)."""
    found = []
    if ip.ipv4_mapped:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour:
        found.append(ip.sixtofour)
    if ip.teredo:
        found.extend(ip.teredo)  # (server, client): traffic reaches both
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT)
        or (isinstance(ip, ipaddress.IPv6Address) and ip in _NAT64_LOCAL)
    )


def address_allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether `ip` is a public address and, if it wraps an IPv4 address, so is that."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if ip.ipv4_mapped or ip in _NAT64:
            # These blocks are "reserved" as a whole (the ipaddress tables), yet an
            # IPv6-only host with DNS64 reaches every IPv4 site through NAT64: only the
            # wrapped address counts.
            return all(_public(v4) for v4 in embedded)
        if embedded and not all(_public(v4) for v4 in embedded):
            return False
    return _public(ip)


_address_allowed = address_allowed  # the older private name


def _getaddrinfo(host: str, port: int, *, timeout: float) -> list:
    """getaddrinfo that gives up after `timeout`: the C resolver cannot be interrupted,
    so it runs in a daemon thread that is left to finish on its own if it is too slow."""
    box: dict = {}

    def run():
        try:
            box["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    worker = threading.Thread(target=run, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(max(timeout, 0.0))
    if worker.is_alive():
        raise FetchError("timeout", f"resolving {host!r} took longer than the time left")
    if "error" in box:
        raise box["error"]
    return box["infos"]


def resolve_checked(host: str, port: int, *, allow_private: bool, timeout: float | None = None) -> str:
    """The address to connect to for `host`, after checking every address it resolves to.

    Raises FetchError("private_address") if any of them is not public (one bad answer
    is enough: a host that mixes public and private addresses is not trusted)."""
    try:
        if timeout is None:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        else:
            infos = _getaddrinfo(host, port, timeout=timeout)
    except (socket.gaierror, UnicodeError, OSError, ValueError) as exc:
        raise FetchError("dns", f"cannot resolve {host!r}: {exc}") from None
    addresses = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if not allow_private and not address_allowed(ip):
            raise FetchError("private_address", f"{host} resolves to non-public address {ip}")
        addresses.append(ip)
    if not addresses:
        raise FetchError("dns", f"no address for {host!r}")
    # Prefer IPv4: this machine and most hosts reach it reliably.
    addresses.sort(key=lambda ip: ip.version)
    return str(addresses[0])


# Names that only ever resolve inside someone's own network (RFC 6761, RFC 8375, common
# home-router suffixes): a reader's browser would resolve them where our DNS cannot.
_INTERNAL_SUFFIXES = (".localhost", ".local", ".lan", ".home", ".internal", ".intranet", ".corp",
                      ".home.arpa", ".localdomain")


def url_checked(url: str, *, allow_private: bool | None = None, timeout: float = 5.0) -> str:
    """`url` if it is one we would fetch ourselves: http(s), a host, no credentials, and a
    host whose addresses are all public. Raises FetchError otherwise.

    For addresses that readers' browsers fetch on our word (images, video enclosures):
    a feed must not be able to point them at their own routers or intranets. A name our
    resolver cannot answer for is let through (an outage must not strip every image),
    unless it is one that only resolves inside a private network."""
    allow_private = conf.allow_private() if allow_private is None else allow_private
    try:
        parts = urlsplit(url)
        port = parts.port
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError as exc:
        raise FetchError("bad_url", f"invalid URL {url!r}: {exc}") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise FetchError("bad_url", f"only http(s) URLs are accepted, not {url!r}")
    if parts.username is not None or parts.password is not None:
        raise FetchError("bad_url", "URL carries a user name or password")
    if allow_private:
        return url
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if ip is not None:
        if not address_allowed(ip):
            raise FetchError("private_address", f"{host} is a non-public address")
        return url
    if "." not in host or host.endswith(_INTERNAL_SUFFIXES) or host in {"localhost"}:
        raise FetchError("private_address", f"{host} is a name of a private network")
    port = port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        _resolve_cached(host, port, timeout)
    except FetchError as exc:
        if exc.code == "private_address":
            raise
    return url


_resolved: dict[tuple[str, int], tuple[float, FetchError | None]] = {}
_resolved_lock = threading.Lock()


def _resolve_cached(host: str, port: int, timeout: float) -> None:
    # One poll names the same image host dozens of times; its verdict (good or bad) is
    # reused for a minute instead of a lookup per entry.
    now = time.monotonic()
    with _resolved_lock:
        hit = _resolved.get((host, port))
    if hit is None or hit[0] < now:
        try:
            resolve_checked(host, port, allow_private=False, timeout=timeout)
            error = None
        except FetchError as exc:
            error = exc
        with _resolved_lock:
            if len(_resolved) > 1000:
                _resolved.clear()
            _resolved[(host, port)] = hit = (now + 60.0, error)
    if hit[1] is not None:
        raise hit[1]


# --- the client -----------------------------------------------------------------------

@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context per process: loading the CA bundle costs more than a
    whole local poll, so it is not repeated for every fetch."""
    return ssl.create_default_context(cafile=certifi.where())


def _client() -> httpx.Client:
    return httpx.Client(
        verify=_ssl_context(),
        follow_redirects=False,
        timeout=httpx.Timeout(conf.read_timeout(), connect=conf.connect_timeout()),
        headers={"User-Agent": conf.user_agent(), "Accept-Encoding": ACCEPT_ENCODING},
        trust_env=False,
    )


class _Watchdog:
    """Enforces the fetch's deadline from outside the blocked thread.

    Every socket the client opens is recorded (through httpcore's trace hook) as a
    duplicate descriptor of our own; when the deadline passes, the timer shuts those
    down, which makes any blocked read return at once. The duplicate keeps the
    descriptor ours until `stop`, so the timer can never touch a socket number the
    process has since reused for something else."""

    def __init__(self, deadline: float):
        self.expired = False
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._stopped = False
        self._timer = threading.Timer(max(deadline - time.monotonic(), 0.0), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def trace(self, event: str, info: dict) -> None:
        if event != "connection.connect_tcp.complete":
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is None:
            return
        with self._lock:
            if self._stopped:
                return
            try:
                self._socks.append(sock.dup())
            except OSError:
                return
            if self.expired:
                self._shutdown()

    def _expire(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self.expired = True
            self._shutdown()

    def _shutdown(self) -> None:
        for sock in self._socks:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._stopped = True
            for sock in self._socks:
                sock.close()
            self._socks.clear()


def _timeout_error() -> FetchError:
    return FetchError("timeout", "response took longer than the total time allowed")


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int | None = None,
    accept: str = FEED_ACCEPT,
    client: httpx.Client | None = None,
    deadline: float | None = None,
) -> FetchResult:
    """GET `url` politely. Returns a FetchResult (not_modified=True for a 304) or raises
    FetchError; never anything else for network or protocol trouble.

    `deadline` (a time.monotonic() value) can only shorten the configured total time."""
    max_bytes = max_bytes or conf.max_bytes()
    allow_private = conf.allow_private()
    own_deadline = time.monotonic() + conf.total_timeout()
    deadline = own_deadline if deadline is None else min(deadline, own_deadline)
    own_client = client is None
    client = client or _client()
    watchdog = _Watchdog(deadline)
    try:
        return _fetch(url, etag=etag, last_modified=last_modified, max_bytes=max_bytes, accept=accept,
                      client=client, deadline=deadline, allow_private=allow_private, watchdog=watchdog)
    except FetchError as exc:
        if watchdog.expired and exc.code != "too_large":
            raise _timeout_error() from None
        raise
    except Exception as exc:  # noqa: BLE001 - a fetch ends in a FetchError, whatever the server did
        if watchdog.expired:
            raise _timeout_error() from None
        log.warning("fetch %s: unexpected %s", url, type(exc).__name__, exc_info=True)
        raise FetchError("internal", f"{type(exc).__name__}: {exc}"[:500]) from exc
    finally:
        watchdog.stop()
        if own_client:
            client.close()


def _fetch(url, *, etag, last_modified, max_bytes, accept, client, deadline, allow_private, watchdog) -> FetchResult:
    seen: set[str] = set()
    for _hop in range(conf.max_redirects() + 1):
        try:
            target = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchError("bad_url", f"invalid URL {url!r}: {exc}") from None
        if target.scheme not in ("http", "https") or not target.host:
            raise FetchError("bad_url", f"only http(s) URLs are fetched, not {url!r}")
        if target.userinfo:
            raise FetchError("bad_url", "URL carries a user name or password")
        if url in seen:
            raise FetchError("redirect_loop", f"redirect loop at {url}")
        seen.add(url)
        port = target.port or (443 if target.scheme == "https" else 80)
        ip = resolve_checked(target.host, port, allow_private=allow_private,
                             timeout=_left(deadline))
        headers = {"Accept": accept, "Host": target.netloc.decode("ascii")}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        extensions = {"trace": watchdog.trace}
        if target.scheme == "https":
            extensions["sni_hostname"] = target.host
        pinned = target.copy_with(host=ip)
        response = _get(client, pinned, headers, extensions, max_bytes, deadline)
        if watchdog.expired:
            raise _timeout_error()
        if response.status_code in (301, 302, 303, 307, 308):
            url = _redirect_target(target, response)
            continue
        if response.status_code == 304:
            return FetchResult(url=str(target), status_code=304, not_modified=True,
                               headers=dict(response.headers), etag=etag, last_modified=last_modified)
        if response.status_code >= 400:
            raise FetchError("http", f"HTTP {response.status_code} from {target}", status_code=response.status_code)
        return FetchResult(
            url=str(target), status_code=response.status_code, content=response.content,
            headers={k.lower(): v for k, v in response.headers.items()},
            etag=response.headers.get("etag", "")[:500],
            last_modified=response.headers.get("last-modified", "")[:100],
        )
    raise FetchError("redirect_loop", f"more than {conf.max_redirects()} redirects")


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _timeout_error()
    return left


def _redirect_target(target: httpx.URL, response: _Body) -> str:
    location = (response.headers.get("location") or "").strip()
    if not location:
        raise FetchError("http", "redirect without Location", status_code=response.status_code)
    try:
        url = urljoin(str(target), location)
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        raise FetchError("bad_redirect", f"redirect to an invalid address {location[:200]!r}",
                         status_code=response.status_code) from None
    if scheme not in ("http", "https"):
        raise FetchError("bad_redirect", f"redirect to a non-http(s) address {location[:200]!r}",
                         status_code=response.status_code)
    return url


class _Body:
    def __init__(self, status_code: int, headers: httpx.Headers, content: bytes):
        self.status_code, self.headers, self.content = status_code, headers, content


class _Inflater:
    """Decodes a Content-Encoding in steps that never produce more than `room` bytes, so
    the size cap holds for what the body inflates to, not only for what was sent."""

    STEP = 64 * 1024  # bytes of output per decompress call

    def __init__(self, encoding: str):
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise FetchError("encoding", f"stacked content encodings are not accepted: {encoding!r}")
        self.coding = codings[0] if codings else ""
        if self.coding in ("gzip", "x-gzip"):
            self._new = lambda: zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self.coding == "deflate":
            self._new = lambda: zlib.decompressobj(zlib.MAX_WBITS)
        elif self.coding:
            raise FetchError("encoding", f"unsupported content encoding {encoding!r}")
        self._d = self._new() if self.coding else None
        self._raw_deflate_tried = False

    def feed(self, data: bytes, room: int) -> list[bytes]:
        """Inflated pieces of `data`; stops once more than `room` bytes came out (the
        caller then refuses the body, so the rest is never inflated)."""
        if self._d is None:
            return [data]
        out, produced = [], 0
        try:
            while data and produced <= room:
                piece = self._d.decompress(data, min(self.STEP, room - produced + 1))
                produced += len(piece)
                out.append(piece)
                if self._d.unconsumed_tail:
                    data = self._d.unconsumed_tail
                elif self._d.eof and self._d.unused_data:
                    # gzip allows several members back to back; each is inflated in turn.
                    data = self._d.unused_data
                    self._d = self._new()
                else:
                    data = b""
        except zlib.error as exc:
            if self.coding == "deflate" and not self._raw_deflate_tried and produced == 0:
                # Some servers send raw deflate (no zlib header) under this name.
                self._raw_deflate_tried = True
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                self._new = lambda: zlib.decompressobj(-zlib.MAX_WBITS)
                return self.feed(data, room)
            raise FetchError("encoding", f"corrupt {self.coding} body: {exc}") from None
        return out


def _get(client, url, headers, extensions, max_bytes, deadline) -> _Body:
    left = _left(deadline)
    timeout = httpx.Timeout(min(conf.read_timeout(), left), connect=min(conf.connect_timeout(), left))
    try:
        with client.stream("GET", url, headers=headers, extensions=extensions, timeout=timeout) as response:
            if response.status_code in (301, 302, 303, 304, 307, 308) or response.status_code >= 400:
                return _Body(response.status_code, response.headers, b"")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError("too_large", f"declared {int(declared)} bytes, cap is {max_bytes}")
            inflater = _Inflater(response.headers.get("content-encoding", ""))
            chunks, size = [], 0
            # Raw bytes, inflated here in bounded steps: httpx's own decoder inflates a
            # whole network chunk at once, megabytes from a few kilobytes.
            for raw in response.iter_raw():
                if time.monotonic() > deadline:
                    raise _timeout_error()
                for piece in inflater.feed(raw, max_bytes - size):
                    size += len(piece)
                    if size > max_bytes:
                        raise FetchError("too_large", f"more than {max_bytes} bytes; stopped reading")
                    chunks.append(piece)
            return _Body(response.status_code, response.headers, b"".join(chunks))
    except FetchError:
        raise
    except httpx.TimeoutException as exc:
        raise FetchError("timeout", f"timed out: {type(exc).__name__}") from None
    except httpx.InvalidURL as exc:
        # httpx checks a redirect's Location while reading the answer, before we see it.
        raise FetchError("bad_redirect", f"the server answered with an unusable address: {exc}") from None
    except (httpx.HTTPError, httpx.StreamError) as exc:
        raise FetchError("network", f"{type(exc).__name__}: {exc}") from None
    except (OSError, ValueError) as exc:
        raise FetchError("network", f"{type(exc).__name__}: {exc}") from None
