from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _roles_after_migrate(sender, using="default", **kwargs):
    # The roles' groups need the permissions Django creates only after migrating
    # (news/roles.py says why this is not a data migration).
    from . import services

    services.roles_sync(using=using)


class NewsConfig(AppConfig):
    name = "didgah.news"
    label = "news"
    verbose_name = _("خبرها")

    def ready(self):
        post_migrate.connect(_roles_after_migrate, sender=self, dispatch_uid="news.roles_sync")
