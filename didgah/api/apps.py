from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "didgah.api"
    label = "api"
