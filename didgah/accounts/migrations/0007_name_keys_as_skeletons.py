"""Names are now compared on their confusables skeleton (names.name_key): recompute
the stored keys. Two names that now read the same keep their accounts; the later
one's key gets its id appended (as for accounts made outside the register form), so
it stays unique and neither can be taken again by a third look-alike."""

from django.db import migrations

from didgah.accounts.names import name_key


def recompute(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    profiles = Profile.objects.using(schema_editor.connection.alias)
    taken = {"display_key": set(), "username_key": set()}
    changed = []
    for profile in profiles.select_related("user").order_by("pk").iterator(chunk_size=2000):
        new = {}
        for field, name in (("display_key", profile.display_name), ("username_key", profile.user.username)):
            key = name_key(name)
            if key in taken[field] or not key:
                key = f"{key}#{profile.pk}"
            taken[field].add(key)
            new[field] = key
        if (profile.display_key, profile.username_key) != (new["display_key"], new["username_key"]):
            changed.append((profile.pk, new))
    # Two passes, so that no row's new key meets another row's old one half-way.
    for pk, _new in changed:
        profiles.filter(pk=pk).update(display_key=f"#old{pk}", username_key=f"#old{pk}")
    for pk, new in changed:
        profiles.filter(pk=pk).update(**new)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_country_list_and_outgoing_mail")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
