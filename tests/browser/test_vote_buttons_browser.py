"""The vote buttons with JavaScript on, in Debian's Chromium: a visitor's click leads to
the sign-in page and back; a reader's click sends the state they see (a tab showing an
old state cannot undo a vote made elsewhere); focus stays on a comment's pressed button."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from didgah.community import services
from didgah.community.models import ArticleVote, CommentVote
from didgah.community.tests.factories import PASSWORD, make_comment, make_reader
from didgah.news.tests.factories import make_article

from .conftest import reader_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READY = "() => document.documentElement.dataset.personal === 'ready'"


def _login(page, base, username, next_url):
    reader_login(page, base, username, next_url)
    page.wait_for_function(READY)


def _next_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["next"][0]


def test_a_visitors_vote_leads_to_sign_in_and_back(page, live_server):
    article = make_article(title="بازگشایی پل تاریخی")
    comment = make_comment(article=article)
    url = article.get_absolute_url()
    page.goto(live_server.url + url)
    page.wait_for_function(READY)
    page.locator("#article-vote-up").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert _next_of(page.url) == f"{url}#article-vote"

    page.goto(live_server.url + url)
    page.wait_for_function(READY)
    page.locator(f"#c-{comment.pk}-vote .comment-like").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert _next_of(page.url) == f"{url}#c-{comment.pk}"

    # Signing in there brings the reader back to the comment.
    reader = make_reader()
    page.locator("#login-form input[name=username]").fill(reader.username)
    page.locator("#login-form input[name=password]").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_url(re.compile(re.escape(f"{url}#c-{comment.pk}")))
    assert not ArticleVote.objects.exists() and not CommentVote.objects.exists()


def test_a_stale_tab_does_not_undo_a_vote_and_a_pressed_button_withdraws(page, live_server):
    article = make_article(title="نمایشگاه کتاب تهران")
    url = article.get_absolute_url()
    reader = make_reader()
    _login(page, live_server.url, reader.username, url)
    up = page.locator("#article-vote-up")
    assert up.get_attribute("aria-pressed") == "false"
    # Another tab of the reader's votes meanwhile; this one still shows ▲ unpressed.
    services.article_vote(article=article, user=reader, value=1)
    up.click()
    page.wait_for_function("() => document.querySelector('#article-vote-up').classList.contains('is-active')")
    assert ArticleVote.objects.get(article=article).value == 1

    # A fresh page shows the vote pressed (personal.js): pressing it withdraws.
    page.reload()
    page.wait_for_function(READY)
    assert up.get_attribute("aria-pressed") == "true" and up.get_attribute("value") == "0"
    up.click()
    page.wait_for_function("() => document.querySelector('#article-vote-up').getAttribute('aria-pressed') === 'false'")
    assert ArticleVote.objects.get(article=article).value == 0
    assert up.get_attribute("value") == "1"


def test_focus_stays_on_the_comment_button_pressed(page, live_server):
    article = make_article(title="جشنوارهٔ فیلم کودک")
    comment = make_comment(article=article)
    url = article.get_absolute_url()
    reader = make_reader()
    _login(page, live_server.url, reader.username, url)
    like = page.locator(f"#c-{comment.pk}-vote .comment-like")
    like.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => document.querySelector('#c-{comment.pk}-vote .comment-like').classList.contains('is-active')")
    assert CommentVote.objects.get(comment=comment).value == 1
    assert page.evaluate("() => document.activeElement.id") == f"c-{comment.pk}-like"
