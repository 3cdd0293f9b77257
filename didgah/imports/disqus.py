"""A Disqus export read as a stream: its threads (the pages discussed), then its posts
(the comments), each post pointing at its thread and parent by Disqus's own ids.

Threads are gathered by a first pass into a throwaway SQLite file, as are the ids of
deleted and spam posts (their replies are re-pointed past them) and of the posts seen:
the file can be larger than memory, and a post may come before its thread."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone as dt_timezone

from .xmlstream import XmlFile, local, text_of

DSQ = "{http://disqus.com/disqus-internals}id"


@dataclass
class Thread:
    id: str
    identifier: str
    link: str
    forum: str
    cut: bool = False  # the file ends inside it: what recovery salvaged


@dataclass
class Post:
    id: str
    thread: str
    parent: str
    message: str
    created: datetime | None
    deleted: bool
    spam: bool
    author_name: str
    email: str
    username: str
    cut: bool = False  # the file ends inside it: what recovery salvaged


def parse_time(value: str) -> datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt_timezone.utc)


def _dsq_id(elem) -> str:
    return (elem.get(DSQ) or "").strip() if elem is not None else ""


def _child(elem, name: str):
    return next((c for c in elem if local(c.tag) == name), None)


def read_threads(xml: XmlFile) -> Iterator[Thread]:
    for _parent, elem in xml.elements({"disqus"}):
        if local(elem.tag) == "thread":
            yield Thread(id=_dsq_id(elem), identifier=text_of(_child(elem, "id")).strip(),
                         link=text_of(_child(elem, "link")).strip(), forum=text_of(_child(elem, "forum")).strip(),
                         cut=xml.cut)


def read_posts(xml: XmlFile) -> Iterator[Post]:
    for _parent, elem in xml.elements({"disqus"}):
        if local(elem.tag) != "post":
            continue
        author = _child(elem, "author")
        a = {local(c.tag): text_of(c).strip() for c in author if isinstance(c.tag, str)} if author is not None else {}
        yield Post(
            id=_dsq_id(elem), thread=_dsq_id(_child(elem, "thread")), parent=_dsq_id(_child(elem, "parent")),
            message=text_of(_child(elem, "message")), created=parse_time(text_of(_child(elem, "createdAt"))),
            deleted=text_of(_child(elem, "isDeleted")).strip().lower() == "true",
            spam=text_of(_child(elem, "isSpam")).strip().lower() == "true",
            author_name=a.get("name", ""), email=a.get("email", ""), username=a.get("username", ""),
            cut=xml.cut,
        )


class Threads:
    def __init__(self):
        self._file = tempfile.NamedTemporaryFile(prefix="didgah-disqus-", suffix=".sqlite3")
        self.db = sqlite3.connect(self._file.name)
        self.db.executescript(
            "CREATE TABLE thread (id TEXT PRIMARY KEY, article INTEGER, forum TEXT);"
            "CREATE TABLE skipped (id TEXT PRIMARY KEY, parent TEXT);"
            "CREATE TABLE seen (id TEXT PRIMARY KEY);")

    def add(self, thread: Thread, article_id: int | None) -> None:
        self.db.execute("INSERT OR IGNORE INTO thread VALUES (?, ?, ?)", (thread.id, article_id, thread.forum))

    def get(self, thread_id: str) -> tuple[int | None, str] | None:
        return self.db.execute("SELECT article, forum FROM thread WHERE id = ?", (thread_id,)).fetchone()

    def skipped(self, post_id: str, parent: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO skipped VALUES (?, ?)", (post_id, parent))
        self.seen(post_id)

    def seen(self, post_id: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (post_id,))

    def known(self, post_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM seen WHERE id = ?", (post_id,)).fetchone() is not None

    def kept_ancestor(self, parent: str) -> str:
        """`parent`, or past the deleted and spam posts above it, the nearest kept one."""
        visited = set()
        while parent and parent not in visited:
            visited.add(parent)
            row = self.db.execute("SELECT parent FROM skipped WHERE id = ?", (parent,)).fetchone()
            if row is None:
                return parent
            parent = row[0]
        return ""

    def close(self) -> None:
        self.db.close()
        self._file.close()
