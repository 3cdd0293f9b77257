"""Our own polite HTTP client for feeds and article pages.

- conditional GET (ETag / Last-Modified) so an unchanged feed costs a 304;
- connect/read timeouts and a deadline for the whole response;
- a size cap enforced while streaming, so a 50 MB answer is cut off at the cap;
- a User-Agent that names the site;
- redirects followed by hand, and before every hop the host is resolved and each of its
  addresses checked: private, loopback, link-local, multicast and reserved addresses are
  refused unless `INGEST_ALLOW_PRIVATE` is on. The connection then goes to the very
  address that was checked (the URL's host is kept for the Host header and TLS), so a
  DNS answer that changes between check and connect cannot slip past.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import certifi
import httpx

from . import conf

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)


class FetchError(Exception):
    """A fetch that did not give us a usable body. `code` is a stable machine word for
    the source's health page; the message is for people."""

    def __init__(self, code: str, message: str, *, status_code: int | None = None):
        super().__init__(message)
        self.code = code
        self.status_code = status_code

    def __str__(self) -> str:
        return f"{self.code}: {self.args[0]}"


@dataclass
class FetchResult:
    url: str  # final URL after redirects
    status_code: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    not_modified: bool = False
    etag: str = ""
    last_modified: str = ""


def _address_allowed(ip: ipaddress._BaseAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"))
    )


def resolve_checked(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to for `host`, after checking every address it resolves to.

    Raises FetchError("private_address") if any of them is not public (one bad answer
    is enough: a host that mixes public and private addresses is not trusted)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError("dns", f"cannot resolve {host!r}: {exc}") from None
    addresses = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if not allow_private and not _address_allowed(ip):
            raise FetchError("private_address", f"{host} resolves to non-public address {ip}")
        addresses.append(ip)
    if not addresses:
        raise FetchError("dns", f"no address for {host!r}")
    # Prefer IPv4: this machine and most hosts reach it reliably.
    addresses.sort(key=lambda ip: ip.version)
    return str(addresses[0])


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context per process: loading the CA bundle costs ~17 ms, more
    than a whole local poll, so it is not repeated for every fetch."""
    return ssl.create_default_context(cafile=certifi.where())


def _client() -> httpx.Client:
    return httpx.Client(
        verify=_ssl_context(),
        follow_redirects=False,
        timeout=httpx.Timeout(conf.read_timeout(), connect=conf.connect_timeout()),
        headers={"User-Agent": conf.user_agent()},
        trust_env=False,
    )


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int | None = None,
    accept: str = FEED_ACCEPT,
    client: httpx.Client | None = None,
) -> FetchResult:
    """GET `url` politely. Returns a FetchResult (not_modified=True for a 304) or raises
    FetchError; never anything else for network or protocol trouble."""
    max_bytes = max_bytes or conf.max_bytes()
    allow_private = conf.allow_private()
    deadline = time.monotonic() + conf.total_timeout()
    own_client = client is None
    client = client or _client()
    seen: set[str] = set()
    try:
        for _hop in range(conf.max_redirects() + 1):
            try:
                target = httpx.URL(url)
            except (httpx.InvalidURL, TypeError, ValueError) as exc:
                raise FetchError("bad_url", f"invalid URL {url!r}: {exc}") from None
            if target.scheme not in ("http", "https") or not target.host:
                raise FetchError("bad_url", f"only http(s) URLs are fetched, not {url!r}")
            if url in seen:
                raise FetchError("redirect_loop", f"redirect loop at {url}")
            seen.add(url)
            port = target.port or (443 if target.scheme == "https" else 80)
            ip = resolve_checked(target.host, port, allow_private=allow_private)
            headers = {"Accept": accept, "Host": target.netloc.decode("ascii")}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
            pinned = target.copy_with(host=ip)
            response = _get(client, pinned, headers, extensions, max_bytes, deadline)
            if response.status_code in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise FetchError("http", "redirect without Location", status_code=response.status_code)
                url = urljoin(str(target), location)
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
    finally:
        if own_client:
            client.close()


class _Body:
    def __init__(self, status_code: int, headers: httpx.Headers, content: bytes):
        self.status_code, self.headers, self.content = status_code, headers, content


def _get(client, url, headers, extensions, max_bytes, deadline) -> _Body:
    try:
        with client.stream("GET", url, headers=headers, extensions=extensions) as response:
            if response.status_code in (301, 302, 303, 304, 307, 308) or response.status_code >= 400:
                return _Body(response.status_code, response.headers, b"")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError("too_large", f"declared {int(declared)} bytes, cap is {max_bytes}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError("too_large", f"more than {max_bytes} bytes; stopped reading")
                if time.monotonic() > deadline:
                    raise FetchError("timeout", "response took longer than the total time allowed")
                chunks.append(chunk)
            return _Body(response.status_code, response.headers, b"".join(chunks))
    except FetchError:
        raise
    except httpx.TimeoutException as exc:
        raise FetchError("timeout", f"timed out: {type(exc).__name__}") from None
    except httpx.HTTPError as exc:
        raise FetchError("network", f"{type(exc).__name__}: {exc}") from None
    except (OSError, ValueError) as exc:
        raise FetchError("network", f"{type(exc).__name__}: {exc}") from None
