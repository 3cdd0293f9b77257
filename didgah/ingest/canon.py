"""Canonical form of an original article URL: the key that makes one report one article.

Pure functions, no Django.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Tracking parameters that outlets and newsletters append; they never change the page.
_DROP_PARAMS = {"ref", "ref_src", "ref_url", "fbclid", "gclid", "yclid", "mc_cid", "mc_eid", "igshid"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) URL, or "" when it is not one.

    No fragment, no `utm_*`/`ref` parameters, lower-case scheme and host, no default
    port, and no trailing slash except for the site root.
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return ""
    if scheme not in _DEFAULT_PORTS or not host or any(c.isspace() for c in url):
        return ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _DROP_PARAMS
    ]
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))
