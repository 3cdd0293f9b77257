"""PostgreSQL only: drop didgah_article_vote_checked() (migration 0005). The quick vote
now calls didgah_article_votes_checked() (0006) even for a single vote, and nothing
calls the one-vote function any more; going back re-creates it from 0005."""

from importlib import import_module

from django.db import migrations


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS didgah_article_vote_checked(bigint, bigint, integer, boolean, "
                              "timestamptz, boolean, timestamptz, double precision)")


def recreate(apps, schema_editor):
    import_module("didgah.community.migrations.0005_article_vote_checked_function").create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("community", "0006_article_votes_batch_function")]

    operations = [migrations.RunPython(drop, recreate)]
