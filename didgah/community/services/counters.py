"""The counters shown beside articles and comments, folded in from the rows.

Vote rows and comments are the truth. A vote writes only the reader's own row, so
readers voting on one story at once never queue on the story's row; the article's
votes, score, comment count and hot score, and each comment's likes, dislikes, score
and Wilson bound, are recounted from the rows by `counters_fold`, which the scheduler
process runs every COUNTER_FOLD_SECONDS (didgah/common/periodic.py). The fold starts
from the mark it saved last time, in the same transaction as the counters, so a fold
process killed at any point loses nothing: the next one recounts from the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from didgah.news.models import Article

from .. import rules, signals
from ..models import ArticleVote, Comment, CommentVote, FoldMark, ThreadVersion
from ..selectors import fresh_thread_version

MARK = "counters"
# A write takes its `updated_at` before it commits; one that commits after a fold began
# may carry a time just before that fold's start. Looking back this far past the mark
# catches it; recounting an article twice changes nothing.
OVERLAP = timedelta(seconds=10)
BATCH = 500
# An article that arrives without a hot score (a feed, an import) gets one from the fold
# only while it could rank: one this many HOT_WINDOWs old needs 10^8 times a new one's
# points to stand beside it. Older ones keep 0, so an archive moved in is not recounted
# a batch every fold (a web process of the production profile spent half its CPU so).
HOT_CATCHUP = timedelta(seconds=8 * rules.HOT_WINDOW_SECONDS)


@dataclass
class FoldResult:
    articles: int = 0
    comments: int = 0


def threads_touch(*, article_ids) -> None:
    """Mark these articles' comment lists changed, so no cached copy of them is served
    again (selectors.thread_page)."""
    ids = sorted({int(i) for i in article_ids})
    if not ids:
        return
    ThreadVersion.objects.bulk_create([ThreadVersion(article_id=i, version=fresh_thread_version()) for i in ids],
                                      ignore_conflicts=True)
    ThreadVersion.objects.filter(article_id__in=ids).update(version=F("version") + 1)


def _recount_articles(ids: list[int], out: dict | None = None) -> int:
    articles = (
        Article.objects.filter(pk__in=ids)
        .annotate(
            n_up=Count("votes", filter=Q(votes__value=1), distinct=True),
            n_down=Count("votes", filter=Q(votes__value=-1), distinct=True),
        )
        .only("id", "published_at", "votes_up", "votes_down", "score", "comment_count", "hot")
    )
    visible = dict(
        Comment.objects.filter(article_id__in=ids, status=Comment.Status.APPROVED, is_deleted=False)
        .values("article_id").annotate(n=Count("id")).values_list("article_id", "n")
    )
    changed = []
    for a in articles:
        comments = visible.get(a.pk, 0)
        hot = rules.hot_score(score=a.n_up - a.n_down, comment_count=comments, published_at=a.published_at)
        new = (a.n_up, a.n_down, a.n_up - a.n_down, comments, hot)
        if new != (a.votes_up, a.votes_down, a.score, a.comment_count, a.hot):
            a.votes_up, a.votes_down, a.score, a.comment_count, a.hot = new
            changed.append(a)
            if out is not None:
                out[a.pk] = new[:4]
    Article.objects.bulk_update(changed, ["votes_up", "votes_down", "score", "comment_count", "hot"])
    return len(changed)


def _recount_comments(ids: list[int], out: dict | None = None) -> set[int]:
    """Recount these comments' votes; the ids of the articles whose lists changed.
    `out` gets each changed comment's (article_id, likes, dislikes, score)."""
    tallies = {pk: [0, 0] for pk in ids}
    for comment_id, value, n in (CommentVote.objects.filter(comment_id__in=ids, value__in=[1, -1])
                                 .values("comment_id", "value").annotate(n=Count("id"))
                                 .values_list("comment_id", "value", "n")):
        tallies[comment_id][0 if value == 1 else 1] = n
    changed = []
    for c in Comment.objects.filter(pk__in=ids).only("id", "article_id", "likes", "dislikes", "score", "wilson"):
        likes, dislikes = tallies[c.pk]
        new = (likes, dislikes, likes - dislikes, rules.wilson_lower_bound(likes, dislikes))
        if new != (c.likes, c.dislikes, c.score, c.wilson):
            c.likes, c.dislikes, c.score, c.wilson = new
            changed.append(c)
            if out is not None:
                out[c.pk] = (c.article_id, *new[:3])
    Comment.objects.bulk_update(changed, ["likes", "dislikes", "score", "wilson"])
    return {c.article_id for c in changed}


def counters_fold(*, everything: bool = False) -> FoldResult:
    """Recount the counters of every article and comment whose rows changed since the
    last fold (all of them with `everything`). Safe to run at any time, and again."""
    result = FoldResult()
    with transaction.atomic():
        now = timezone.now()
        mark = FoldMark.objects.select_for_update().filter(name=MARK).first()
        since = None if everything or mark is None else mark.folded_until - OVERLAP
        votes = ArticleVote.objects.all()
        comments = Comment.objects.all()
        comment_votes = CommentVote.objects.all()
        if since is not None:
            votes = votes.filter(updated_at__gte=since)
            comments = comments.filter(updated_at__gte=since)
            comment_votes = comment_votes.filter(updated_at__gte=since)
        article_ids = set(votes.values_list("article_id", flat=True).distinct())
        comment_article_ids = set(comments.values_list("article_id", flat=True).distinct())
        article_ids |= comment_article_ids
        if everything:
            article_ids |= set(Article.objects.values_list("pk", flat=True))
        # Newly published articles have no hot score yet (news' writers leave it to us).
        article_ids |= set(Article.objects.published(now).filter(hot=0, published_at__gte=now - HOT_CATCHUP)
                           .values_list("pk", flat=True)[:BATCH])
        comment_ids = sorted(set(comment_votes.values_list("comment_id", flat=True).distinct()))
        touched = set(comment_article_ids)
        ordered = sorted(article_ids)
        # What changed, for the open pages (signals.counters_folded, after commit).
        changed_articles: dict = {}
        changed_comments: dict = {}
        for start in range(0, len(ordered), BATCH):
            result.articles += _recount_articles(ordered[start:start + BATCH], changed_articles)
        for start in range(0, len(comment_ids), BATCH):
            touched |= _recount_comments(comment_ids[start:start + BATCH], changed_comments)
            result.comments += len(comment_ids[start:start + BATCH])
        threads_touch(article_ids=touched)
        FoldMark.objects.update_or_create(name=MARK, defaults={"folded_until": now})
        if changed_articles or changed_comments:
            signals.send_on_commit(signals.counters_folded, articles=changed_articles, comments=changed_comments)
    return result


def counters_recount(*, article_ids=(), comment_ids=()) -> None:
    """Recount these articles and comments now, for changes whose rows are gone
    (an account or a comment deleted), which the fold cannot see."""
    comment_ids = sorted({int(i) for i in comment_ids})
    article_ids = sorted({int(i) for i in article_ids})
    with transaction.atomic():
        touched = set(article_ids)
        for start in range(0, len(comment_ids), BATCH):
            touched |= _recount_comments(comment_ids[start:start + BATCH])
        for start in range(0, len(article_ids), BATCH):
            _recount_articles(article_ids[start:start + BATCH])
        threads_touch(article_ids=touched)
