from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "didgah.news"
    label = "news"
