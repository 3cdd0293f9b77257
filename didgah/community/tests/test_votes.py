"""Article and comment votes: one row per reader per item, the truth the counters are
folded from (services.counters_fold): after the fold, counters equal the rows."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from didgah.accounts.models import Profile
from didgah.community import services
from didgah.community.errors import CommunityError
from didgah.community.models import ArticleVote, Comment, CommentVote, FoldMark
from didgah.news.models import Article
from didgah.common.testing import run_threads
from didgah.news.tests.factories import make_article

from .factories import fold, make_comment, make_reader

HTMX = {"HTTP_HX_REQUEST": "true"}


def _counters_match(article: Article) -> None:
    fold()
    article.refresh_from_db()
    ups = ArticleVote.objects.filter(article=article, value=1).count()
    downs = ArticleVote.objects.filter(article=article, value=-1).count()
    assert (article.votes_up, article.votes_down, article.score) == (ups, downs, ups - downs)


@pytest.mark.django_db
def test_article_vote_cast_change_set_withdraw():
    article = make_article()
    reader = make_reader()
    assert services.article_vote(article=article, user=reader, value=1) == 1
    _counters_match(article)
    assert article.score == 1
    assert services.article_vote(article=article, user=reader, value=-1) == -1  # change
    _counters_match(article)
    assert (article.votes_up, article.votes_down, article.score) == (0, 1, -1)
    assert services.article_vote(article=article, user=reader, value=-1) == -1  # same again: it stays
    _counters_match(article)
    assert article.score == -1
    services.article_vote(article=article, user=reader, value=1)
    assert services.article_vote(article=article, user=reader, value=0) == 0  # explicit withdraw
    _counters_match(article)
    for bad in (5, True, False, "1"):
        with pytest.raises(CommunityError):
            services.article_vote(article=article, user=reader, value=bad)
    # A withdrawn vote keeps its row (value 0): the fold sees the change.
    assert list(ArticleVote.objects.filter(article=article).values_list("value", flat=True)) == [0]


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
    ArticleVote.objects.create(article=make_article(), user=reader, value=0)


@pytest.mark.django_db
def test_comment_votes_and_no_vote_on_own_comment():
    article = make_article()
    author, a, b = make_reader(), make_reader(), make_reader()
    comment = make_comment(article=article, author=author)
    with pytest.raises(CommunityError, match="خودتان"):
        services.comment_vote(comment=comment, user=author, value=1)
    services.comment_vote(comment=comment, user=a, value=1)
    services.comment_vote(comment=comment, user=b, value=-1)
    fold()
    comment.refresh_from_db()
    assert (comment.likes, comment.dislikes, comment.score) == (1, 1, 0) and comment.wilson > 0
    services.comment_vote(comment=comment, user=b, value=1)
    fold()
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
    # The page's vote buttons are a GET form: without JavaScript they lead to a
    # confirmation page that carries the token; personal.js makes them post.
    assert f'<form method="get" action="/community/article/{article.pk}/vote/"' in html
    assert 'id="article-vote-up"' in html and "comment-like" in html
    confirm = client.get(f"/community/article/{article.pk}/vote/?value=1")
    assert confirm.status_code == 200 and 'name="csrfmiddlewaretoken"' in confirm.content.decode()
    assert not ArticleVote.objects.exists()
    response = client.post(f"/community/article/{article.pk}/vote/", {"value": "1"})
    assert response.status_code == 200 and "رأی موافق شما ثبت شد" in response.content.decode()
    assert f'href="{article.get_absolute_url()}#article-vote"' in response.content.decode()
    response = client.post(f"/community/article/{article.pk}/vote/", {"value": "-1"}, **HTMX)
    html = response.content.decode()
    assert html.startswith('<div class="vote-box" id="article-vote">')
    assert 'class="vote-down is-active"' in html
    # The reader sees their own vote at once, before the counters are folded.
    assert client.get(f"/community/me/?article={article.pk}").json()["vote"] == -1
    response = client.post(f"/community/comment/{comment.pk}/vote/", {"value": "1"}, **HTMX)
    assert 'class="comment-like is-active"' in response.content.decode()
    assert client.get(f"/community/me/?article={article.pk}").json()["comment_votes"] == {str(comment.pk): 1}
    response = client.post(f"/community/comment/{comment.pk}/vote/", {"value": "abc"})
    assert response.status_code == 400 and "نامعتبر" in response.content.decode()
    _counters_match(article)
    comment.refresh_from_db()
    assert comment.likes == 1


@pytest.mark.django_db
def test_the_vote_box_answer_is_sent_uncompressed(client):
    """A vote's answer is under a kilobyte: sent as it is (common.http.GZipMiddleware),
    while the article page is compressed."""
    article = make_article()
    client.force_login(make_reader())
    response = client.post(f"/community/article/{article.pk}/vote/", {"value": "1"}, HTTP_ACCEPT_ENCODING="gzip",
                           **HTMX)
    assert response.status_code == 200 and not response.has_header("Content-Encoding")
    assert response.content.decode().startswith('<div class="vote-box" id="article-vote">')
    page = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert page["Content-Encoding"] == "gzip"


@pytest.mark.django_db
def test_own_comment_cannot_be_voted_on_and_is_marked_as_the_readers(client):
    article = make_article()
    reader = make_reader()
    comment = make_comment(article=article, author=reader)
    client.force_login(reader)
    state = client.get(f"/community/me/?article={article.pk}").json()
    assert state["own"] == [comment.pk] and state["editable"] == [comment.pk]
    response = client.post(f"/community/comment/{comment.pk}/vote/", {"value": "1"})
    assert response.status_code == 400 and "خودتان" in response.content.decode()
    assert not CommentVote.objects.exists()


@pytest.mark.django_db
def test_a_vote_writes_only_the_readers_row(client):
    """Readers voting on one story at once must not queue on the story's row: the vote
    writes its own row, and the fold the counters."""
    article = make_article()
    client.force_login(make_reader())
    with CaptureQueriesContext(connection) as ctx:
        client.post(f"/community/article/{article.pk}/vote/", {"value": "1"})
    writes = [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert writes and all(Article._meta.db_table not in sql for sql in writes), writes
    assert ArticleVote.objects.filter(article=article, value=1).count() == 1


@pytest.mark.django_db
def test_a_fold_that_dies_loses_nothing(monkeypatch):
    """The fold's mark moves in the same transaction as the counters: a fold killed
    halfway leaves the mark where it was, and the next one counts everything."""
    from didgah.community.services import counters

    article = make_article()
    readers = [make_reader() for _ in range(3)]
    comment = make_comment(article=article)
    fold()
    mark = FoldMark.objects.get().folded_until
    for r in readers:
        services.article_vote(article=article, user=r, value=1)
        services.comment_vote(comment=comment, user=r, value=-1)

    def killed(ids, out=None):
        raise RuntimeError("the fold process was killed")

    monkeypatch.setattr(counters, "_recount_comments", killed)
    with pytest.raises(RuntimeError):
        fold()
    assert FoldMark.objects.get().folded_until == mark
    article.refresh_from_db()
    assert article.votes_up == 0
    monkeypatch.undo()
    fold()
    article.refresh_from_db()
    comment.refresh_from_db()
    assert (article.votes_up, comment.dislikes) == (3, 3)


@pytest.mark.django_db
def test_a_late_commit_inside_the_overlap_is_still_counted():
    """A vote whose time is a little before the last fold's mark (it committed after
    the fold began) is counted by the next fold."""
    from didgah.community.services.counters import OVERLAP

    article = make_article()
    fold()
    services.article_vote(article=article, user=make_reader(), value=1)
    mark = FoldMark.objects.get().folded_until
    ArticleVote.objects.update(updated_at=mark - OVERLAP / 2)
    fold()
    article.refresh_from_db()
    assert article.votes_up == 1


@pytest.mark.django_db
def test_votes_are_rate_limited(settings, one_rate_window):
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
    article.refresh_from_db()
    assert article.votes_up == 0  # nothing but the rows yet
    _counters_match(article)
    article.refresh_from_db()
    assert ArticleVote.objects.filter(article=article).count() == 200
    assert ArticleVote.objects.filter(article=article).exclude(value=0).count() == 200
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
    errors = run_threads(20, lambda i: services.article_vote(article=article, user=reader, value=1))
    assert errors == []
    assert ArticleVote.objects.filter(article=article).count() == 1
    _counters_match(article)


# The vote endpoint without JavaScript: every case through one path.
def _lapsed(reader):
    Profile.objects.filter(user=reader).update(suspended_until=timezone.now() - timezone.timedelta(hours=1),
                                               status_reason="گذشته")


VOTE_CASES = [
    # (case, article kwargs, change to the reader, staff, expected status, vote row stored, message)
    ("public article", {}, None, False, 200, True, "ثبت شد"),
    ("draft", {"status": Article.Status.DRAFT, "published_at": None}, None, False, 404, False, None),
    ("scheduled for later", {"status": Article.Status.SCHEDULED,
                             "published_at": timezone.now() + timezone.timedelta(days=1)}, None, False, 404, False, None),
    ("banned reader", {}, lambda r: Profile.objects.filter(user=r).update(banned=True, status_reason="هرزنامه"),
     False, 400, False, "هرزنامه"),
    ("suspended reader", {}, lambda r: Profile.objects.filter(user=r).update(
        suspended_until=timezone.now() + timezone.timedelta(days=1), status_reason="توهین"), False, 400, False, "توهین"),
    ("suspension over", {}, _lapsed, False, 200, True, "ثبت شد"),
    ("unverified address", {}, lambda r: Profile.objects.filter(user=r).update(email_verified_at=None),
     False, 400, False, "تأیید کنید"),
    ("unverified staff", {}, lambda r: Profile.objects.filter(user=r).update(email_verified_at=None),
     True, 200, True, "ثبت شد"),
    ("staff on a draft", {"status": Article.Status.DRAFT, "published_at": None}, None, True, 400, False,
     "نمی‌توان رأی داد"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case,article_kw,change,staff,status,stored,message", VOTE_CASES, ids=[c[0] for c in VOTE_CASES])
def test_vote_endpoint_cases(client, case, article_kw, change, staff, status, stored, message):
    from didgah.community import rules

    article = make_article(**article_kw)
    reader = make_reader()
    if staff:
        get_user_model().objects.filter(pk=reader.pk).update(is_staff=True)
    if change:
        change(reader)
    client.force_login(reader)
    response = client.post(f"/community/article/{article.pk}/vote/", {"value": "1"})
    assert response.status_code == status
    assert ArticleVote.objects.filter(article=article, user=reader).exists() == stored
    if message:
        assert message in response.content.decode()
    # Points beyond one vote, so that the log term of hot is checked too.
    make_comment(article=article) if article.is_visible else None
    _counters_match(article)
    if article.is_visible:
        assert article.hot == rules.hot_score(score=article.score, comment_count=article.comment_count,
                                              published_at=article.published_at)


@pytest.mark.django_db
def test_a_vote_counts_once_against_the_rate_limit(client, settings, one_rate_window):
    """A reader without a profile row yet: the vote makes it, and counts once."""
    settings.VOTE_RATE_PER_MINUTE = 1
    settings.COMMUNITY_REQUIRE_VERIFIED_EMAIL = False
    user = get_user_model().objects.create_user("noprofile", "np@example.org", "a-long-password-1404")
    first, second = make_article(), make_article()
    client.force_login(user)
    client.post(f"/community/article/{first.pk}/vote/", {"value": "1"})
    assert ArticleVote.objects.filter(user=user, article=first).exists()
    response = client.post(f"/community/article/{second.pk}/vote/", {"value": "1"})
    assert response.status_code == 400 and "رأی‌های زیادی" in response.content.decode()
    assert not ArticleVote.objects.filter(user=user, article=second).exists()  # the limit of one a minute


def _deactivate(user):
    user.is_active = False
    user.save()


def _new_password(user):
    user.set_password("another-Passw0rd")
    user.save()


@pytest.mark.django_db
@pytest.mark.parametrize("change", [_deactivate, _new_password, lambda user: user.delete()],
                         ids=["deactivated", "password changed elsewhere", "deleted"])
def test_a_vote_from_a_session_its_account_no_longer_honours_writes_nothing(client, change):
    """A vote takes the reader from their session and kept part without reading their
    account (selectors.acting_reader); a change of the account's row makes that part
    anew, so Django's auth decides again, and the session is signed out at once."""
    article = make_article()
    reader = make_reader()
    client.force_login(reader)
    assert client.get(f"/community/me/?article={article.pk}").json()["signed_in"]  # the part is kept
    change(reader)
    response = client.post(f"/community/article/{article.pk}/vote/", {"value": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ArticleVote.objects.exists()
