from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "didgah.accounts"
    label = "accounts"
