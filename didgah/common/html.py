"""The one HTML allow-list for everything that did not come from our own templates.

Article bodies from editors and feeds pass through `clean_html` before they are stored;
nothing else is ever marked safe. nh3 (ammonia) parses like a browser, so a hostile
fragment cannot smuggle markup past it the way a regular expression could be fooled.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urljoin, urlsplit

import nh3
from django.conf import settings

from didgah.persian import display_text

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "blockquote", "q",
    "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "thead", "tbody",
    "tr", "th", "td", "caption", "hr", "pre", "code", "sub", "sup", "abbr", "cite",
    "small", "span", "video", "source", "iframe",
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
# An embedded player may run its own scripts inside the sandbox but never reach our
# page, our cookies, or open pop-ups; that is what makes a third-party iframe tolerable.
IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-presentation"


def _embed_src(src: str) -> str | None:
    """The privacy-friendly player URL for an allow-listed video host, else None."""
    parts = urlsplit(src)
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or host not in settings.VIDEO_EMBED_HOSTS:
        return None
    if host.endswith("youtube.com") or host.endswith("youtube-nocookie.com") or host == "youtu.be":
        if host == "youtu.be":
            video_id = parts.path.strip("/")
        elif parts.path.startswith("/embed/"):
            video_id = parts.path[len("/embed/"):].split("/")[0]
        else:
            return None
        if not video_id or not video_id.replace("-", "").replace("_", "").isalnum():
            return None
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    if host.endswith("aparat.com"):
        return f"https://www.aparat.com{parts.path}" if parts.path.startswith("/video/video/embed/") else None
    return None


def clean_html(html: str, *, base_url: str | None = None) -> str:
    """Sanitize an HTML fragment, make its URLs absolute and normalize its Persian text.

    Scripts, styles, event handlers, forms and `javascript:` URLs never survive; iframes
    survive only from allow-listed video hosts, rewritten to a sandboxed player.
    """
    if not html:
        return ""

    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if (tag, attr) in URL_ATTRIBUTES:
            value = value.strip()
            if base_url:
                try:
                    value = urljoin(base_url, value)
                except ValueError:
                    return None
            scheme = urlsplit(value).scheme.lower()
            if scheme and scheme not in URL_SCHEMES:
                return None
            if tag == "iframe" and attr == "src":
                return _embed_src(value)
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
    # An iframe whose src was refused has nothing left to show: drop the empty shell.
    cleaned = _drop_srcless_iframes(cleaned)
    return display_text(cleaned)


_SRCLESS_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>\s*</iframe>")


def _drop_srcless_iframes(html: str) -> str:
    return _SRCLESS_IFRAME.sub("", html)


def strip_tags(html: str) -> str:
    """Plain text of an HTML fragment, for leads, snippets and search keys."""
    text = nh3.clean(html or "", tags=set(), strip_comments=True)
    return html_lib.unescape(text).replace("\xa0", " ")
