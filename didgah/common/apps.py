from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "didgah.common"
    label = "common"
