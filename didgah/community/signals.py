"""What the community tells the apps built on it.

The notifications app (didgah/notifications/) sits above the community: it tells
readers about replies, mentions and moderators' decisions, so the community imports
nothing of it and says what happened through these signals instead. Each is sent
inside the transaction of the write that sends it, so what a receiver writes commits
or rolls back with the comment.
"""

from django.db import transaction
from django.dispatch import Signal

# comment=: a comment became visible to everyone for the first time it could be (posted
# approved, or approved by a moderator) (services.comment_create, comment_moderate).
comment_published = Signal()
# comment=, actor=, approved=: a moderator approved or rejected a comment
# (services.comment_moderate).
comment_moderated = Signal()
# comment=, reason=: a comment was taken to the moderators' queue by a rule (a suspect
# word, several reports), not by anyone's hand.
comment_held = Signal()
# user=, article=, acted=: the personal part of a page (views.personal) is being built;
# each receiver returns a dict merged into its JSON (never into a cached page). Sent
# with article=None for what every page shows the reader, and with an article for what
# that article's page shows them; acted=False when neither the community nor any
# receiver of personal_articles lists that article for the reader: the receiver then
# answers without reading anything (the reader has nothing of theirs there).
personal_state = Signal()
# user=: the articles on which a receiver shows the reader something of their own (the
# threads they follow); each receiver returns an iterable of article ids.
personal_articles = Signal()

# Sent after commit (send_on_commit), for what must never see a write that rolls back,
# such as the live threads (didgah/live/) telling open pages:
# comment_id=, article_id=, change= ("posted", "edited", "deleted", "approved",
# "rejected", "held"): a comment's text or visibility changed (services.comment_*).
comment_changed = Signal()
# articles= {id: (up, down, score, comment_count)}, comments= {id: (article_id, likes,
# dislikes, score)}: the counters a fold changed (services.counters_fold).
counters_folded = Signal()


def send_on_commit(signal: Signal, **kwargs) -> None:
    """Send `signal` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: signal.send(sender=None, **kwargs))
