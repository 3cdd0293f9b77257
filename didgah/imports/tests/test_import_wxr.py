"""import_wxr on WordPress's own Theme Unit Test export: what comes in, what is left out,
and that a second run adds nothing."""

import re
import xml.etree.ElementTree as ET
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from didgah.community.models import Comment
from didgah.imports import services
from didgah.imports.models import ImportedItem
from didgah.news.models import Article, Category
from didgah.redirects.models import Redirect

from .wxrdocs import CORPUS_WXR

pytestmark = pytest.mark.django_db

WP = "{https://wordpress.org/export/1.2/}"


def _corpus_facts():
    """Counted from the file with the standard library, independently of the importer."""
    root = ET.parse(CORPUS_WXR).getroot()
    published, permalinks, approved = [], set(), 0
    for it in root.iter("item"):
        if it.findtext(f"{WP}post_type") == "post" and it.findtext(f"{WP}status") == "publish":
            published.append(it)
            permalinks.add(urlsplit(it.findtext("link")).path)
            for c in it.iter(f"{WP}comment"):
                if c.findtext(f"{WP}comment_approved") == "1" and c.findtext(f"{WP}comment_type") in ("", "comment", None):
                    approved += 1
    return published, permalinks, approved


@pytest.fixture
def imported(db):
    report = services.wxr_import(path=CORPUS_WXR, images=False)
    return report


def test_corpus_posts_comments_and_skips(imported):
    published, permalinks, approved = _corpus_facts()
    report = imported
    visible = Article.objects.exclude(status=Article.Status.DRAFT)
    # The 56 published posts: one of them is password-protected (comes in as a draft),
    # and the scheduled one of 2030 comes in scheduled.
    assert len(published) == 56
    assert report.imported["published"] == 55 and report.imported["scheduled"] == 1
    assert visible.count() == 56
    assert Article.objects.filter(status=Article.Status.SCHEDULED).count() == 1
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 2  # the draft, the protected one
    assert report.imported["password_draft"] == 1
    assert report.skipped_count("page") == 21
    assert report.skipped_count("attachment") == 37
    assert report.skipped_count("item") == 70  # menu items
    assert report.skipped["comment"]["pingback"] == 4
    assert Comment.objects.count() == approved == 23
    assert Comment.objects.filter(parent__isnull=False).count() == 9
    assert Comment.objects.filter(status=Comment.Status.APPROVED, author__isnull=True).exclude(guest_name="").count() == 23
    assert ImportedItem.objects.filter(kind="post").count() == 58
    # Every permalink of a published post is in the redirect table.
    assert Redirect.objects.filter(kind=Redirect.Kind.ARTICLE, old_path__in=[p.rstrip("/") for p in permalinks]).count() == 56
    assert Category.objects.exclude(slug="uncategorized").filter(articles__isnull=False).distinct().count() >= 60
    assert not Category.objects.filter(name__iexact="uncategorized").exists()
    # Counters were folded at the end.
    commented = Article.objects.get(title="Template: Comments")
    assert commented.comment_count == Comment.objects.filter(article=commented).count() > 10


def test_corpus_bodies_pass_the_allow_list(imported):
    for article in Article.objects.all():
        body = article.body.lower()
        assert "<script" not in body and "onload=" not in body and "javascript:" not in body
        assert "[caption" not in body and "[gallery" not in body and "[embed" not in body
        for frame in re.findall(r"<iframe[^>]*>", body):
            assert "youtube-nocookie.com/embed/" in frame or "aparat.com" in frame
            assert 'sandbox="allow-scripts allow-same-origin allow-presentation"' in frame
    caption = Article.objects.get(title="Markup: Image Alignment")
    assert "<figcaption>" in caption.body and "<figure>" in caption.body


def test_corpus_dates_bylines_and_untitled_post(imported, client):
    article = Article.objects.get(title="WP 6.1 Font size scale")
    assert article.published_at.isoformat() == "2023-01-16T07:08:31+00:00"
    assert article.byline == "Theme Reviewer"
    # The post without a title gets its opening words, and its page (and old address) answer.
    untitled = ImportedItem.objects.get(kind="post", original_id="1169").article
    assert imported.imported["untitled"] == 1
    assert untitled.title.startswith("This post has no title") and untitled.title.endswith("…")
    assert untitled.slug.startswith("this-post-has-no-title")
    assert client.get(untitled.get_absolute_url()).status_code == 200
    assert client.get("/2009/09/05/edge-case-no-title/")["Location"] == untitled.get_absolute_url()


def test_second_run_adds_nothing_and_says_so(imported):
    counts = (Article.objects.count(), Comment.objects.count(), Redirect.objects.count(), Category.objects.count())
    again = services.wxr_import(path=CORPUS_WXR, images=False)
    assert again.nothing_new
    assert again.skipped["post"]["already_imported"] == 58
    assert (Article.objects.count(), Comment.objects.count(), Redirect.objects.count(),
            Category.objects.count()) == counts
    assert "پیش‌تر آمده" in again.render()


def test_command_reports_and_dry_run_writes_nothing():
    out, err = StringIO(), StringIO()
    call_command("import_wxr", CORPUS_WXR, "--dry-run", "--no-images", "--progress-every", "10",
                 stdout=out, stderr=err)
    assert Article.objects.count() == 0 and Comment.objects.count() == 0 and Redirect.objects.count() == 0
    assert "گزارش آزمایشی" in out.getvalue() and "برگه" in out.getvalue()
    assert "٪" in err.getvalue()  # progress lines on stderr
    out = StringIO()
    call_command("import_wxr", CORPUS_WXR, "--no-images", "--quiet", stdout=out, stderr=StringIO())
    assert "نوشته‌های منتشرشده: ۵۵" in out.getvalue()
    assert "دیدگاه‌ها: ۲۳" in out.getvalue()
