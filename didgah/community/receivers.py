"""The community's part in account changes: accounts sends its signals
(didgah/accounts/signals.py) and imports nothing of the community, which sits above
it. Connected in CommunityConfig.ready()."""

from . import selectors, services


def profile_changed(sender, *, user, **kwargs) -> None:
    # The name and place are shown on each of the reader's comments.
    services.author_threads_touch(user_id=user.pk)


def reader_deleting(sender, *, user, **kwargs) -> None:
    services.reader_forget(user=user)


def reader_data(sender, *, user, **kwargs) -> dict:
    return selectors.reader_activity(user=user)


def email_verified(sender, *, user, **kwargs) -> None:
    # Comments imported from the old site under this address become the reader's.
    services.comments_claim(user=user)
