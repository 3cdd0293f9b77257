"""Renditions of a library image, made once with Pillow when it is saved.

Each width in RENDITION_WIDTHS no larger than the original gets a WebP and a fallback
(JPEG, or PNG when the picture has transparency), so a page offers the browser a
`srcset` to pick from and older browsers still get a picture; the social card is a
1200x630 centre crop for og:image. Everything goes through Django's default storage,
so the same code writes to disk in the embedded default and to S3-compatible storage
through django-storages in production (set STORAGES["default"], nothing else)."""

from __future__ import annotations

import io
import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageOps

RENDITION_WIDTHS = (320, 640, 960, 1280)
SOCIAL_SIZE = (1200, 630)
WEBP_QUALITY = 80
JPEG_QUALITY = 82


def _has_alpha(picture: PILImage.Image) -> bool:
    return picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info)


def _encode(picture: PILImage.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "WEBP":
        picture.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    elif fmt == "PNG":
        picture.save(out, "PNG", optimize=True)
    else:
        picture.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _store(name: str, data: bytes) -> str:
    # A rendition is made once: a name already taken (a rerun) is replaced, not suffixed.
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


def make_renditions(*, file_name: str, key: str) -> dict:
    """Read the original from the default storage and write its renditions beside it
    under renditions/<key>/. Returns what Image.renditions keeps."""
    with default_storage.open(file_name, "rb") as handle:
        original = PILImage.open(handle)
        original.load()
    # A phone's photo is stored sideways with an orientation tag: turn it upright once.
    original = ImageOps.exif_transpose(original)
    alpha = _has_alpha(original)
    original = original.convert("RGBA" if alpha else "RGB")
    fallback_fmt, fallback_ext, fallback_type = ("PNG", "png", "image/png") if alpha else ("JPEG", "jpg", "image/jpeg")
    base = posixpath.join("renditions", key)
    widths = [w for w in RENDITION_WIDTHS if w < original.width] + [min(original.width, RENDITION_WIDTHS[-1])]
    result: dict = {"webp": [], "fallback": [], "fallback_type": fallback_type}
    for width in sorted(set(widths)):
        height = max(1, round(original.height * width / original.width))
        resized = original if width == original.width else original.resize((width, height), PILImage.LANCZOS)
        result["webp"].append([width, height, _store(f"{base}/{width}.webp", _encode(resized, "WEBP"))])
        result["fallback"].append([width, height, _store(f"{base}/{width}.{fallback_ext}",
                                                         _encode(resized, fallback_fmt))])
    card = ImageOps.fit(original.convert("RGB"), SOCIAL_SIZE, PILImage.LANCZOS, centering=(0.5, 0.4))
    result["social"] = _store(f"{base}/social.jpg", _encode(card, "JPEG"))
    return result


def delete_renditions(renditions: dict) -> None:
    names = [name for kind in ("webp", "fallback") for _w, _h, name in renditions.get(kind, [])]
    if renditions.get("social"):
        names.append(renditions["social"])
    for name in names:
        default_storage.delete(name)
