from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "didgah.feeds"
    label = "feeds"
