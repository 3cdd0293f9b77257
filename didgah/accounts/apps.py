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
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        from didgah.common import periodic

        from . import services

        post_save.connect(services.account_row_changed, sender=settings.AUTH_USER_MODEL,
                          dispatch_uid="accounts.account_saved")
        post_delete.connect(services.account_row_changed, sender=settings.AUTH_USER_MODEL,
                            dispatch_uid="accounts.account_deleted")

        # Mail written by requests (password resets, address confirmations) is sent
        # by the scheduler process, which runs registered jobs.
        periodic.register(name="accounts.outgoing_mail", every_seconds=5, func=services.outgoing_mail_send_due)


class AxesConfig(_AxesAppConfig):
    """django-axes under a Persian name in the admin (its own config has none); named
    in INSTALLED_APPS instead of "axes". Beside accounts, whose sign-in it guards."""

    default = False
    verbose_name = _("قفل ورود پس از تلاش‌های ناموفق")

    def ready(self):
        super().ready()
        from axes import models as axes_models

        # Axes names its records in English («Access Log for … @ 2026-12-03 …»), which
        # the admin shows in its lists; here they read in Persian, dates Solar Hijri.
        axes_models.AccessAttempt.__str__ = _attempt_str
        axes_models.AccessLog.__str__ = _log_str
        axes_models.AccessFailureLog.__str__ = _failure_str


def _when(moment) -> str:
    from didgah.persian import format_jalali

    return format_jalali(moment) if moment else ""


def _attempt_str(attempt) -> str:
    return f"تلاش ورود {attempt.username or ''} در {_when(attempt.attempt_time)}"


def _log_str(log) -> str:
    return f"ورود {log.username or ''} در {_when(log.attempt_time)}"


def _failure_str(failure) -> str:
    return f"ورود ناموفق {failure.username or ''} در {_when(failure.attempt_time)}"
