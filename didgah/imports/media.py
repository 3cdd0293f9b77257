"""Images of imported posts copied to our own storage, through the ingest's client.

Every download goes through `didgah.ingest.fetch.fetch`: private addresses refused,
one deadline per fetch, the size cap enforced while reading. What comes back must be
an image Pillow can read (JPEG, PNG, GIF or WebP; never SVG, which can carry script);
it is stored under MEDIA_ROOT by Django's default storage, named by its address, so a
rerun (or a second post using the same picture) finds the copy instead of fetching
again. An image that cannot be had keeps its original address, and a host that failed
at the network level is not asked again in the same run.
"""

from __future__ import annotations

import hashlib
import io
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from didgah.common.html import clean_html
from didgah.ingest import conf as ingest_conf
from didgah.ingest.fetch import FetchError, fetch

log = logging.getLogger(__name__)

FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
IMAGE_ACCEPT = "image/avif, image/webp, image/png, image/jpeg, image/gif;q=0.9, */*;q=0.1"
# Failures that say the host, not the picture, is the problem.
HOST_FAILURES = {"dns", "timeout", "network", "private_address"}


class ImageCopier:
    def __init__(self, *, enabled: bool = True, dry_run: bool = False):
        self.enabled = enabled
        self.dry_run = dry_run
        self.copied = 0
        self.reused = 0
        self.failed: dict[str, int] = {}
        self._dead_hosts: set[str] = set()
        self._seen: dict[str, str | None] = {}
        self._public_base: str | None = None

    def _base(self) -> str:
        """The address our copies are shown under. Stored HTML keeps only absolute http(s)
        image addresses of public hosts (common.html), so a site whose SITE_URL is a
        local address keeps the originals instead of copies no page could show."""
        if self._public_base is None:
            media = settings.MEDIA_URL
            base = media if media.startswith(("http://", "https://")) else settings.SITE_URL.rstrip("/") + media
            probe = base + "probe.jpg"
            self._public_base = base if f'src="{probe}"' in clean_html(f'<img src="{probe}">') else ""
        return self._public_base

    def _fail(self, why: str) -> None:
        self.failed[why] = self.failed.get(why, 0) + 1

    def local_url(self, url: str) -> str | None:
        """Our copy's address for an image address, or None (keep the original)."""
        if not self.enabled or not url:
            return None
        if url in self._seen:
            return self._seen[url]
        # The run's answers are remembered; the set is bounded because a long run's
        # memory must not grow with the archive.
        if len(self._seen) > 5000:
            self._seen.clear()
        self._seen[url] = result = self._copy(url)
        return result

    def _copy(self, url: str) -> str | None:
        base = self._base()
        if not base:
            self._fail("no_public_media_url")
            return None
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            self._fail("bad_url")
            return None
        if parts.scheme not in ("http", "https") or not host:
            self._fail("bad_url")
            return None
        if host in self._dead_hosts:
            self._fail("host_unreachable")
            return None
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        stem = f"imports/{digest[:2]}/{digest[2:26]}"
        for ext in FORMATS.values():
            if default_storage.exists(stem + ext):
                self.reused += 1
                return base + stem + ext
        if self.dry_run:
            return None
        try:
            result = fetch(url, accept=IMAGE_ACCEPT, max_bytes=ingest_conf.max_bytes())
        except FetchError as exc:
            if exc.code in HOST_FAILURES:
                self._dead_hosts.add(host)
            self._fail(exc.code)
            return None
        ext = _image_kind(result.content)
        if ext is None:
            self._fail("not_an_image")
            return None
        name = default_storage.save(stem + ext, ContentFile(result.content))
        self.copied += 1
        return base + name


def _image_kind(content: bytes) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return FORMATS.get(kind or "")
