"""One road per request: the PostgreSQL functions of migrations 0003-0006 go (every rule
is in Python now), withdrawn votes keep their row with value 0, and vote rows and
comments carry `updated_at` for the counter fold (services.counters_fold). Going back
re-creates the functions from their migrations."""

from importlib import import_module

import django.utils.timezone
from django.db import migrations, models

def drop_functions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        # Every overload of our functions, whatever its argument list: a freshly migrated
        # database has no function of ours.
        cur.execute("SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                    "WHERE n.nspname = current_schema() AND p.proname LIKE 'didgah\\_%%'")
        for (signature,) in cur.fetchall():
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {signature}")


def recreate_functions(apps, schema_editor):
    for name in ("0003_article_vote_function", "0004_comment_insert_function", "0006_article_votes_batch_function"):
        module = import_module(f"didgah.community.migrations.{name}")
        create = getattr(module, "create", None)
        if create is not None:
            create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("community", "0007_drop_article_vote_checked")]

    operations = [
        migrations.RunPython(drop_functions, recreate_functions),
        migrations.RemoveConstraint(model_name="articlevote", name="article_vote_is_up_or_down"),
        migrations.RemoveConstraint(model_name="commentvote", name="comment_vote_is_like_or_dislike"),
        migrations.AddConstraint(
            model_name="articlevote",
            constraint=models.CheckConstraint(condition=models.Q(value__in=[1, 0, -1]),
                                              name="article_vote_is_up_down_or_none"),
        ),
        migrations.AddConstraint(
            model_name="commentvote",
            constraint=models.CheckConstraint(condition=models.Q(value__in=[1, 0, -1]),
                                              name="comment_vote_is_like_dislike_or_none"),
        ),
        migrations.AddField(model_name="articlevote", name="updated_at",
                            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
        migrations.AddField(model_name="commentvote", name="updated_at",
                            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
        migrations.AddField(model_name="comment", name="updated_at",
                            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now,
                                                       editable=False, verbose_name="آخرین تغییر")),
        migrations.AddIndex(model_name="articlevote",
                            index=models.Index(fields=["article", "value"], name="article_vote_tally")),
        migrations.AddIndex(model_name="commentvote",
                            index=models.Index(fields=["comment", "value"], name="comment_vote_tally")),
        migrations.CreateModel(
            name="FoldMark",
            fields=[
                ("name", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("folded_until", models.DateTimeField()),
            ],
            options={"verbose_name": "نشانهٔ شمارش", "verbose_name_plural": "نشانه‌های شمارش"},
        ),
    ]
