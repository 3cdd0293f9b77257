from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "didgah.common"
    label = "common"
    verbose_name = _("پایه")

    def ready(self):
        from . import admin_jalali

        # Every date in the admin in Solar Hijri, its numbers in Persian digits.
        admin_jalali.install()
