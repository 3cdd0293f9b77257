"""The site's own images, drawn from its font: the favicon (SVG, and a 32 px PNG for
/favicon.ico and browsers without SVG icons), the web app manifest's icons (192 and
512 px, and a 512 px maskable one) and the 1200×630 share image that stands in for an
article's own when it has none (og:image, twitter:image, JSON-LD).

They are files under static/img, committed; run `python -m didgah.feeds.images` after
changing a colour or the font to draw them again."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "static" / "fonts" / "Vazirmatn-Variable.woff2"
OUT = ROOT / "static" / "img"

# The site's accent and card colours (static/css/site.css, --accent and --card).
ACCENT = "#0b5cad"
PAPER = "#ffffff"
INK = "#1d232b"
LETTER = "د"
SITE_NAME = "دیدگاه"
TAGLINE = "خبرهای منابع فارسی‌زبان، با دیدگاه خوانندگان"
WEIGHT = 800

FAVICON_SVG = "favicon.svg"
FAVICON_PNG = "favicon-32.png"
SHARE_PNG = "share-default.png"
# The web app manifest's icons (feeds.views.manifest): (file, size, maskable).
APP_ICONS = (("icon-192.png", 192, False), ("icon-512.png", 512, False), ("icon-maskable-512.png", 512, True))
SHARE_SIZE = (1200, 630)


def _font(size: int, weight: int = WEIGHT) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(str(FONT), size, layout_engine=ImageFont.Layout.RAQM)
    font.set_variation_by_axes([weight])
    return font


def favicon_svg() -> str:
    """The letter on a rounded square. An icon cannot load the page's web font, so the
    letter is set in the system's own (every system that shows Persian has one)."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="14" fill="{ACCENT}"/>'
        f'<text x="32" y="32" dy=".05em" fill="{PAPER}" font-family="Vazirmatn, Tahoma, \'Noto Sans Arabic\', sans-serif" '
        f'font-size="48" font-weight="800" text-anchor="middle" dominant-baseline="central">{LETTER}</text>'
        "</svg>\n"
    )


def favicon_png(size: int = 32) -> bytes:
    """Drawn 8 times larger and scaled down, for smooth edges at 32 px."""
    big = size * 8
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 14 // 64, fill=ACCENT)
    draw.text((big / 2, big / 2), LETTER, font=_font(int(big * 0.8)), fill=PAPER, anchor="mm")
    return _png(image.resize((size, size), Image.Resampling.LANCZOS))


def app_icon_png(size: int, maskable: bool = False) -> bytes:
    """The favicon drawn large for a phone's home screen. A maskable icon fills its
    square (the phone cuts its own shape) and keeps the letter inside the central
    circle of 80% that every mask leaves whole."""
    if not maskable:
        return favicon_png(size)
    big = size * 4
    image = Image.new("RGB", (big, big), ACCENT)
    draw = ImageDraw.Draw(image)
    draw.text((big / 2, big / 2), LETTER, font=_font(int(big * 0.55)), fill=PAPER, anchor="mm")
    return _png(image.resize((size, size), Image.Resampling.LANCZOS))


def share_png() -> bytes:
    """The site's name, its letter and a line about it, on the accent colour."""
    width, height = SHARE_SIZE
    image = Image.new("RGB", SHARE_SIZE, ACCENT)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((60, 60, width - 60, height - 60), radius=36, fill=PAPER)
    draw.text((width / 2, 270), SITE_NAME, font=_font(150), fill=ACCENT, anchor="mm", direction="rtl")
    draw.text((width / 2, 430), TAGLINE, font=_font(44, 500), fill=INK, anchor="mm", direction="rtl")
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / FAVICON_SVG).write_text(favicon_svg())
    (OUT / FAVICON_PNG).write_bytes(favicon_png())
    (OUT / SHARE_PNG).write_bytes(share_png())
    for name, size, maskable in APP_ICONS:
        (OUT / name).write_bytes(app_icon_png(size, maskable))
    for name in (FAVICON_SVG, FAVICON_PNG, SHARE_PNG, *(icon[0] for icon in APP_ICONS)):
        print(OUT / name, (OUT / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
