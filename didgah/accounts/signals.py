"""What accounts tells the apps built on it.

Accounts sits below the community: comments, votes and a reader's standing are the
community's, built on accounts' readers, so accounts imports nothing of it. What an
account change means for the reader's comments and votes is done by the community's
receivers, connected in CommunityConfig.ready() (didgah/community/receivers.py); the
admin actions on readers (suspend, ban, reinstate) are the community's too, added to
the Profile admin from didgah/community/admin.py.

Each signal is sent inside the transaction of the write that sends it, so what the
receivers write commits or rolls back with it.
"""

from django.dispatch import Signal

# user=, profile=: the reader's display name or place changed (services.profile_update).
profile_changed = Signal()
# user=: the account is about to be deleted, still in the database
# (services.account_delete); receivers withdraw what must not outlive it.
reader_deleting = Signal()
# user=: the reader asked for everything held about them (selectors.account_data).
# Each receiver returns a dict of what its app holds, merged into the download.
reader_data = Signal()
# request=: the reader's profile page is being built (views.profile). Each receiver
# returns a section of it, (order, html): the notification settings, the reader's own
# comments. Shown after the profile's own form, lowest order first.
profile_sections = Signal()
# user=: the reader proved their e-mail address (services.email_verify; sent on every
# valid confirmation, the first or a repeat). The community gives them the comments
# imported from another site under that address.
email_verified = Signal()
