from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "didgah.search"
    label = "search"
