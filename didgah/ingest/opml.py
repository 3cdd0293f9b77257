"""OPML, the format feed readers exchange subscriptions in: read a list, write ours."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime


class OPMLError(ValueError):
    pass


@dataclass
class Outline:
    feed_url: str
    title: str = ""
    site_url: str = ""


def parse_opml(data: bytes) -> list[Outline]:
    """Every outline with an xmlUrl, however deeply nested in folders.

    A DOCTYPE is refused outright: OPML never needs one, and entity declarations are how
    XML parsers are attacked (entity expansion)."""
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise OPMLError("OPML with a DOCTYPE or entities is not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OPMLError(f"not well-formed OPML: {exc}") from None
    if root.tag.lower() != "opml":
        raise OPMLError("the root element is not <opml>")
    outlines, seen = [], set()
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if not url or url in seen:
            continue
        seen.add(url)
        outlines.append(Outline(
            feed_url=url,
            title=(node.get("title") or node.get("text") or "").strip(),
            site_url=(node.get("htmlUrl") or node.get("htmlurl") or "").strip(),
        ))
    return outlines


def export_opml(sources, *, title: str = "Didgah sources") -> str:
    """OPML 2.0 for `sources` (objects with name, feed_url, site_url)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(timezone.utc))
    body = ET.SubElement(root, "body")
    for source in sources:
        if not source.feed_url:
            continue
        attrs = {"type": "rss", "text": source.name, "title": source.name, "xmlUrl": source.feed_url}
        if source.site_url:
            attrs["htmlUrl"] = source.site_url
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
