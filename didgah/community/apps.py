from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "didgah.community"
    label = "community"
    verbose_name = _("جامعهٔ خوانندگان")

    def ready(self):
        from didgah.accounts import signals as accounts_signals
        from didgah.common import periodic
        from didgah.news import signals as news_signals

        from . import conf, dashboard, receivers, services, viewcount

        accounts_signals.profile_changed.connect(receivers.profile_changed, dispatch_uid="community.profile_changed")
        accounts_signals.reader_deleting.connect(receivers.reader_deleting, dispatch_uid="community.reader_deleting")
        accounts_signals.reader_data.connect(receivers.reader_data, dispatch_uid="community.reader_data")
        accounts_signals.email_verified.connect(receivers.email_verified, dispatch_uid="community.email_verified")
        news_signals.dashboard_panels.connect(dashboard.dashboard_panels, dispatch_uid="community.dashboard")

        periodic.register(name="community.counters_fold", every_seconds=conf.fold_seconds(),
                          func=services.counters_fold)
        periodic.register(name="community.views_flush", every_seconds=conf.view_flush_seconds(),
                          func=viewcount.views_flush)
