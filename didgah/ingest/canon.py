"""Canonical form of an original article URL: the key that makes one report one article.

Built on courlan's normalization (scheme and host case, default ports, dot segments,
percent-encoding, its list of tracking parameters); on top of it, session parameters go,
the query is sorted and the fragment dropped. The result is also the link readers
follow to the outlet, so only what never changes the page is removed.

Pure functions, no Django.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from courlan.clean import TRACKERS_RE, normalize_url

# Tracking parameters courlan's list misses; they never change the page.
_DROP_PARAMS = {"ref", "ref_src", "ref_url", "fbclid", "gclid", "yclid", "mc_cid", "mc_eid", "igshid",
                "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "spm", "share", "amp;utm_source"}
# Session identifiers: a page seen in two sessions is one page.
_SESSION_PARAMS = {"phpsessid", "jsessionid", "aspsessionid", "sessionid", "session_id", "sessid", "sid",
                   "cfid", "cftoken", "zenid", "osCsid".lower(), "s"}
# `;jsessionid=…` and friends, which servlet containers put in the path itself.
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/?#]*", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
# Unreserved characters (RFC 3986): their percent-escapes are the same URL unescaped.
_UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _session_value(key: str, value: str) -> bool:
    # `sid` and `s` are also story ids (PHP-Nuke's `?sid=123`) and searches: they count as
    # sessions only when the value looks like a token, not a number or a word.
    if key in ("sid", "s"):
        return len(value) >= 16 and value.isalnum() and not value.isdigit()
    return True


def _dropped(key: str, value: str) -> bool:
    k = key.lower()
    if k.startswith("utm_") or k in _DROP_PARAMS or TRACKERS_RE.search(k):
        return True
    return k in _SESSION_PARAMS and _session_value(k, value)


def _escapes_normalized(part: str) -> str:
    # %7e and %7E and ~ are one URL: unreserved escapes decoded, the others upper-cased.
    def fix(match: re.Match) -> str:
        char = chr(int(match.group(0)[1:], 16))
        return char if char in _UNRESERVED else match.group(0).upper()
    return _ESCAPE.sub(fix, part)


def _split(url: str):
    """(parts, scheme, host, port) of an http(s) URL with a host, or None."""
    url = (url or "").strip()
    if not url or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return parts, scheme, host, port


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) URL, or "" when it is not one.

    No fragment, no tracking or session parameters, the remaining query sorted,
    lower-case scheme and host, no default port, `.`/`..` segments resolved, the path
    percent-encoded one way, and no trailing slash except for the site root.
    """
    split = _split(url)
    if split is None:
        return ""
    parts, scheme, host, port = split
    if not host.isascii() and not host.startswith("["):
        # An internationalized name and its punycode are one host.
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return ""
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _PATH_SESSION.sub("", parts.path)
    try:
        # courlan: duplicate slashes, leading `..`, one percent-encoding of the path.
        normalized = urlsplit(normalize_url(urlunsplit((scheme, netloc, path, "", ""))))
    except (ValueError, AttributeError):
        return ""
    path = _escapes_normalized(_dot_segments_removed(normalized.path)) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    # Sorted by name only: a repeated parameter keeps the order of its values.
    query = sorted(
        ((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _dropped(k, v)),
        key=lambda kv: kv[0],
    )
    return urlunsplit((scheme, netloc, path, urlencode(query, quote_via=quote), ""))


def _dot_segments_removed(path: str) -> str:
    """RFC 3986 §5.2.4: `/a/./b/../c` is `/a/c`; a `..` never climbs above the root."""
    out: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        if segment in (".", "%2E", "%2e"):
            segment = "."
        if unquote(segment) == ".":
            if i == len(segments) - 1:
                out.append("")
            continue
        if unquote(segment) == "..":
            if len(out) > 1:
                out.pop()
            if i == len(segments) - 1:
                out.append("")
            continue
        out.append(segment)
    return "/".join(out)


def legacy_canonical_url(url: str) -> str:
    """The form canonical_url gave before it sorted the query and dropped sessions:
    articles stored then are still found under it, so none is imported twice."""
    split = _split(url)
    if split is None:
        return ""
    parts, scheme, host, port = split
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    legacy_drop = {"ref", "ref_src", "ref_url", "fbclid", "gclid", "yclid", "mc_cid", "mc_eid", "igshid"}
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in legacy_drop
    ]
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))
