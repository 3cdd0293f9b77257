"""Votes set the state the reader asks for (a stale tab cannot undo a vote), a visitor
comes back to where they acted after signing in, the vote boxes' markup for assistive
technology, and a reader who may not take part gets no reply form: all over HTTP."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from didgah.community import services
from didgah.community.models import ArticleVote, CommentVote
from didgah.news.tests.factories import make_article

from .factories import make_comment, make_reader

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _next(response) -> str:
    location = response["HX-Redirect"] if response.status_code == 204 else response["Location"]
    parts = urlsplit(location)
    assert parts.path == "/accounts/login/"
    return parse_qs(parts.query)["next"][0]


def test_the_same_vote_again_keeps_it_and_zero_withdraws_it(client):
    """A second tab that does not show the vote sends +1 again: the vote stays."""
    article = make_article()
    comment = make_comment(article=article)
    client.force_login(make_reader())
    url = f"/community/article/{article.pk}/vote/"
    client.post(url, {"value": "1"}, **HTMX)
    response = client.post(url, {"value": "1"}, **HTMX)
    assert ArticleVote.objects.get(article=article).value == 1
    assert 'class="vote-up is-active"' in response.content.decode()
    client.post(url, {"value": "1"})  # without JavaScript, the same
    assert ArticleVote.objects.get(article=article).value == 1
    client.post(url, {"value": "0"}, **HTMX)
    assert ArticleVote.objects.get(article=article).value == 0

    url = f"/community/comment/{comment.pk}/vote/"
    client.post(url, {"value": "-1"}, **HTMX)
    client.post(url, {"value": "-1"}, **HTMX)
    assert CommentVote.objects.get(comment=comment).value == -1
    client.post(url, {"value": "0"}, **HTMX)
    assert CommentVote.objects.get(comment=comment).value == 0


def test_a_pressed_button_sends_a_withdrawal(client):
    """The vote box htmx swaps in shows the reader's vote pressed; pressing it again
    withdraws, so it must send 0 (the server no longer toggles)."""
    article = make_article()
    comment = make_comment(article=article)
    client.force_login(make_reader())
    html = client.post(f"/community/article/{article.pk}/vote/", {"value": "1"}, **HTMX).content.decode()
    assert 'value="0" data-value="1" class="vote-up is-active"' in html
    assert 'value="-1" data-value="-1" class="vote-down"' in html
    html = client.post(f"/community/comment/{comment.pk}/vote/", {"value": "-1"}, **HTMX).content.decode()
    assert f'value="1" data-value="1" id="c-{comment.pk}-like"' in html
    assert f'value="0" data-value="-1" id="c-{comment.pk}-dislike" class="comment-dislike is-active"' in html
    # The cached page, the same for everyone, shows nothing pressed.
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'name="value" value="1" data-value="1" class="vote-up" id="article-vote-up"' in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_visitors_vote_leads_to_sign_in_and_back_to_the_vote(client, method):
    article = make_article()
    comment = make_comment(article=article)
    send = getattr(client, method)
    assert _next(send(f"/community/article/{article.pk}/vote/", {"value": "1"})) == \
        f"{article.get_absolute_url()}#article-vote"
    assert _next(send(f"/community/comment/{comment.pk}/vote/", {"value": "1"})) == \
        f"{article.get_absolute_url()}#c-{comment.pk}"


def test_reply_and_report_lead_back_to_the_comment_after_sign_in(client):
    article = make_article()
    comment = make_comment(article=article)
    assert _next(client.get(f"/community/comment/{comment.pk}/reply/")) == f"{article.get_absolute_url()}#c-{comment.pk}"
    assert _next(client.get(f"/community/comment/{comment.pk}/reply/", **HTMX)) == \
        f"{article.get_absolute_url()}#c-{comment.pk}"
    report = f"/community/comment/{comment.pk}/report/"
    assert _next(client.get(report)) == report
    for action in ("edit", "delete"):
        assert _next(client.get(f"/community/comment/{comment.pk}/{action}/")) == \
            f"{article.get_absolute_url()}#c-{comment.pk}"
    # And the sign-in page takes the reader there.
    reader = make_reader(password="x-Test-Password-93")
    response = client.post(f"/accounts/login/?next={report}", {
        "username": reader.username, "password": "x-Test-Password-93", "next": report})
    assert response.status_code == 302 and response["Location"] == report


def test_vote_buttons_have_ids_hidden_glyphs_and_the_score_a_name(client):
    article = make_article()
    comment = make_comment(article=article)
    page = client.get(article.get_absolute_url()).content.decode()
    # Ids let htmx's swap give focus back to the comment's button that was pressed.
    assert f'id="c-{comment.pk}-like"' in page and f'id="c-{comment.pk}-dislike"' in page
    assert "▲<" not in page.replace('<span aria-hidden="true">▲</span>', "")
    assert "▼<" not in page.replace('<span aria-hidden="true">▼</span>', "")
    assert page.count('<span aria-hidden="true">▲</span>') == 2  # the article's and the comment's
    assert 'role="group" aria-label="امتیاز خبر" id="article-score"' in page


@pytest.mark.parametrize("standing", ["suspended", "unverified"])
def test_a_reader_who_may_not_take_part_gets_the_reason_without_a_reply_form(client, standing):
    article = make_article()
    comment = make_comment(article=article)
    reader = make_reader(verified=standing != "unverified")
    if standing == "suspended":
        services.reader_suspend(user=reader, until=timezone.now() + timedelta(days=7), reason="تبلیغ پیاپی",
                                actor=None)
    client.force_login(reader)
    word = "تبلیغ پیاپی" if standing == "suspended" else "رایانامه"
    for extra in (HTMX, {}):
        response = client.get(f"/community/comment/{comment.pk}/reply/", **extra)
        html = response.content.decode()
        assert response.status_code == 200 and word in html
        assert f'id="reply-form-{comment.pk}"' not in html and "<textarea" not in html
    # The main form's own page, the same.
    html = client.get(f"/community/article/{article.pk}/comment/").content.decode()
    assert word in html and "<textarea" not in html
    # A reader in good standing still gets the form.
    client.force_login(make_reader())
    html = client.get(f"/community/comment/{comment.pk}/reply/", **HTMX).content.decode()
    assert f'id="reply-form-{comment.pk}"' in html and "<textarea" in html
