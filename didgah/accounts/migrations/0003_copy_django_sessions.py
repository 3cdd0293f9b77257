"""Sessions move from Django's table (django_session) to accounts_readersession: copy
them, so nobody is signed out by the upgrade. The copies have no reader id in their
column; the auth backend then reads the reader with a query of its own, until the
session is next saved. Their data are signed with the same salt (both stores are
named SessionStore), so they read as before."""

from django.db import migrations


def copy(apps, schema_editor):
    Session = apps.get_model("sessions", "Session")
    ReaderSession = apps.get_model("accounts", "ReaderSession")
    batch = []
    for row in Session.objects.using(schema_editor.connection.alias).iterator(chunk_size=2000):
        batch.append(ReaderSession(session_key=row.session_key, session_data=row.session_data,
                                   expire_date=row.expire_date))
        if len(batch) == 2000:
            ReaderSession.objects.using(schema_editor.connection.alias).bulk_create(batch, ignore_conflicts=True)
            batch = []
    ReaderSession.objects.using(schema_editor.connection.alias).bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_reader_session"), ("sessions", "0001_initial")]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
