"""Writes of the redirect table."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from didgah.news.models import Article

from .models import Redirect

# Of an old address's query, only what names a post on WordPress (`?p=123`) is part of
# the key; tracking parameters and the like are not.
KEPT_QUERY = ("p", "page_id", "feed")


def path_key(url: str) -> str:
    """The form an old address is stored and looked up in: the decoded path without its
    host or trailing slash, plus the query parameters that name a post (KEPT_QUERY).
    `https://old.example/1399/05/%D8%B3/?utm=x` and `/1399/05/س` meet in one key."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return ""
    path = unquote(parts.path or "/", errors="replace")
    path = "/" + path.strip("/") if path.strip("/") else "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k in KEPT_QUERY]
    if query:
        path += "?" + urlencode(sorted(query))
    return path[:1000]


def redirect_add(*, old_url: str, article: Article | None = None, kind: str = Redirect.Kind.ARTICLE,
                 target: str = "", note: str = "") -> Redirect | None:
    """Make `old_url` answer 301 to `article` (its page or its comments feed, by `kind`)
    or to `target`. An address already taken keeps its first owner (an export that names
    one permalink twice); None when the address is unusable or is the site's own home."""
    key = path_key(old_url)
    if not key or key == "/":
        return None
    redirect, _created = Redirect.objects.get_or_create(
        old_path=key,
        defaults={"kind": kind if article is not None else Redirect.Kind.URL, "article": article,
                  "target": target[:1000], "note": note[:200]},
    )
    return redirect


def redirects_add(*, article: Article, entries: list[tuple[str, str]], note: str = "") -> int:
    """Several old addresses (`(old_url, kind)`) of one article at once; addresses
    already taken keep their first owner. The number of keys offered."""
    rows, keys = [], set()
    for old_url, kind in entries:
        key = path_key(old_url)
        if key and key != "/" and key not in keys:
            keys.add(key)
            rows.append(Redirect(old_path=key, kind=kind, article=article, note=note[:200]))
    Redirect.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
