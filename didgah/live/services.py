"""Publishing to the open article pages. Called after the write it reports has committed
(the community sends its signals from transaction.on_commit), so a reader never sees a
comment that then rolls back, and the publisher's request is never slowed by a stream:
an event costs one render and one send (broker.publish), whatever the number of readers."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from didgah import persian
from didgah.community import render
from didgah.community.models import Comment
from didgah.community.selectors import COMMENT_FIELDS

from . import broker, events


def _send(*, article_id: int, kind: str, audience: events.Audience, data: dict) -> None:
    broker.publish(events.envelope(article_id=article_id, audience=audience, payload=events.sse(kind, data)))


def comment_publish(*, comment_id: int, change: str) -> None:
    """Tell the comment's article pages what `change` did to it (events.plan decides
    what and to whom). Reads the comment as committed."""
    comment = (Comment.objects.select_related("author__profile").only(*COMMENT_FIELDS)
               .filter(pk=comment_id).first())
    if comment is None:
        return
    html = None
    for kind, audience in events.plan(change=change, status=comment.status, is_deleted=comment.is_deleted,
                                      author_id=comment.author_id):
        data: dict = {"id": comment.pk}
        if kind in (events.COMMENT, events.UPDATE):
            if html is None:
                # The same markup as the cached page's (community.render), for everyone.
                html = str(render.comment_tree_html([comment]))
            data.update(html=html, parent=comment.parent_id)
        _send(article_id=comment.article_id, kind=kind, audience=audience, data=data)


def counts_publish(*, articles: dict[int, tuple[int, int, int, int]],
                   comments: dict[int, tuple[int, int, int, int]]) -> None:
    """The counters a fold changed (community.services.counters_fold): per article
    `(up, down, score, comment_count)`, per comment `(article_id, likes, dislikes,
    score)`; one event per article, its figures written as the page writes them."""
    by_article: dict[int, dict] = defaultdict(dict)
    for article_id, (up, down, score, count) in articles.items():
        by_article[article_id]["article"] = {
            "score": persian.format_score(score),
            "tally": _("%(up)s موافق، %(down)s مخالف") % {"up": persian.format_number(up),
                                                          "down": persian.format_number(down)},
            "comments": persian.format_number(count),
        }
    for comment_id, (article_id, likes, dislikes, score) in comments.items():
        by_article[article_id].setdefault("comments", {})[str(comment_id)] = [
            persian.format_number(likes), persian.format_number(dislikes), persian.format_score(score)]
    for article_id, data in by_article.items():
        _send(article_id=article_id, kind=events.COUNTS, audience=events.EVERYONE, data=data)
