"""A WordPress post's body made into what the allow-list keeps.

WordPress stores text its themes finish at display time: paragraphs of the classic
editor as blank lines (its `wpautop`), media as shortcodes. Both are done here, before
the body goes through `news.services.article_save` like any other article's; what a
shortcode cannot become in allowed HTML is dropped, keeping any text it enclosed.
Everything here only rearranges markup: the allow-list decides what stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape
from urllib.parse import urlsplit

from didgah.common.html import strip_tags

# Shortcodes of WordPress itself and of the plugins and hosts most sites used. Any other
# `[name attr="…"]` is dropped too; a bare `[word]` is left as text (it may be prose).
_KNOWN = {
    "caption", "wp_caption", "gallery", "embed", "video", "audio", "playlist", "youtube", "vimeo",
    "soundcloud", "tweet", "twitter", "instagram", "code", "sourcecode", "source", "contact-form",
    "contact-form-7", "googlemaps", "googlevideo", "dailymotion", "slideshare", "scribd", "polldaddy",
    "archives", "wpvideo", "vc_row", "vc_column", "vc_column_text", "et_pb_section", "et_pb_row",
    "et_pb_column", "et_pb_text", "fusion_builder_container", "aparat",
}
_NAME = r"[A-Za-z_][\w-]*"
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))|"([^"]*)"|(\S+)""")
_OPEN = re.compile(r"\[(\[?)(" + _NAME + r")(\s[^\[\]]*?)?(/?)\](\]?)")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "aparat.com", "vimeo.com")
_BLOCK_START = re.compile(
    r"^\s*<(p|h[1-6]|ul|ol|li|table|thead|tbody|tr|blockquote|pre|figure|div|hr|iframe|video|audio|dl|"
    r"section|address|form|fieldset|header|footer|article|aside|nav|details|script|style)\b", re.I)
_URL_LINE = re.compile(r"^\s*(https?://[^\s<>\"']+)\s*$", re.M)
_IMG_SRC = re.compile(r"""(<img\b[^>]*?\ssrc\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_HREF = re.compile(r"""(<a\b[^>]*?\shref\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_FILE_PATH = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|pdf|zip|mp3|mp4|m4a|ogg|wav|docx?|xlsx?|pptx?)$", re.I)


def attributes(text: str) -> dict[str, str]:
    """A shortcode's attributes; positional ones as "0", "1", …"""
    found: dict[str, str] = {}
    n = 0
    for m in _ATTR.finditer(text or ""):
        if m.group(1):
            value = next(v for v in (m.group(2), m.group(3), m.group(4)) if v is not None)
            found[m.group(1).lower()] = unescape(value)
        else:
            found[str(n)] = unescape(m.group(5) if m.group(5) is not None else m.group(6))
            n += 1
    return found


def is_video_url(url: str) -> bool:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return any(host == h or host.endswith("." + h) for h in _VIDEO_HOSTS)


def _player(url: str) -> str:
    """An iframe for a video page the allow-list knows (it rebuilds it as a sandboxed
    player, or drops it), otherwise a plain link."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if host.endswith("youtube.com") and parts.path == "/watch":
        video = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p).get("v", "")
        if video:
            url = f"https://www.youtube.com/embed/{video}"
    if is_video_url(url):
        return f'<iframe src="{escape(url)}"></iframe>'
    return f'<p><a href="{escape(url)}">{escape(url)}</a></p>' if parts.scheme in ("http", "https") else ""


class Shortcodes:
    """Turns the shortcodes of one body into HTML. `gallery(ids, parent)` gives the image
    URLs (and captions) of a gallery: attachments are known from the export itself."""

    def __init__(self, gallery: Callable[[list[str]], list[tuple[str, str]]], labels: dict[str, str]):
        self.gallery = gallery
        self.labels = labels

    def convert(self, html: str) -> str:
        out, pos = [], 0
        while True:
            m = _OPEN.search(html, pos)
            if m is None:
                out.append(html[pos:])
                return "".join(out)
            out.append(html[pos:m.start()])
            escaped_open, name, attrs, self_closing, escaped_close = m.groups()
            lname = name.lower()
            if escaped_open and escaped_close:
                # `[[gallery]]` is how WordPress writes a shortcode as text.
                out.append(m.group(0)[1:-1])
                pos = m.end()
                continue
            content, end = None, m.end()
            if not self_closing:
                close = re.search(r"\[/" + re.escape(name) + r"\]", html[m.end():], re.I)
                if close is not None:
                    content = html[m.end():m.end() + close.start()]
                    end = m.end() + close.end()
            if lname not in _KNOWN and content is None and not (attrs or "").strip():
                out.append(m.group(0))  # `[word]`: prose, not a shortcode
                pos = m.end()
                continue
            out.append(self._one(lname, attributes(attrs or ""), content))
            pos = end

    def _one(self, name: str, attrs: dict[str, str], content: str | None) -> str:
        inner = self.convert(content) if content else ""
        if name in ("caption", "wp_caption"):
            text = attrs.get("caption", "")
            # The caption text is what follows the image (or link around it) inside.
            m = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.S | re.I)
            media, rest = (m.group(1), m.group(2)) if m else (inner, "")
            text = text or strip_tags(rest).strip()
            caption = f"<figcaption>{escape(text)}</figcaption>" if text else ""
            return f"<figure>{media}{caption}</figure>"
        if name == "gallery":
            ids = [i.strip() for i in attrs.get("ids", attrs.get("include", "")).split(",") if i.strip()]
            images = self.gallery(ids)
            if not images:
                return ""
            return "".join(
                f'<figure><img src="{escape(src)}" alt="{escape(alt)}">'
                + (f"<figcaption>{escape(alt)}</figcaption>" if alt else "") + "</figure>"
                for src, alt in images)
        if name in ("embed", "youtube", "vimeo", "wpvideo", "aparat", "dailymotion", "googlevideo"):
            url = (content or "").strip() or attrs.get("url") or attrs.get("src") or attrs.get("0", "")
            if url.startswith("="):
                url = url[1:]  # WordPress.com's [youtube=URL]
            return _player(strip_tags(url))
        if name == "video":
            src = attrs.get("src") or next((attrs[k] for k in ("mp4", "m4v", "webm", "ogv", "flv") if k in attrs), "")
            if not src:
                return ""
            if is_video_url(src):
                return _player(src)
            poster = f' poster="{escape(attrs["poster"])}"' if attrs.get("poster") else ""
            return f'<video src="{escape(src)}"{poster} controls></video>'
        if name == "audio":
            src = attrs.get("src") or next((attrs[k] for k in ("mp3", "m4a", "ogg", "wav") if k in attrs), "")
            # No audio player is allowed on the page: the file is offered as a link.
            return f'<p><a href="{escape(src)}">{escape(self.labels["audio"])}</a></p>' if src else ""
        if name in ("code", "sourcecode", "source"):
            return f"<pre><code>{escape(unescape(content or ''))}</code></pre>"
        if name in ("tweet", "twitter", "instagram"):
            url = attrs.get("0") or attrs.get("url") or attrs.get("tweet") or (content or "").strip()
            return f'<p><a href="{escape(url)}">{escape(url)}</a></p>' if url.startswith(("http://", "https://")) else ""
        # Anything else goes; text it enclosed (a page builder's columns) stays.
        return inner


def autop(html: str) -> str:
    """WordPress's paragraphs for the classic editor's text: blank-line separated chunks
    become <p>, single line breaks <br>; chunks that already are blocks are left alone.
    Block-editor content (`<!-- wp:`) carries its own markup and is left as it is."""
    if "<!-- wp:" in html:
        return html
    chunks = re.split(r"\n\s*\n", html.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for chunk in chunks:
        if not chunk.strip():
            continue
        if _BLOCK_START.match(chunk) or "<pre" in chunk.lower():
            out.append(chunk)
        else:
            out.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def embed_lines(html: str) -> str:
    """A video page's address alone on its line is an embed in WordPress (oEmbed)."""
    return _URL_LINE.sub(lambda m: _player(m.group(1)) if is_video_url(m.group(1)) else m.group(0), html)


def image_sources(html: str) -> list[str]:
    return [unescape(m.group(3)).strip() for m in _IMG_SRC.finditer(html)]


def urls_replaced(html: str, images: dict[str, str], *, old_host: str) -> str:
    """Image addresses replaced as `images` says (our copies, or "" for one refused), in
    <img> and in links to them; links to the old site's pages become paths on this one, where the redirect
    table leads them to the imported article."""

    def src(m: re.Match) -> str:
        url = unescape(m.group(3)).strip()
        if url not in images:
            return m.group(0)
        # An empty address (refused) leaves an image the allow-list then drops.
        return f"{m.group(1)}{m.group(2)}{escape(images[url])}{m.group(2)}"

    def href(m: re.Match) -> str:
        url = unescape(m.group(3)).strip()
        new = images.get(url)
        if new is None and old_host:
            try:
                parts = urlsplit(url)
                same = (parts.hostname or "").lower() == old_host and parts.scheme in ("http", "https")
            except ValueError:
                same = False
            if same and not _FILE_PATH.search(parts.path) and "/wp-content/" not in parts.path:
                new = (parts.path or "/") + (f"?{parts.query}" if parts.query else "") + (
                    f"#{parts.fragment}" if parts.fragment else "")
        return f"{m.group(1)}{m.group(2)}{escape(new)}{m.group(2)}" if new else m.group(0)

    return _HREF.sub(href, _IMG_SRC.sub(src, html))


def body_html(raw: str, shortcodes: Shortcodes) -> str:
    return embed_lines(autop(shortcodes.convert(raw or "")))


def title_from_text(html: str, *, words: int = 10) -> str:
    """A headline for a post that had none: its first words."""
    text = " ".join(strip_tags(html).split())
    parts = text.split(" ")
    if not text:
        return ""
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


_BR = re.compile(r"<br\s*/?>", re.I)
_PARA_END = re.compile(r"</(p|div|blockquote|li|h[1-6]|pre)\s*>", re.I)
_LINK = re.compile(r"""<a\b[^>]*?\shref\s*=\s*(["'])(.*?)\1[^>]*>(.*?)</a\s*>""", re.I | re.S)


def comment_text(html: str) -> str:
    """A comment written as HTML (WordPress, Disqus) as the plain text comments are kept
    in: paragraphs as blank lines, a link's address beside its words, no markup."""
    if "<" not in (html or "") and "&" not in (html or ""):
        return html or ""

    def link(m: re.Match) -> str:
        url, words = unescape(m.group(2)).strip(), strip_tags(m.group(3)).strip()
        if not url.startswith(("http://", "https://")) or words == url:
            return words or url
        return f"{words} ({url})" if words else url

    text = _LINK.sub(link, html)
    text = _BR.sub("\n", text)
    text = _PARA_END.sub("\n\n", text)
    return strip_tags(text)
