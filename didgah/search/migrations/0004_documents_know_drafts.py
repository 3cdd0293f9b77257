"""A document's published_at is now Article.listed_from(): NULL for a draft, so that
PostgreSQL tells what readers may see from the document alone. Existing drafts'
documents lose the time they carried; the next save of the article writes it again."""

from django.db import migrations


def forget_drafts_times(apps, schema_editor):
    from didgah.news.models import Article

    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchDocument.objects.exclude(article__status__in=Article.LISTED_STATUSES).update(published_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_tsvector_from_python"),
    ]

    operations = [migrations.RunPython(forget_drafts_times, migrations.RunPython.noop)]
