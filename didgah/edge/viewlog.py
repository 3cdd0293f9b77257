"""Article views that nginx answered from its page cache, fed to the view buffer.

A page served from nginx's cache never reaches Django, so the community's view
counter (didgah/community/middleware.py) cannot see it. nginx writes one JSON line per
such view (deploy/nginx.conf.template: only cache HITs, and UPDATING answers, of a 200
on an article address; misses, expired entries, stale answers refreshed in the
background and bypasses reach Django, which counts them itself). This module reads
the new lines and counts each through the community's own functions (is_bot,
viewer_key, view_record), so both paths follow one rule: one view per viewer per
article per hour, no bots.

Reading keeps its place in a small state file (`<log>.offset`: inode and byte offset)
written after each batch, so a restart neither skips nor re-reads lines; if it dies
between counting a batch and saving the offset, the batch is read again and the
one-hour "seen" keys keep it from counting twice. Rotation (the file renamed and a
new one opened by `nginx -s reopen`) is noticed by the inode: the old file is read to
its end first. Truncation in place (copytruncate) is noticed by the size dropping
below the offset: reading starts again from the beginning.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.urls import Resolver404, resolve

from didgah.community.viewcount import is_bot, view_record, viewer_key

log = logging.getLogger(__name__)

# Lines are read in chunks of this size: a thousand views at a time.
CHUNK_BYTES = 256 * 1024


def article_id_of(uri: str) -> int | None:
    """The article a logged address shows, or None for any other page."""
    try:
        match = resolve(uri)
    except Resolver404:
        return None
    if match.view_name != "news:article":
        return None
    return int(match.kwargs["pk"])


def _view_of(line: str, articles: dict[str, int | None]) -> tuple[int, str] | None:
    """(article id, viewer) of one log line, or None for a bot, another page or a
    malformed line. `articles` memoizes address → article within a batch."""
    try:
        entry = json.loads(line)
        uri, ip, user_agent = entry["uri"], entry["ip"], entry.get("ua") or ""
    except (ValueError, KeyError, TypeError):
        log.warning("unreadable view log line: %r", line[:200])
        return None
    if is_bot(user_agent):
        return None
    if uri not in articles:
        articles[uri] = article_id_of(uri)
    article_id = articles[uri]
    if article_id is None:
        return None
    # Cache hits only happen without a session cookie: always a visitor, never a reader.
    return article_id, viewer_key(user_id=None, ip=ip, user_agent=user_agent)


def count_lines(lines: list[str]) -> int:
    """Count the views a batch of log lines records; how many were counted. The same
    viewer of the same article twice in a batch is one call: view_record would refuse
    the second anyway (one view per hour), so this only saves cache round trips."""
    articles: dict[str, int | None] = {}
    views = {v for v in (_view_of(line, articles) for line in lines) if v is not None}
    return sum(view_record(article_id=a, viewer=viewer) for a, viewer in sorted(views))


def count_line(line: str) -> bool:
    """Count the view one log line records; True if it was counted (not a bot, not a
    repeat within the hour, an article address, a well-formed line)."""
    return count_lines([line]) == 1


@dataclass
class Position:
    inode: int
    offset: int


class ViewLogTail:
    """Follows one log file across restarts, rotation and truncation."""

    def __init__(self, path: Path, state_path: Path | None = None):
        self.path = Path(path)
        self.state_path = Path(state_path) if state_path else self.path.with_name(self.path.name + ".offset")

    def load(self) -> Position | None:
        try:
            inode, offset = self.state_path.read_text().split()
            return Position(int(inode), int(offset))
        except (FileNotFoundError, ValueError):
            return None

    def save(self, position: Position) -> None:
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        tmp.write_text(f"{position.inode} {position.offset}\n")
        os.replace(tmp, self.state_path)

    def _rotated_file(self, inode: int) -> Path | None:
        """The file that had `inode` before a rotation renamed it (`<log>.1` by logrotate's
        and our convention), if it is still there."""
        for candidate in (self.path.with_name(self.path.name + ".1"),):
            try:
                if candidate.stat().st_ino == inode:
                    return candidate
            except FileNotFoundError:
                pass
        return None

    def _drain(self, path: Path, position: Position, handle_lines) -> tuple[Position, int]:
        """Hand complete lines of `path` from position to handle_lines, a chunk at a time;
        the new position and the count of lines read. A line nginx has not finished
        writing is left for next time."""
        lines = 0
        with open(path, "rb") as f:
            f.seek(position.offset)
            pending = b""
            while True:
                chunk = f.read(CHUNK_BYTES)
                if not chunk:
                    break
                data = pending + chunk
                *complete, pending = data.split(b"\n")
                batch = [raw.decode("utf-8", "replace") for raw in complete if raw.strip()]
                if batch:
                    handle_lines(batch)
                    lines += len(batch)
                position = Position(position.inode, position.offset + len(data) - len(pending))
                self.save(position)
        return position, lines

    def poll(self, handle_lines=count_lines) -> int:
        """Read what is new since the last call (or the last run); the number of lines."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return 0
        position = self.load()
        lines = 0
        if position is not None and position.inode != stat.st_ino:
            # Rotated: finish the old file if it is still next to the new one.
            old = self._rotated_file(position.inode)
            if old is not None:
                _, lines = self._drain(old, position, handle_lines)
            position = None
        if position is None or stat.st_size < position.offset:
            position = Position(stat.st_ino, 0)  # new file, or truncated in place
        position, more = self._drain(self.path, position, handle_lines)
        self.save(position)
        return lines + more
