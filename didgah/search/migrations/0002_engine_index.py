"""The engine-specific full-text index over SearchDocument (see didgah.search.schema):
FTS5 + triggers on SQLite; tsvector + GIN and pg_trgm on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    from didgah.search import schema

    # PostgreSQL's index needs the tsv column, which 0003 adds (a generated column
    # here once; 0003 drops it where this ran before): it is built there.
    if schema_editor.connection.vendor != "postgresql":
        schema.create_index(schema_editor.connection)
    _index_existing(apps)


def _index_existing(apps):
    """Articles written before search existed get their documents now (through the
    triggers, so the engine index follows)."""
    from didgah.search.services import document_fields

    Article = apps.get_model("news", "Article")
    SearchDocument = apps.get_model("search", "SearchDocument")
    batch = []
    for a in Article.objects.select_related("source").iterator(chunk_size=500):
        fields = document_fields(
            title=a.title, lead=a.lead, body_html=a.body,
            source_name=a.source.name if a.source_id else "",
        )
        batch.append(SearchDocument(article_id=a.pk, **fields))
        if len(batch) >= 500:
            SearchDocument.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        SearchDocument.objects.bulk_create(batch, ignore_conflicts=True)


def drop(apps, schema_editor):
    from didgah.search import schema

    schema.drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
