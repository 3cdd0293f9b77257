"""PostgreSQL: the tsvector comes from the Python analysis (services.tsvector_text)
instead of a generated column over the text columns, kept in its row (lz4), and the
documents carry their article's publication time (walked newest first). Every document
is rebuilt: join keys changed (analysis.join_key) and «نمی» now stays on the verb."""

import django.contrib.postgres.search
from django.db import migrations, models


def drop_generated(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_doc_tsv")
            cursor.execute("ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv")


def rebuild(apps, schema_editor):
    from didgah.search import schema
    from didgah.search.services import document_fields

    connection = schema_editor.connection
    schema.create_index(connection)
    Article = apps.get_model("news", "Article")
    SearchDocument = apps.get_model("search", "SearchDocument")
    fields = ["title_terms", "title_joins", "body_terms", "body_joins", "title_key", "published_at"]
    if connection.vendor == "postgresql":
        fields.append("tsv")
    batch = []
    for a in Article.objects.select_related("source").iterator(chunk_size=500):
        values = document_fields(title=a.title, lead=a.lead, body_html=a.body,
                                 source_name=a.source.name if a.source_id else "", vendor=connection.vendor)
        batch.append(SearchDocument(article_id=a.pk, published_at=a.published_at, **values))
        if len(batch) >= 500:
            _write(SearchDocument, batch, fields)
            batch = []
    if batch:
        _write(SearchDocument, batch, fields)


def _write(SearchDocument, batch, fields):
    SearchDocument.objects.bulk_create(batch, update_conflicts=True, unique_fields=["article"], update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_index"), ("news", "0001_initial")]

    operations = [
        migrations.RunPython(drop_generated, migrations.RunPython.noop),
        migrations.AddField(
            model_name="searchdocument", name="tsv",
            field=django.contrib.postgres.search.SearchVectorField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="searchdocument", name="published_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["-published_at", "-article"], name="search_doc_pub"),
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
