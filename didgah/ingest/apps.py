from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "didgah.ingest"
    label = "ingest"
    verbose_name = _("دریافت خوراک منابع")

    def ready(self):
        from didgah.news import signals as news_signals

        from . import dashboard

        news_signals.dashboard_panels.connect(dashboard.dashboard_panels, dispatch_uid="ingest.dashboard")
