"""From a feedparser entry to the fields of an article. Pure: no database, no network.

Text is not normalized here: `didgah.news.services.article_save` does that (display_text,
clean_html with the original page as base URL) for every article, whatever its origin.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin

from didgah.common.html import strip_tags

from .canon import canonical_url


class Skip(Exception):
    """An entry we will not import; `reason` is a stable code shown on the source's health."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# Why an entry is skipped, in words for editors (the codes are what the logs store).
SKIP_REASONS = {
    "no_link": "پیوندی به خبر اصلی ندارد",
    "bad_link": "پیوند خبر اصلی نشانی http(s) معتبری نیست",
    "link_too_long": "پیوند خبر اصلی بیش از حد بلند است",
    "no_title": "نه تیتر دارد نه متن",
    "duplicate_url": "این نشانی پیش‌تر برداشته شده است",
    "duplicate_guid": "این شناسه از همین منبع پیش‌تر برداشته شده است",
    "duplicate_in_feed": "در همین خوراک تکرار شده است",
    "invalid": "داده‌های خبر پذیرفتنی نیست",
    "error": "خطای پیش‌بینی‌نشده هنگام برداشتن",
}

_IMG_RE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)
_ALT_RE = re.compile(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
_MAX_URL = 1000
_FIRST_P = re.compile(r"\s*<p\b[^>]*>(.*?)</p>(.*)\Z", re.I | re.S)


@dataclass
class EntryData:
    original_url: str  # canonical
    link: str  # as the feed gave it, made absolute: the base for relative URLs in the body
    guid: str
    title: str
    lead: str
    body: str
    has_full_content: bool
    published_at: datetime
    byline: str
    image_url: str
    image_caption: str
    video_url: str

    def ident(self) -> str:
        return self.guid or self.original_url


def entry_ident(entry) -> str:
    """Something to name an entry by in a skip record, whatever state it is in."""
    for key in ("id", "link", "title"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:300]
    return "(بی‌نام)"


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _utc(struct, fallback: datetime) -> datetime:
    if not struct:
        return fallback
    try:
        value = datetime.fromtimestamp(calendar.timegm(struct), tz=timezone.utc)
    except (OverflowError, ValueError, OSError, TypeError):
        return fallback
    # A date in the future would make the report "scheduled" and hide it; outlets'
    # clocks and time zones are often wrong, so the fetch time is the honest answer.
    return fallback if value > fallback else value


def _absolute(url: str, base: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    try:
        url = urljoin(base, url) if base else url
    except ValueError:
        return ""
    return url if url.lower().startswith(("http://", "https://")) and len(url) <= _MAX_URL else ""


def _body(entry) -> tuple[str, bool]:
    """The richest HTML the entry carries, and whether it is more than a summary."""
    contents = entry.get("content") or []
    best = ""
    for c in contents:
        value = _text(c.get("value"))
        if len(value) > len(best):
            best = value
    summary = _text(entry.get("summary"))
    if best and best.strip() != summary.strip():
        return best, True
    return best or summary, False


def _media(entry, base: str) -> tuple[str, str, str]:
    """(image_url, image_caption, video_url) from enclosures and Media RSS."""
    image = caption = video = ""
    candidates = []
    for enc in entry.get("enclosures") or []:
        candidates.append((_text(enc.get("type")).lower(), "", _text(enc.get("href") or enc.get("url"))))
    for media in entry.get("media_content") or []:
        kind = _text(media.get("type")).lower() or (_text(media.get("medium")).lower() + "/")
        candidates.append((kind, "", _text(media.get("url"))))
    for kind, medium, url in candidates:
        url = _absolute(url, base)
        if not url:
            continue
        if kind.startswith("image") and not image:
            image = url
        elif kind.startswith("video") and not video:
            video = url
    if not image:
        for thumb in entry.get("media_thumbnail") or []:
            image = _absolute(_text(thumb.get("url")), base)
            if image:
                break
    if image:
        caption = strip_tags(_text(entry.get("media_description")) or _text(entry.get("media_title")))
    return image, caption, video


def _first_img(html: str, base: str) -> tuple[str, str]:
    match = _IMG_RE.search(html or "")
    if not match:
        return "", ""
    src = next((g for g in match.groups() if g), "")
    tag_end = html.find(">", match.start())
    alt_match = _ALT_RE.search(html[match.start():tag_end if tag_end > 0 else None])
    alt = next((g for g in alt_match.groups() if g), "") if alt_match else ""
    return _absolute(src, base), strip_tags(alt)


_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")


def _byline(entry) -> str:
    """The author's name. RSS writes «email (Name)»; feedparser's split of that garbles
    non-Latin names, so it is done here; an address alone is not shown."""
    raw = strip_tags(_text(entry.get("author"))).strip()
    match = _EMAIL_NAME.match(raw)
    if match:
        return match.group(1).strip()
    if "@" in raw and " " not in raw:
        return ""
    return raw or strip_tags(_text((entry.get("author_detail") or {}).get("name")))


def map_entry(entry, *, feed_base: str, fetched_at: datetime, lead_chars: int = 400) -> EntryData:
    """Map one feedparser entry; raises Skip with a reason when it cannot become an article."""
    link = _absolute(_text(entry.get("link")), feed_base)
    guid = _text(entry.get("id")).strip()[:_MAX_URL]
    if not link and guid.lower().startswith(("http://", "https://")):
        link = _absolute(guid, feed_base)
    if not link:
        raw = _text(entry.get("link")) or _text(entry.get("id"))
        raise Skip("link_too_long" if len(raw) > _MAX_URL else ("bad_link" if raw else "no_link"))
    original = canonical_url(link)
    if not original:
        raise Skip("bad_link")
    if len(original) > _MAX_URL:
        raise Skip("link_too_long")

    body, full = _body(entry)
    summary_text = " ".join(strip_tags(_text(entry.get("summary"))).split())
    title = " ".join(strip_tags(_text(entry.get("title"))).split())
    if not title:
        # Some feeds (microblogs, old RSS 0.91) carry items without titles: the first
        # words of the text stand in, so readers still see a headline.
        words = (summary_text or " ".join(strip_tags(body).split())).split()
        title = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    if not title:
        raise Skip("no_title")
    lead = summary_text
    if len(lead) > lead_chars:
        lead = lead[:lead_chars].rsplit(" ", 1)[0] + "…"
    image, caption, video = _media(entry, link)
    if not image:
        image, alt = _first_img(body, link)
        caption = caption or alt
    if not full and " ".join(strip_tags(body).split()) == summary_text:
        # Only a summary: its first paragraph is the lead and the rest the body, so the
        # article page does not print the same words twice.
        first = _FIRST_P.match(body)
        if first and first.group(2).strip():
            lead = " ".join(strip_tags(first.group(1)).split())
            body = first.group(2)
        elif lead == summary_text and not re.search(r"<(img|video|iframe|table)\b", body, re.I):
            body = ""

    byline = _byline(entry)
    published = _utc(entry.get("published_parsed") or entry.get("updated_parsed"), fetched_at)
    return EntryData(
        original_url=original, link=link, guid=guid, title=title, lead=lead, body=body,
        has_full_content=full, published_at=published, byline=byline,
        image_url=image, image_caption=caption, video_url=video,
    )
