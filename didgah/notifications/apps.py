"""Notifications: a reader learns that someone answered them, named them, wrote in a
thread they follow, or that a moderator acted on their comment; in the site (a count
in the header, a list page) and, if they chose, by e-mail, at once or in a daily digest.

Why an app of its own rather than a part of the community: it sits above both the
community (whose events it reports) and accounts (whose readers, profile page and mail
queue it uses), and neither needs to know it exists. The community says what happened
through its signals (didgah/community/signals.py), accounts asks for its profile
section through its own (didgah/accounts/signals.py); the receivers here only call
this app's services and selectors. Removing the app from INSTALLED_APPS leaves the
site working, without notifications. Its mail goes through accounts' queue
(OutgoingMail), sent by accounts' periodic sender; the daily digest is a periodic job
registered here."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "didgah.notifications"
    label = "notifications"
    verbose_name = _("آگاه‌سازی‌ها")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from didgah.accounts import signals as accounts_signals
        from didgah.common import periodic
        from didgah.community import signals as community_signals

        from . import conf, receivers, services

        community_signals.comment_published.connect(receivers.comment_published,
                                                    dispatch_uid="notifications.comment_published")
        community_signals.comment_moderated.connect(receivers.comment_moderated,
                                                    dispatch_uid="notifications.comment_moderated")
        community_signals.comment_held.connect(receivers.comment_held, dispatch_uid="notifications.comment_held")
        community_signals.personal_state.connect(receivers.personal_state,
                                                 dispatch_uid="notifications.personal_state")
        community_signals.personal_articles.connect(receivers.personal_articles,
                                                    dispatch_uid="notifications.personal_articles")
        accounts_signals.profile_sections.connect(receivers.profile_sections,
                                                  dispatch_uid="notifications.profile_sections")
        accounts_signals.reader_data.connect(receivers.reader_data, dispatch_uid="notifications.reader_data")

        periodic.register(name="notifications.digest", every_seconds=conf.digest_check_seconds(),
                          func=services.digest_send_due)
