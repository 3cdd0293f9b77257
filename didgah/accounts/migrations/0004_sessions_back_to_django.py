"""Sessions move back to Django's own table (django_session) and the accounts
backend gives way to Django's ModelBackend: copy the rows, and rename the backend
recorded in each signed-in session, so nobody is signed out by the upgrade. Both
stores are called SessionStore, so the data stay signed with the same salt."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations

OLD_BACKEND = "didgah.accounts.backends.ReaderBackend"
NEW_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _renamed(store: SessionStore, data: str) -> str:
    decoded = store.decode(data)
    if decoded.get(BACKEND_SESSION_KEY) != OLD_BACKEND:
        return data
    decoded[BACKEND_SESSION_KEY] = NEW_BACKEND
    return store.encode(decoded)


def copy_back(apps, schema_editor):
    alias = schema_editor.connection.alias
    Session = apps.get_model("sessions", "Session")
    ReaderSession = apps.get_model("accounts", "ReaderSession")
    store = SessionStore()
    batch = []
    for row in ReaderSession.objects.using(alias).iterator(chunk_size=2000):
        batch.append(Session(session_key=row.session_key, session_data=_renamed(store, row.session_data),
                             expire_date=row.expire_date))
        if len(batch) == 2000:
            Session.objects.using(alias).bulk_create(batch, ignore_conflicts=True)
            batch = []
    Session.objects.using(alias).bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_copy_django_sessions"), ("sessions", "0001_initial")]

    operations = [
        migrations.RunPython(copy_back, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReaderSession"),
    ]
