from axes.apps import AppConfig as _AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    # This module holds two configurations; this is the one "didgah.accounts" means.
    default = True
    name = "didgah.accounts"
    label = "accounts"
    verbose_name = _("حساب‌های خوانندگان")

    def ready(self):
        from didgah.common import periodic

        from . import services

        # Mail written by requests (password resets, address confirmations) is sent
        # by the scheduler process, which runs registered jobs.
        periodic.register(name="accounts.outgoing_mail", every_seconds=5, func=services.outgoing_mail_send_due)


class AxesConfig(_AxesAppConfig):
    """django-axes under a Persian name in the admin (its own config has none); named
    in INSTALLED_APPS instead of "axes". Beside accounts, whose sign-in it guards."""

    default = False
    verbose_name = _("قفل ورود پس از تلاش‌های ناموفق")
