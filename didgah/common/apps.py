from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "didgah.common"
    label = "common"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
