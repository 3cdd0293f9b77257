"""A WordPress export (WXR 1.0–1.2) read as a stream of posts: the channel's own details
(site address, authors, categories) as they come, then one `Item` at a time with its
comments. Namespaces are matched by local name, so every WXR version reads alike."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone as dt_timezone
from email.utils import parsedate_to_datetime

from .xmlstream import XmlFile, local, namespace, text_of


@dataclass
class WxrComment:
    id: str
    parent: str
    author: str
    email: str
    date: datetime | None
    content: str
    approved: str  # "1", "0", "spam", "trash"
    type: str  # "", "comment", "pingback", "trackback"


@dataclass
class Item:
    id: str
    type: str
    status: str
    title: str
    link: str
    guid: str
    creator: str
    content: str
    excerpt: str
    slug: str
    password: str
    parent: str
    published: datetime | None
    modified: datetime | None
    categories: list[tuple[str, str]] = field(default_factory=list)  # (name, nicename)
    tags: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[WxrComment] = field(default_factory=list)
    attachment_url: str = ""
    cut: bool = False  # what recovery salvaged of an item the file ends in the middle of


@dataclass
class Site:
    link: str = ""
    base_blog_url: str = ""
    authors: dict[str, str] = field(default_factory=dict)  # login → display name
    categories: dict[str, str] = field(default_factory=dict)  # nicename → name


def parse_date(gmt: str, local_time: str = "", rfc822: str = "") -> datetime | None:
    """WordPress's GMT time; else the RSS date (which carries its offset); else its
    local time, read as UTC. `0000-00-00 00:00:00` is WordPress for "none"."""
    for value in (gmt,):
        value = (value or "").strip()
        if value and not value.startswith("0000"):
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt_timezone.utc)
            except ValueError:
                pass
    if rfc822 and rfc822.strip():
        try:
            parsed = parsedate_to_datetime(rfc822.strip())
            if parsed.tzinfo is not None and parsed.year > 1900:
                return parsed.astimezone(dt_timezone.utc)
        except (TypeError, ValueError, IndexError):
            pass
    value = (local_time or "").strip()
    if value and not value.startswith("0000"):
        try:
            return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt_timezone.utc)
        except ValueError:
            pass
    return None


def _children(elem) -> dict[str, object]:
    return {local(c.tag): c for c in elem if isinstance(c.tag, str)}


def _comment(elem) -> WxrComment:
    f = {local(c.tag): text_of(c).strip() for c in elem if isinstance(c.tag, str)}
    return WxrComment(
        id=f.get("comment_id", ""), parent=f.get("comment_parent", "0") or "0",
        author=f.get("comment_author", ""), email=f.get("comment_author_email", ""),
        date=parse_date(f.get("comment_date_gmt", ""), f.get("comment_date", "")),
        content=text_of(next((c for c in elem if local(c.tag) == "comment_content"), None)),
        approved=f.get("comment_approved", "").lower(), type=f.get("comment_type", "").lower(),
    )


def item_from(elem) -> Item:
    fields: dict[str, str] = {}
    content = excerpt = ""
    categories, tags, meta, comments = [], [], {}, []
    for child in elem:
        name = local(child.tag)
        if not name:
            continue
        if name == "encoded":
            if "excerpt" in namespace(child.tag):
                excerpt = text_of(child)
            else:
                content = text_of(child)
        elif name == "category":
            domain, label = child.get("domain", ""), text_of(child).strip()
            if domain == "category":
                categories.append((label, child.get("nicename", "")))
            elif domain == "post_tag":
                tags.append(label)
        elif name == "postmeta":
            f = {local(c.tag): text_of(c).strip() for c in child if isinstance(c.tag, str)}
            if f.get("meta_key"):
                meta[f["meta_key"]] = f.get("meta_value", "")
        elif name == "comment":
            comments.append(_comment(child))
        else:
            fields[name] = text_of(child)
    g = lambda k: (fields.get(k) or "").strip()  # noqa: E731
    return Item(
        id=g("post_id"), type=g("post_type").lower() or "post", status=g("status").lower(), title=g("title"),
        link=g("link"), guid=g("guid"), creator=g("creator"), content=content, excerpt=excerpt,
        slug=g("post_name"), password=g("post_password"), parent=g("post_parent"),
        published=parse_date(g("post_date_gmt"), g("post_date"), g("pubDate")),
        modified=parse_date(g("post_modified_gmt"), g("post_modified")),
        categories=categories, tags=tags, meta=meta, comments=comments, attachment_url=g("attachment_url"),
    )


class Attachments:
    """The export's attachments (id → address, caption; by parent post for a gallery),
    gathered by a first pass over the file into a throwaway SQLite file: posts name
    their featured image by an attachment id that usually comes later in the file, and
    an archive's hundred thousand attachments need not sit in memory."""

    def __init__(self):
        self._file = tempfile.NamedTemporaryFile(prefix="didgah-wxr-", suffix=".sqlite3")
        self.db = sqlite3.connect(self._file.name)
        self.db.execute("CREATE TABLE a (id TEXT PRIMARY KEY, parent TEXT, position INTEGER, url TEXT, caption TEXT)")
        self.db.execute("CREATE INDEX a_parent ON a (parent, position)")
        self.count = 0

    def add(self, item: Item, position: int) -> None:
        url = item.attachment_url or (item.guid if item.guid.startswith(("http://", "https://")) else "")
        if url:
            caption = item.excerpt.strip() or item.meta.get("_wp_attachment_image_alt", "")
            self.db.execute("INSERT OR IGNORE INTO a VALUES (?, ?, ?, ?, ?)",
                            (item.id, item.parent, position, url, caption))
            self.count += 1

    def url(self, attachment_id: str) -> str:
        row = self.db.execute("SELECT url FROM a WHERE id = ?", (attachment_id,)).fetchone()
        return row[0] if row else ""

    def gallery(self, *, ids: list[str], parent: str) -> list[tuple[str, str]]:
        if ids:
            found = {}
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                q = "SELECT id, url, caption FROM a WHERE id IN (%s)" % ",".join("?" * len(chunk))
                found.update({r[0]: (r[1], r[2]) for r in self.db.execute(q, chunk)})
            return [found[i] for i in ids if i in found]
        return list(self.db.execute("SELECT url, caption FROM a WHERE parent = ? ORDER BY position, id LIMIT 200",
                                    (parent,)))

    def close(self) -> None:
        self.db.close()
        self._file.close()


def attachments_gather(path: str, *, on_progress: Callable[[int, int], None] | None = None) -> Attachments:
    found = Attachments()
    xml = XmlFile(path, on_progress=on_progress)
    for n, (_parent, elem) in enumerate(xml.elements({"channel"})):
        if local(elem.tag) != "item" or xml.cut:
            continue
        kind = next((text_of(c).strip().lower() for c in elem if local(c.tag) == "post_type"), "")
        if kind == "attachment":
            found.add(item_from(elem), n)
        if n % 5000 == 0:
            found.db.commit()
    found.db.commit()
    return found


def read(xml: XmlFile, site: Site) -> Iterator[Item]:
    """The file's posts one at a time; `site` is filled in from the channel on the way
    (WordPress writes it before the first item)."""
    for _parent, elem in xml.elements({"channel"}):
        name = local(elem.tag)
        if name == "item":
            item = item_from(elem)
            item.cut = xml.cut
            yield item
        elif name == "link":
            site.link = text_of(elem).strip()
        elif name == "base_blog_url":
            site.base_blog_url = text_of(elem).strip()
        elif name == "author":
            f = {local(c.tag): text_of(c).strip() for c in elem if isinstance(c.tag, str)}
            if f.get("author_login"):
                site.authors[f["author_login"]] = f.get("author_display_name") or f["author_login"]
        elif name == "category":
            f = {local(c.tag): text_of(c).strip() for c in elem if isinstance(c.tag, str)}
            if f.get("category_nicename"):
                site.categories[f["category_nicename"]] = f.get("cat_name") or f["category_nicename"]
