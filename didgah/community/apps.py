from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "didgah.community"
    label = "community"

    def ready(self):
        from didgah.common import periodic

        from . import conf, services, viewcount

        periodic.register(name="community.counters_fold", every_seconds=conf.fold_seconds(),
                          func=services.counters_fold)
        periodic.register(name="community.views_flush", every_seconds=conf.view_flush_seconds(),
                          func=viewcount.views_flush)
