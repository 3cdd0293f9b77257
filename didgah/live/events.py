"""What a live thread sends, as pure functions: which events a change to a comment
makes and for whom, who of the stream's readers gets an event, and the bytes of an
event on the wire (Server-Sent Events). No Django here: services.py gathers the facts
and calls these; the stream only filters and forwards the bytes they made."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

# Kinds of event, as live.js reads them:
COMMENT = "comment"  # a comment everyone may see: inserted if missing, else its card replaced
UPDATE = "update"  # a comment's card replaced if the page has it (an edit, a deletion's placeholder)
REMOVE = "remove"  # a comment taken off the page (rejected, or back in the moderators' queue)
OWN = "own"  # the reader's own comments changed: personal.js reads /community/me/ again
COUNTS = "counts"  # votes and the comment count, folded from the rows

# Changes the community's services report (community.signals.comment_changed).
POSTED, EDITED, DELETED, APPROVED, REJECTED, HELD = "posted", "edited", "deleted", "approved", "rejected", "held"
CHANGES = frozenset({POSTED, EDITED, DELETED, APPROVED, REJECTED, HELD})


@dataclass(frozen=True)
class Audience:
    """Who of an article's streams gets an event: everyone (`to` None), only the reader
    `to`, and never the reader `skip`."""

    to: int | None = None
    skip: int | None = None


EVERYONE = Audience()


def delivers(audience: Audience, user_id: int | None) -> bool:
    """Whether a stream opened by `user_id` (None: signed out) gets the event."""
    if audience.to is not None:
        return user_id == audience.to
    return audience.skip is None or user_id != audience.skip


def plan(*, change: str, status: str, is_deleted: bool, author_id: int | None) -> list[tuple[str, Audience]]:
    """The events one change to a comment makes, in order, with their audiences.

    `status` and `is_deleted` are the comment's after the change. Everyone sees a comment
    once it is approved; its author sees their own pending one through their personal
    request (OWN), never through an event others could receive."""
    if change not in CHANGES:
        raise ValueError(change)
    author_only = Audience(to=author_id) if author_id else None
    events: list[tuple[str, Audience]] = []
    if status == "approved":
        if is_deleted:
            events.append((UPDATE, EVERYONE))
        elif change in (POSTED, APPROVED):
            events.append((COMMENT, EVERYONE))
        else:
            events.append((UPDATE, EVERYONE))
    elif status == "rejected":
        events.append((REMOVE, EVERYONE))
    else:  # pending: off everyone's page but the author's, whose copy personal.js keeps
        if change != POSTED:
            events.append((REMOVE, Audience(skip=author_id) if author_id else EVERYONE))
        if author_only and is_deleted:
            events.append((REMOVE, author_only))
        elif author_only:
            events.append((OWN, author_only))
    return events


def sse(kind: str, data: dict) -> bytes:
    """One event on the wire: `event:` names the kind, `data:` is one line of JSON
    (json.dumps never writes a newline, which would end the field)."""
    return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n".encode()


# Sent first on every stream: how long the browser waits before it reconnects after a
# drop (a server restart): long enough that 2,000 pages do not reconnect in one burst
# of the same millisecond, short enough that a reader misses little.
OPENING = b"retry: 3000\n\n"
# A comment line every so often keeps an idle stream open through proxies that close
# quiet connections (nginx's proxy_read_timeout is 60 s by default) and lets the server
# notice readers who left without closing.
HEARTBEAT = b": \n\n"


def envelope(*, article_id: int, audience: Audience, payload: bytes) -> bytes:
    """An event as it travels from the process that made it to the stream processes."""
    return json.dumps({"a": article_id, "to": audience.to, "skip": audience.skip,
                       "e": payload.decode()}, ensure_ascii=False).encode()


def unwrap(message: bytes) -> tuple[int, Audience, bytes]:
    data = json.loads(message)
    return int(data["a"]), Audience(to=data.get("to"), skip=data.get("skip")), data["e"].encode()


def allowed_origin(origin: str, host: str) -> str | None:
    """The Origin to allow credentials from, when a page on this site's host opens the
    stream from another port (the embedded default serves streams on a port of their
    own), else None. Only the same host name: never another site."""
    if not origin or not host:
        return None
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    own = urlsplit(f"//{host}").hostname
    return origin if parts.hostname == own else None
