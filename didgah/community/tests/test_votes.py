"""Article and comment votes: one per reader per item, counters equal to vote rows."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from didgah.accounts.models import Profile
from didgah.community import services
from didgah.community.errors import CommunityError
from didgah.community.models import ArticleVote, Comment, CommentVote
from didgah.news.models import Article
from didgah.common.testing import run_threads
from didgah.news.tests.factories import make_article

from .factories import make_comment, make_reader

HTMX = {"HTTP_HX_REQUEST": "true"}


def _counters_match(article: Article) -> None:
    article.refresh_from_db()
    ups = ArticleVote.objects.filter(article=article, value=1).count()
    downs = ArticleVote.objects.filter(article=article, value=-1).count()
    assert (article.votes_up, article.votes_down, article.score) == (ups, downs, ups - downs)


@pytest.mark.django_db
def test_article_vote_cast_change_toggle_withdraw():
    article = make_article()
    reader = make_reader()
    assert services.article_vote(article=article, user=reader, value=1) == 1
    _counters_match(article)
    assert article.score == 1
    assert services.article_vote(article=article, user=reader, value=-1) == -1  # change
    _counters_match(article)
    assert (article.votes_up, article.votes_down, article.score) == (0, 1, -1)
    assert services.article_vote(article=article, user=reader, value=-1) == 0  # same again: withdraw
    _counters_match(article)
    assert article.score == 0
    services.article_vote(article=article, user=reader, value=1)
    assert services.article_vote(article=article, user=reader, value=0) == 0  # explicit withdraw
    _counters_match(article)
    with pytest.raises(CommunityError):
        services.article_vote(article=article, user=reader, value=5)


@pytest.mark.django_db
def test_unique_constraint_is_in_the_database():
    article = make_article()
    reader = make_reader()
    ArticleVote.objects.create(article=article, user=reader, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleVote.objects.create(article=article, user=reader, value=-1)
    comment = make_comment(article=article)
    CommentVote.objects.create(comment=comment, user=reader, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentVote.objects.create(comment=comment, user=reader, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleVote.objects.create(article=make_article(), user=reader, value=7)


@pytest.mark.django_db
def test_comment_votes_and_no_vote_on_own_comment():
    article = make_article()
    author, a, b = make_reader(), make_reader(), make_reader()
    comment = make_comment(article=article, author=author)
    with pytest.raises(CommunityError, match="خودتان"):
        services.comment_vote(comment=comment, user=author, value=1)
    services.comment_vote(comment=comment, user=a, value=1)
    services.comment_vote(comment=comment, user=b, value=-1)
    comment.refresh_from_db()
    assert (comment.likes, comment.dislikes, comment.score) == (1, 1, 0) and comment.wilson > 0
    services.comment_vote(comment=comment, user=b, value=1)
    comment.refresh_from_db()
    assert (comment.likes, comment.dislikes, comment.score) == (2, 0, 2)
    assert CommentVote.objects.filter(comment=comment).count() == 2


@pytest.mark.django_db
def test_votes_through_http_without_and_with_js(client):
    article = make_article()
    reader = make_reader()
    comment = make_comment(article=article)
    assert client.post(f"/community/article/{article.pk}/vote/", {"value": "1"})["Location"].startswith(
        "/accounts/login/")
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="article-vote-up"' in html and 'id="article-score"' in html and "comment-like" in html
    response = client.post(f"/community/article/{article.pk}/vote/", {"value": "1"})
    assert response.status_code == 302 and response["Location"].endswith("#article-vote")
    response = client.post(f"/community/article/{article.pk}/vote/", {"value": "-1"}, **HTMX)
    html = response.content.decode()
    assert html.startswith('<div class="vote-box" id="article-vote">')
    assert 'id="article-score" dir="ltr">−۱<' in html and 'class="vote-down is-active"' in html
    response = client.post(f"/community/comment/{comment.pk}/vote/", {"value": "1"}, **HTMX)
    html = response.content.decode()
    assert f'id="c-{comment.pk}-score" dir="ltr" title="امتیاز">+۱<' in html
    response = client.post(f"/community/comment/{comment.pk}/vote/", {"value": "abc"})
    assert response.status_code == 302
    _counters_match(article)


@pytest.mark.django_db
def test_own_comment_shows_no_vote_buttons(client):
    article = make_article()
    reader = make_reader()
    comment = make_comment(article=article, author=reader)
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    block = html[html.index(f'id="c-{comment.pk}-vote"'):]
    block = block[:block.index("</div>")]
    assert "comment-like" not in block and f'id="c-{comment.pk}-score"' in block
    client.post(f"/community/comment/{comment.pk}/vote/", {"value": "1"})
    assert not CommentVote.objects.exists()


@pytest.mark.django_db
def test_votes_are_rate_limited(settings):
    settings.VOTE_RATE_PER_MINUTE = 3
    reader = make_reader()
    articles = [make_article() for _ in range(4)]
    for a in articles[:3]:
        services.article_vote(article=a, user=reader, value=1)
    with pytest.raises(CommunityError, match="رأی‌های زیادی"):
        services.article_vote(article=articles[3], user=reader, value=1)


@pytest.mark.django_db
def test_suspended_reader_cannot_vote():
    article = make_article()
    reader = make_reader()
    services.reader_suspend(user=reader, until=timezone.now() + timezone.timedelta(days=1), reason="هرزنامه",
                            actor=None)
    with pytest.raises(CommunityError, match="هرزنامه"):
        services.article_vote(article=article, user=reader, value=1)


def _bulk_readers(n: int) -> list:
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"bulk{i}", email=f"bulk{i}@example.org") for i in range(n)])
    users = list(User.objects.filter(username__startswith="bulk").order_by("pk"))
    Profile.objects.bulk_create([
        Profile(user=u, display_name=f"انبوه {i}", display_key=f"انبوه{i}", username_key=u.username,
                email_verified_at=timezone.now())
        for i, u in enumerate(users)
    ])
    return list(User.objects.filter(pk__in=[u.pk for u in users]).select_related("profile"))


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_200_threads_voting_on_one_article_and_one_comment_lose_nothing(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks and many concurrent writers")
    settings.VOTE_RATE_PER_MINUTE = 10_000
    readers = _bulk_readers(200)
    article = make_article()
    comment = Comment.objects.create(article=article, author=None, body="داغ", status=Comment.Status.APPROVED)

    def work(i):
        reader = readers[i]
        value = 1 if i % 3 else -1
        services.article_vote(article=article, user=reader, value=value)
        services.comment_vote(comment=comment, user=reader, value=-value)
        if i % 5 == 0:  # some change their mind, racing everyone else
            services.article_vote(article=article, user=reader, value=-value)
        if i % 7 == 0:
            services.comment_vote(comment=comment, user=reader, value=0)

    errors = run_threads(200, work)
    assert errors == []
    _counters_match(article)
    article.refresh_from_db()
    assert ArticleVote.objects.filter(article=article).count() == 200
    comment.refresh_from_db()
    likes = CommentVote.objects.filter(comment=comment, value=1).count()
    dislikes = CommentVote.objects.filter(comment=comment, value=-1).count()
    assert (comment.likes, comment.dislikes, comment.score) == (likes, dislikes, likes - dislikes)
    assert likes + dislikes == 200 - len(range(0, 200, 7))


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_one_reader_double_submitting_keeps_one_vote(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    settings.VOTE_RATE_PER_MINUTE = 10_000
    reader = _bulk_readers(1)[0]
    article = make_article()
    errors = run_threads(20, lambda i: services.article_vote(article=article, user=reader, value=1, toggle=False))
    assert errors == []
    assert ArticleVote.objects.filter(article=article).count() == 1
    _counters_match(article)


# The vote endpoint without JavaScript: most votes take services.article_vote_quick
# (on PostgreSQL one function call that also checks the article and the reader; on
# SQLite one read of both, then the vote); every other case must end exactly as the
# full path ends it.
def _lapsed(reader):
    Profile.objects.filter(user=reader).update(suspended_until=timezone.now() - timezone.timedelta(hours=1),
                                               status_reason="گذشته")


VOTE_CASES = [
    # (case, article kwargs, change to the reader, staff, expected status, vote row stored, message)
    ("public article", {}, None, False, 302, True, None),
    ("draft", {"status": Article.Status.DRAFT, "published_at": None}, None, False, 404, False, None),
    ("scheduled for later", {"status": Article.Status.SCHEDULED,
                             "published_at": timezone.now() + timezone.timedelta(days=1)}, None, False, 404, False, None),
    ("banned reader", {}, lambda r: Profile.objects.filter(user=r).update(banned=True, status_reason="هرزنامه"),
     False, 302, False, "هرزنامه"),
    ("suspended reader", {}, lambda r: Profile.objects.filter(user=r).update(
        suspended_until=timezone.now() + timezone.timedelta(days=1), status_reason="توهین"), False, 302, False, "توهین"),
    ("suspension over", {}, _lapsed, False, 302, True, None),
    ("unverified address", {}, lambda r: Profile.objects.filter(user=r).update(email_verified_at=None),
     False, 302, False, "تأیید کنید"),
    ("unverified staff", {}, lambda r: Profile.objects.filter(user=r).update(email_verified_at=None),
     True, 302, True, None),
    ("staff on a draft", {"status": Article.Status.DRAFT, "published_at": None}, None, True, 302, False,
     "نمی‌توان رأی داد"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case,article_kw,change,staff,status,stored,message", VOTE_CASES, ids=[c[0] for c in VOTE_CASES])
def test_vote_endpoint_cases(client, case, article_kw, change, staff, status, stored, message):
    from didgah.community import rules

    article = make_article(**article_kw)
    # Points beyond one vote, so that the log term of hot is checked too.
    Article.objects.filter(pk=article.pk).update(comment_count=7)
    reader = make_reader()
    if staff:
        get_user_model().objects.filter(pk=reader.pk).update(is_staff=True)
    if change:
        change(reader)
    client.force_login(reader)
    response = client.post(f"/community/article/{article.pk}/vote/", {"value": "1"})
    assert response.status_code == status
    assert ArticleVote.objects.filter(article=article, user=reader).exists() == stored
    if status == 302:
        assert response["Location"] == f"{article.get_absolute_url()}#article-vote"
        shown = [str(m) for m in response.wsgi_request._messages]
        assert (message is None and not shown) or any(message in m for m in shown), shown
    _counters_match(article)
    if stored:  # the vote refreshed the article's hot score, the same as in Python
        assert article.hot == rules.hot_score(score=article.score, comment_count=article.comment_count,
                                              published_at=article.published_at)


@pytest.mark.django_db
def test_quick_vote_decides_only_the_common_case():
    article, draft = make_article(), make_article(status=Article.Status.DRAFT, published_at=None)
    reader = make_reader()
    assert services.article_vote_quick(article_id=article.pk, user=reader, value=1) == (True, 1, article.slug, False)
    assert services.article_vote_quick(article_id=article.pk, user=reader, value=1) == (True, 0, article.slug, False)
    assert services.article_vote_quick(article_id=article.pk, user=reader, value=7) == services.NOT_DONE
    assert services.article_vote_quick(article_id=10**20, user=reader, value=1) == services.NOT_DONE
    # Refused: on PostgreSQL by the function, after the rate limit counted (the full path
    # must not count again); on SQLite by the read that comes before the count.
    refused = services.QuickVote(done=False, limit_counted=connection.vendor == "postgresql")
    assert services.article_vote_quick(article_id=draft.pk, user=reader, value=1) == refused
    assert services.article_vote_quick(article_id=10**9, user=reader, value=1) == refused
    Profile.objects.filter(user=reader).update(banned=True)
    assert services.article_vote_quick(article_id=article.pk, user=reader, value=1) == refused
    assert not ArticleVote.objects.filter(user=reader).exists()
    _counters_match(article)


@pytest.mark.django_db
def test_a_vote_counts_once_against_the_rate_limit(client, settings):
    """A reader without a profile row yet takes both paths (the quick one refers them to
    the full one, which makes the profile): their vote still counts once."""
    settings.VOTE_RATE_PER_MINUTE = 1
    settings.COMMUNITY_REQUIRE_VERIFIED_EMAIL = False
    user = get_user_model().objects.create_user("noprofile", "np@example.org", "a-long-password-1404")
    first, second = make_article(), make_article()
    client.force_login(user)
    client.post(f"/community/article/{first.pk}/vote/", {"value": "1"})
    assert ArticleVote.objects.filter(user=user, article=first).exists()
    client.post(f"/community/article/{second.pk}/vote/", {"value": "1"})
    assert not ArticleVote.objects.filter(user=user, article=second).exists()  # the limit of one a minute
