"""The community's signals (sent after commit), each handed to one service."""

from . import services


def comment_changed(sender, *, comment_id, article_id, change, **kwargs) -> None:
    services.comment_publish(comment_id=comment_id, change=change)


def counters_folded(sender, *, articles, comments, **kwargs) -> None:
    services.counts_publish(articles=articles, comments=comments)
