"""The one HTML allow-list for everything that did not come from our own templates.

Article bodies from editors and feeds pass through `clean_html` before they are stored;
nothing else is ever marked safe. nh3 (ammonia) parses like a browser, so a hostile
fragment cannot smuggle markup past it the way a regular expression could be fooled.
"""

from __future__ import annotations

import html as html_lib
import ipaddress
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import nh3
from django.conf import settings

from didgah.persian import display_text

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "blockquote", "q",
    "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "thead", "tbody",
    "tr", "th", "td", "caption", "hr", "pre", "code", "sub", "sup", "abbr", "cite",
    "small", "video", "source", "iframe",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "video": {"src", "poster", "controls", "preload", "width", "height"},
    "source": {"src", "type"},
    "iframe": {"src", "title", "allowfullscreen", "sandbox", "loading", "referrerpolicy"},
}
URL_ATTRIBUTES = {("a", "href"), ("img", "src"), ("video", "src"), ("video", "poster"),
                  ("source", "src"), ("iframe", "src")}
URL_SCHEMES = {"http", "https", "mailto"}
MEDIA_SCHEMES = {"http", "https"}
# An embedded player may run its own scripts inside the sandbox but never reach our
# page, our cookies, or open pop-ups; that is what makes a third-party iframe tolerable.
IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-presentation"


# The only Aparat player shape: /video/video/embed/videohash/<hash>/vt/frame. The hash is
# taken alone and the URL rebuilt, so nothing else of the path (`..`, `%2e%2e`, another
# page of that host) can reach the frame.
_APARAT_EMBED = re.compile(r"/video/video/embed/videohash/([A-Za-z0-9]{1,32})/vt/frame/?")
_APARAT_WATCH = re.compile(r"/v/([A-Za-z0-9]{1,32})/?")
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_VIMEO_WATCH = re.compile(r"/(\d{1,12})/?")
_VIMEO_PLAYER = re.compile(r"/video/(\d{1,12})/?")


def _site_host() -> str:
    return (urlsplit(getattr(settings, "SITE_URL", "") or "").hostname or "").lower()


def video_embed_url(src: str, *, pages: bool = True) -> str | None:
    """The privacy-friendly player URL for a video on an allow-listed host, else None.

    The one rule for embeds: an iframe in a stored body and an article's video field
    both go through it. A watch page's address (youtube.com/watch?v=, youtu.be/,
    aparat.com/v/, vimeo.com/<id>) and a player's address both lead to the player, each
    rebuilt from the video's id alone: the allow-list is of players, not of whole hosts.
    YouTube plays from youtube-nocookie.com and Vimeo with dnt=1, so a reader who does
    not press play is not tracked. An iframe in a body already names a player, so
    `pages=False` takes only players' addresses there (a frame of a watch page is a
    mistake, refused rather than guessed at)."""
    try:
        parts = urlsplit((src or "").strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or host not in settings.VIDEO_EMBED_HOSTS:
        return None
    if parts.username is not None or parts.password is not None or port not in (None, 80, 443):
        return None
    if host.endswith("youtube.com") or host.endswith("youtube-nocookie.com") or host == "youtu.be":
        if host == "youtu.be":
            video_id = parts.path[1:]
        elif parts.path.startswith("/embed/"):
            video_id = parts.path[len("/embed/"):]
        elif not pages:
            return None
        elif parts.path.startswith(("/shorts/", "/live/")):
            video_id = parts.path.split("/", 2)[2]
        elif parts.path == "/watch":
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        else:
            return None
        if not _YOUTUBE_ID.fullmatch(video_id):
            return None
        player = f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host.endswith("aparat.com"):
        match = _APARAT_EMBED.fullmatch(parts.path) or _APARAT_WATCH.fullmatch(parts.path)
        if not match:
            return None
        player = f"https://www.aparat.com/video/video/embed/videohash/{match.group(1)}/vt/frame"
    elif host.endswith("vimeo.com"):
        if host == "player.vimeo.com":
            match = _VIMEO_PLAYER.fullmatch(parts.path)
        else:
            match = pages and _VIMEO_WATCH.fullmatch(parts.path)
        if not match:
            return None
        player = f"https://player.vimeo.com/video/{match.group(1)}?dnt=1"
    else:
        return None
    # allow-scripts with allow-same-origin is a sandbox only for a frame of another
    # origin: on our own origin the framed page could lift its own sandbox.
    if urlsplit(player).hostname == _site_host():
        return None
    return player


def _url_acceptable(url: str, *, media: bool) -> bool:
    """Whether a URL may stay in stored HTML. Media (images, video, frames) are fetched by
    readers' browsers on our page's word: http(s) only, no credentials, and no host that
    is plainly an internal one (a private address literal or `localhost`)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme and scheme not in (MEDIA_SCHEMES if media else URL_SCHEMES):
        return False
    if parts.username is not None or parts.password is not None:
        return False
    if media and host:
        if host == "localhost" or host.endswith(".localhost"):
            return False
        try:
            ip = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return True
        return ip.is_global and not (ip.version == 6 and (ip.ipv4_mapped or ip.sixtofour or ip.teredo))
    return True


def clean_html(html: str, *, base_url: str | None = None) -> str:
    """Sanitize an HTML fragment, make its URLs absolute and normalize its Persian text.

    Scripts, styles, event handlers, forms and `javascript:` URLs never survive; iframes
    survive only from allow-listed video hosts, rewritten to a sandboxed player.
    """
    if not html:
        return ""
    # Word's hand-drawn list bullets («·» and spaces), which its own list markup repeats.
    html = _WORD_LIST_BULLETS.sub("", html)

    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if (tag, attr) in URL_ATTRIBUTES:
            value = value.strip()
            if base_url:
                try:
                    value = urljoin(base_url, value)
                except ValueError:
                    return None
            if not _url_acceptable(value, media=tag != "a"):
                return None
            if tag == "iframe" and attr == "src":
                return video_embed_url(value, pages=False)
        if tag == "iframe" and attr == "sandbox":
            return IFRAME_SANDBOX
        return value

    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=attribute_filter,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        set_tag_attribute_values={
            "iframe": {"sandbox": IFRAME_SANDBOX, "loading": "lazy", "referrerpolicy": "no-referrer"},
            "video": {"controls": "controls", "preload": "metadata"},
            "img": {"loading": "lazy"},
        },
    )
    # An element whose address was refused has nothing left to show: drop it whole.
    cleaned = _players_rebuilt(cleaned)
    # Paragraphs of nothing (Word's `<p>&nbsp;</p>` spacers, an editor's empty lines).
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned)
    return display_text(cleaned)


# nh3 serializes normalized HTML: lower-case tags, every attribute value in double quotes
# with `"` escaped inside, no comments, every `<` of text escaped. These patterns rely on
# that form and run only on nh3's output.
_ATTRS = r'((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*/?'
# An iframe's content is raw text that ends at the first `</iframe`.
_IFRAME = re.compile(r"<iframe" + _ATTRS + r">.*?</iframe>", re.S)
_IMG = re.compile(r"<img" + _ATTRS + ">")
_MEDIA_TAG = re.compile(r"<(/?)(video|audio|source)\b" + _ATTRS + ">")
# An http(s) address, or a path on this site (an editor's picture from the image
# library is stored as its path, /media/…: the same on any host the site answers at);
# never a scheme-relative `//host`, which is another site.
_SRC = re.compile(r'\ssrc="(https?://[^"]+|/(?!/)[^"]+)"')
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\xa0|<br>)*</p>")
# Bounded, so a hostile body of openers without an end costs linear time, not quadratic.
_WORD_LIST_BULLETS = re.compile(r"<!\[if !supportLists\]>.{0,500}?<!\[endif\]>", re.S | re.I)


def _iframe_rebuilt(match: re.Match) -> str:
    # The filter left `src` only on allow-listed players; anything else is a shell.
    # Its raw-text content is never shown by browsers, and is not kept either.
    attrs = match.group(1)
    return f"<iframe{attrs}></iframe>" if _SRC.search(attrs) else ""


def _players_rebuilt(html: str) -> str:
    """Every iframe, image, video and audio element kept only if it has something to show.

    A media player is kept with its http(s) `<source>` children (and nothing else of its
    fallback content) when it or one of them has a source; otherwise it goes whole, with
    its content. A `<source>` outside a player means nothing and goes too."""
    html = _IFRAME.sub(_iframe_rebuilt, html)
    html = _IMG.sub(lambda m: m.group(0) if _SRC.search(m.group(1)) else "", html)
    if "<video" not in html and "<audio" not in html and "<source" not in html:
        return html
    out: list[str] = []
    pos = 0
    depth = 0
    name = ""
    player: list[str] = []  # start tag, then the kept <source> tags, of the outer player
    playable = False
    for match in _MEDIA_TAG.finditer(html):
        closing, tag, attrs = match.group(1), match.group(2), match.group(3)
        if depth == 0:
            out.append(html[pos:match.start()])
        pos = match.end()
        if tag == "source":
            if depth and not closing and _SRC.search(attrs):
                player.append(match.group(0))
                playable = True
            continue
        if not closing:
            if depth == 0:
                name, player, playable = tag, [match.group(0)], bool(_SRC.search(attrs))
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                if playable:
                    out.append("".join(player) + f"</{name}>")
                player = []
    if depth == 0:
        out.append(html[pos:])
    return "".join(out)


def strip_tags(html: str) -> str:
    """Plain text of an HTML fragment, for leads, snippets and search keys."""
    text = nh3.clean(html or "", tags=set(), strip_comments=True)
    return html_lib.unescape(text).replace("\xa0", " ")
