"""One account per e-mail address, whatever its case, enforced by the database: two
registrations at once both pass the form's check, and only this stops the second.
The user model is Django's, so the constraint is added to its table from here.
Accounts without an address (editors made by createsuperuser) are left out.
Addresses already shared by two accounts must be sorted out by hand first (the
migration names them and stops)."""

from django.conf import settings
from django.db import migrations
from django.db.models import Count, Q, UniqueConstraint
from django.db.models.functions import Lower

USER_EMAIL_UNIQUE = UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique", condition=~Q(email=""))


def _user_model(apps):
    return apps.get_model(*settings.AUTH_USER_MODEL.split("."))


def add(apps, schema_editor):
    User = _user_model(apps)
    shared = list(
        User.objects.using(schema_editor.connection.alias).exclude(email="")
        .values(address=Lower("email")).annotate(n=Count("id")).filter(n__gt=1).values_list("address", flat=True)
    )
    if shared:
        raise RuntimeError(
            "These e-mail addresses belong to more than one account; give each account its own "
            f"address (or delete the extra accounts) and migrate again: {', '.join(shared)}"
        )
    schema_editor.add_constraint(User, USER_EMAIL_UNIQUE)


def remove(apps, schema_editor):
    schema_editor.remove_constraint(_user_model(apps), USER_EMAIL_UNIQUE)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_sessions_back_to_django"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # After auth's own migrations of the table: on SQLite an altered field rebuilds
        # the table from the model's state, which does not know this index.
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(add, remove)]
