from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "didgah.accounts"
    label = "accounts"

    def ready(self):
        from didgah.common import periodic

        from . import services

        # Mail written by requests (password resets, address confirmations) is sent
        # by the scheduler process, which runs registered jobs.
        periodic.register(name="accounts.outgoing_mail", every_seconds=5, func=services.outgoing_mail_send_due)
