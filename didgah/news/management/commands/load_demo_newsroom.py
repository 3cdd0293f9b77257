"""The newsroom's part of the demo: library images (drawn here with Pillow, so nothing is
downloaded), authors with photos and bios, video reports, the front page's lead and
picks, and a breaking item. Rerun-safe: what exists is left alone."""

import io
import json
import random
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from didgah import persian
from didgah.news import services
from didgah.news.models import Article, Author, Breaking, Category

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "newsroom.json"


def draw_scene(palette: list[str], *, seed: int, size=(1600, 1000)) -> bytes:
    """A landscape in three colours: sky, a sun or moon, two ranges of hills."""
    rng = random.Random(seed)
    width, height = size
    sky, light, ground = palette
    picture = PILImage.new("RGB", size, sky)
    draw = ImageDraw.Draw(picture)
    radius = rng.randint(70, 130)
    cx, cy = rng.randint(radius, width - radius), rng.randint(radius, height // 2)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=light)
    for layer, colour in enumerate((light, ground)):
        base = height * (0.55 + 0.15 * layer)
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base + rng.randint(-90, 60)))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=88)
    return out.getvalue()


def draw_portrait(palette: list[str], *, seed: int) -> bytes:
    """A plain silhouette on the author's colours: a stand-in photo."""
    background, face, shirt = palette
    picture = PILImage.new("RGB", (600, 600), background)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((200, 110, 400, 330), fill=face)
    draw.ellipse((110, 360, 490, 760), fill=shirt)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=88)
    return out.getvalue()


def _find(title_starts: str) -> Article | None:
    return Article.objects.filter(title__startswith=persian.display_text(title_starts)).first()


class Command(BaseCommand):
    help = "Loads the newsroom demo: images, authors, video reports, the front page's choices."

    def handle(self, *args, **options):
        if Author.objects.exists():
            self.stdout.write("newsroom demo already present; nothing to do")
            return
        data = json.loads(CONTENT.read_text(encoding="utf-8"))
        with transaction.atomic():
            self._load(data)
        self.stdout.write("newsroom demo: images, authors, video reports, front page")

    def _load(self, data):
        now = timezone.now()
        images = {}
        for n, spec in enumerate(data["images"]):
            images[spec["key"]] = services.image_create(
                file=draw_scene(spec["palette"], seed=n), name=f"demo-{spec['key']}.jpg",
                alt=spec["alt"], caption=spec["caption"], credit=spec["credit"],
            )
        authors = {}
        for n, spec in enumerate(data["authors"]):
            photo = services.image_create(
                file=draw_portrait(spec["palette"], seed=n), name=f"author-{spec['slug']}.jpg",
                alt=persian.display_text(f"عکس {spec['name']}"), credit="دیدگاه",
            )
            authors[spec["slug"]] = services.author_save(author=Author(
                name=spec["name"], slug=spec["slug"], role=spec["role"], bio=spec["bio"], photo=photo,
            ))
        # The editors' own articles carry their byline as a link to the author's page.
        by_name = {persian.display_text(a.name): a for a in authors.values()}
        for article in Article.objects.filter(source__isnull=True).exclude(byline=""):
            author = by_name.get(article.byline)
            if author:
                services.article_update(article=article, authors=[author])
        for spec in data["articles"]:
            article = _find(spec["title_starts"])
            if article is None:
                continue
            services.article_update(
                article=article, image=images[spec["image"]], image_url="",
                front_position=spec.get("front_position"), is_pick=spec.get("pick", False),
            )
        categories = {c.slug: c for c in Category.objects.all()}
        for spec in data["videos"]:
            article = services.article_create(
                title=spec["title"], lead=spec["lead"], body=spec["body_html"],
                status=Article.Status.PUBLISHED, published_at=now - timedelta(hours=spec["hours_ago"]),
                video_url=spec["video_url"],
                categories=[categories[c] for c in spec["categories"] if c in categories], tags=spec["tags"],
                image=images[spec["image"]], authors=[authors[spec["author"]]],
            )
        spec = data["breaking"]
        services.breaking_save(breaking=Breaking(
            headline=spec["headline"], article=_find(spec["article_starts"]),
            expires_at=now + timedelta(hours=spec["hours"]),
        ))
