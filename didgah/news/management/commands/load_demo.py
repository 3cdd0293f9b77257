"""Load the demo sources, categories and articles (written for this project) once."""

import json
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from didgah.common.progress import Progress
from didgah.news import services
from didgah.news.models import Article, Category, Source

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content.json"


class Command(BaseCommand):
    help = "Loads the demo content the first time (does nothing when articles exist)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="load even if articles exist")

    def handle(self, *args, force=False, **options):
        if Article.objects.exists() and not force:
            self.stdout.write("demo content already present; nothing to do")
            self._roles()
            self._community()
            self._demo_feeds()
            return
        data = json.loads(CONTENT.read_text(encoding="utf-8"))
        with transaction.atomic():
            self._load(data)
        self._editor()
        self._roles()
        call_command("load_demo_newsroom", stdout=self.stdout, stderr=self.stderr)
        self._community()
        self._demo_feeds()

    # The apps built on news add their part of the demo through their own commands,
    # called by name, so news imports none of them.

    def _demo_feeds(self):
        """The aggregator at work, offline: the ingest app's demo feeds through the whole
        pipeline. Rerun-safe, so it runs every time and imports nothing twice."""
        call_command("load_demo_feeds", stdout=self.stdout, stderr=self.stderr)

    def _community(self):
        """Readers, comments and votes (the community app's demo), once."""
        call_command("load_demo_community", stdout=self.stdout, stderr=self.stderr)

    def _load(self, data):
        now = timezone.now()
        sources = {}
        for s in data["sources"]:
            sources[s["slug"]] = Source.objects.filter(slug=s["slug"]).first() or services.source_create(
                # No feed URL: these outlets are fictional (their articles come from
                # content.json), and the scheduler `make run` starts would poll it in vain.
                name=s["name"], slug=s["slug"], site_url=s["site_url"],
                description=s.get("description", ""),
            )
        categories = {}
        for position, c in enumerate(data["categories"]):
            categories[c["slug"]], _ = Category.objects.get_or_create(
                slug=c["slug"], defaults={"name": c["name"], "position": position}
            )
        articles = data["articles"]
        with Progress(self.stdout, "articles", len(articles)) as bar:
            for n, a in enumerate(articles, start=1):
                services.article_create(
                    title=a["title"],
                    lead=a.get("lead", ""),
                    body=a["body_html"],
                    status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(hours=a.get("hours_ago", n), minutes=7 * n),
                    source=sources.get(a.get("source") or ""),
                    original_url=a.get("original_url"),
                    byline=a.get("byline", ""),
                    image_url=f"{settings.STATIC_URL}demo/{a['image']}" if a.get("image") else "",
                    image_caption=a.get("image_caption", ""),
                    categories=[categories[c] for c in a.get("categories", []) if c in categories],
                    tags=a.get("tags", []),
                )
                bar.advance()

    def _roles(self):
        """One account of each newsroom role and a writer's draft waiting for review."""
        call_command("load_demo_roles", stdout=self.stdout, stderr=self.stderr)

    def _editor(self):
        """A staff account so a newcomer can open the editors' admin at once."""
        User = get_user_model()
        if User.objects.filter(username="editor").exists():
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("editor", "editor@didgah.example", password)
        path = settings.DATA_DIR / "demo-editor-password.txt"
        path.write_text(password + "\n")
        path.chmod(0o600)
        self.stdout.write(f"editor account: editor / {password} (also in {path})")
