import html
import re
from urllib.parse import unquote

from django import template
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from didgah.common.html import IFRAME_SANDBOX, video_embed_url
from didgah.persian import persian_digits_in_html, persian_digits_in_text

from .. import selectors

register = template.Library()


@register.filter
def prose_digits(text) -> str:
    """A title, a lead or a caption as shown: the Latin digits of its Persian prose in
    Persian digits (persian.persian_digits_in_text says which), escaped by the template
    as before. What is stored and searched keeps what was typed."""
    return persian_digits_in_text("" if text is None else text)


@register.filter
def prose_digits_html(fragment):
    """The same for HTML that is shown as markup (an article body, a rendered comment):
    text only, never its tags, addresses or program text. What was not marked safe is
    escaped first, as the template would have."""
    return mark_safe(persian_digits_in_html(str(conditional_escape(fragment))))  # noqa: S308


@register.filter
def attr_metric(obj, name: str):
    return getattr(obj, name, "")


def _srcset(entries) -> str:
    return ", ".join(f"{default_storage.url(name)} {width}w" for width, _height, name in entries)


@register.inclusion_tag("news/_picture.html")
def picture(image, sizes: str = "100vw", eager: bool = False, alt=None):
    """A library image as <picture>: WebP and the fallback at every rendition's width,
    the browser choosing by `sizes`; width and height from the largest rendition so the
    page keeps the picture's place before it arrives. `alt=""` for a decorative copy."""
    renditions = (image.renditions or {}) if image else {}
    fallback = renditions.get("fallback") or []
    if not fallback:
        # Renditions not made (yet): the original as it is.
        return {"src": image.file.url if image and image.file else "", "width": image.width if image else 0,
                "height": image.height if image else 0, "alt": image.alt if alt is None else alt,
                "eager": eager}
    largest = fallback[-1]
    medium = next((entry for entry in fallback if entry[0] >= 640), largest)
    return {
        "webp_srcset": _srcset(renditions.get("webp") or []),
        "srcset": _srcset(fallback),
        "src": default_storage.url(medium[2]),
        "type": renditions.get("fallback_type", "image/jpeg"),
        "width": largest[0],
        "height": largest[1],
        "sizes": sizes,
        "alt": image.alt if alt is None else alt,
        "eager": eager,
    }


@register.inclusion_tag("news/_video.html")
def article_video(article):
    """An article's video: an uploaded file in <video> with the main image as its poster;
    a YouTube, Aparat or Vimeo address as the sandboxed, privacy-friendly player that the
    body's iframes also get (common.html.video_embed_url: one rule); any other http(s)
    address of a file in <video>."""
    poster = ""
    fallback = ((getattr(article.image, "renditions", None) or {}).get("fallback") or []) if article.image_id else []
    if fallback:
        poster = default_storage.url(next((e for e in fallback if e[0] >= 960), fallback[-1])[2])
    elif article.image_url:
        poster = article.image_url
    if article.video_file:
        return {"file": article.video_file.url, "poster": poster, "title": article.title}
    embed = video_embed_url(article.video_url) if article.video_url else None
    if embed:
        return {"embed": embed, "sandbox": IFRAME_SANDBOX, "title": article.title}
    return {"file": article.video_url, "poster": poster, "title": article.title}


# The stored body is nh3's serialization: attributes in double quotes, `"` escaped.
_BODY_IMG = re.compile(r"<img\s([^>]*)>")
_BODY_ATTR = re.compile(r'([a-z-]+)="([^"]*)"')
BODY_PICTURE_SIZES = "(max-width: 900px) 100vw, 800px"


@register.filter
def body_pictures(body: str):
    """The stored (sanitized) body with each picture from the image library, which the
    editor's image button inserts as a plain <img> of the original (the allow-list keeps
    no srcset), shown as the library's renditions: <picture> with WebP and fallback
    srcsets and the rendition's width and height. The alt text is the body's own, as
    the editor wrote it for this use. One query for all of a body's pictures; other
    images stay as they are."""
    body = body or ""
    prefix = default_storage.url("")
    found = []
    for match in _BODY_IMG.finditer(body):
        attrs = dict(_BODY_ATTR.findall(match.group(1)))
        src = html.unescape(attrs.get("src", ""))
        if prefix and src.startswith(prefix):
            found.append((match, unquote(src[len(prefix):]), html.unescape(attrs.get("alt", ""))))
    images = selectors.images_by_file(names=[name for _m, name, _alt in found]) if found else {}
    out, pos = [], 0
    for match, name, alt in found:
        image = images.get(name)
        if image is None:
            continue
        out.append(body[pos:match.start()])
        out.append(render_to_string("news/_picture.html", picture(image, sizes=BODY_PICTURE_SIZES, alt=alt)))
        pos = match.end()
    out.append(body[pos:])
    # The body was sanitized when stored; what replaced its <img>s is our template's.
    return mark_safe("".join(out))
