from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "didgah.community"
    label = "community"
