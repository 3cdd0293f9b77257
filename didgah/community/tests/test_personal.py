"""The personal request (/community/me/): the reader's own part of the site is kept once
for every page, with the list of the articles they acted on, so that an article they
never acted on is answered without reading anything of theirs; an article they acted
on shows their votes, comments and follow. Through the HTTP layer."""

import re
from datetime import timedelta

import pytest
from django.db.models.query import QuerySet
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from didgah.community import selectors, services
from didgah.community.models import ArticleVote
from didgah.news.tests.factories import make_article

from .factories import make_comment, make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = settings.CACHE_MIDDLEWARE_SECONDS = 5


def _me(client, article=None):
    url = "/community/me/" + (f"?article={article.pk}" if article is not None else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.json()


def test_an_article_the_reader_never_acted_on_reads_nothing_of_theirs(page_cache, django_assert_num_queries):
    acted, untouched, other = make_article(), make_article(), make_article()
    reader = make_reader(display_name="نرگس")
    client = Client()
    client.force_login(reader)
    assert client.post(f"/community/article/{acted.pk}/vote/", {"value": "-1"}).status_code == 200
    _me(client)  # a page before this one: the reader's own part is made and kept
    _me(client, untouched)  # the article's row is read once, then kept like its page
    with django_assert_num_queries(0):  # not even their account: their kept part answers for their session
        state = _me(client, untouched)
    assert state["name"] == "نرگس" and state["vote"] == 0 and state["own"] == [] and state["comment_votes"] == {}
    assert state["notifications"]["unread"] == 0 and state["follow"]["following"] is False
    # The article they voted on shows their vote, read from the rows.
    assert _me(client, acted)["vote"] == -1
    # A vote elsewhere shows at once on that article's part, and nowhere else.
    assert client.post(f"/community/article/{other.pk}/vote/", {"value": "1"}).status_code == 200
    assert _me(client, other)["vote"] == 1
    assert _me(client, untouched)["vote"] == 0 and _me(client, acted)["vote"] == -1


def test_a_page_without_an_article_reads_only_the_reader_s_part(django_assert_max_num_queries):
    client = Client()
    client.force_login(make_reader())
    with django_assert_max_num_queries(3):  # the user, their profile, their unread notifications
        state = _me(client)
    assert state["signed_in"] and "vote" not in state and "follow" not in state


def test_a_reader_s_own_comment_and_its_edit_link_appear_on_its_article_only(page_cache):
    article, elsewhere = make_article(), make_article()
    reader = make_reader()
    client = Client()
    client.force_login(reader)
    before = _me(client, article)
    assert before["own"] == [] and before["editable"] == []
    response = client.post(f"/community/article/{article.pk}/comment/", {"body": "نظر من دربارهٔ این گزارش"})
    assert response.status_code == 200
    state = _me(client, article)
    assert len(state["own"]) == 1 and state["editable"] == state["own"]
    assert "نظر من دربارهٔ این گزارش" in state["own_html"]
    assert _me(client, elsewhere)["own"] == []
    # Another reader's comment vote on it is theirs; the author's part shows it as own.
    voter = Client()
    voter.force_login(make_reader())
    _me(voter, article)
    assert voter.post(f"/community/comment/{state['own'][0]}/vote/", {"value": "1"}).status_code == 200
    assert _me(voter, article)["comment_votes"] == {str(state["own"][0]): 1}
    assert _me(voter, elsewhere)["comment_votes"] == {}


def _kept(client, article):
    """The reader's parts made and kept, as after their first page."""
    _me(client, article)
    assert _me(client, article)["signed_in"]


def test_a_password_changed_elsewhere_signs_the_other_sessions_out_at_once(page_cache):
    article, reader = make_article(), make_reader()
    old_device, new_device = Client(), Client()
    old_device.force_login(reader)
    _kept(old_device, article)
    reader.set_password("a new and long passphrase")
    reader.save()
    assert _me(old_device, article) == {"signed_in": False, "messages": []}
    assert old_device.get("/accounts/profile/").status_code == 302  # Django's auth ended the session
    new_device.force_login(reader)
    assert _me(new_device, article)["signed_in"]


@pytest.mark.parametrize("change", ["deactivated", "deleted"])
def test_an_account_deactivated_or_deleted_is_signed_out_at_once(page_cache, change):
    article, reader = make_article(), make_reader()
    client = Client()
    client.force_login(reader)
    _kept(client, article)
    if change == "deactivated":
        reader.is_active = False
        reader.save()
    else:
        reader.delete()
    assert _me(client, article)["signed_in"] is False
    assert _me(client)["signed_in"] is False


def test_staff_status_given_in_the_admin_shows_at_once(page_cache):
    article, reader = make_article(), make_reader()
    client = Client()
    client.force_login(reader)
    _kept(client, article)
    assert _me(client, article)["admin_url"] == ""
    reader.is_staff = True
    reader.save(update_fields=["is_staff"])
    assert _me(client, article)["admin_url"] == "/admin/"


def test_a_session_other_than_the_one_the_part_was_kept_for_is_checked_by_django_s_auth(page_cache):
    """The kept part answers only a session holding the hash it was made with; another
    (as one signed in under a rotated secret key) goes through request.user, which ends it."""
    article, reader = make_article(), make_reader()
    client = Client()
    client.force_login(reader)
    _kept(client, article)
    session = client.session
    session["_auth_user_hash"] = "0" * 64
    session.save()
    assert _me(client, article)["signed_in"] is False
    assert "_auth_user_id" not in client.session


def test_a_staff_member_s_preview_is_answered_as_an_article(page_cache):
    """An article not yet public is answered as one only after the account is read and
    found to be staff's; a reader's request on it is answered as a page without it."""
    draft = make_article(status="draft")
    staff, reader = make_reader(), make_reader()
    staff.is_staff = True
    staff.save()
    editor, other = Client(), Client()
    editor.force_login(staff)
    other.force_login(reader)
    assert "vote" in _me(editor, draft) and "follow" in _me(editor, draft)
    state = _me(other, draft)
    assert state["signed_in"] and "vote" not in state and "follow" not in state


def test_a_followed_thread_shows_as_followed_and_only_there():
    followed, other = make_article(), make_article()
    client = Client()
    client.force_login(make_reader())
    _me(client, other)
    response = client.post(f"/notifications/follow/{followed.pk}/", {"action": "follow"},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert _me(client, followed)["follow"]["following"] is True
    assert _me(client, other)["follow"]["following"] is False


def test_past_the_listed_acts_every_article_is_read_as_acted_on(monkeypatch):
    monkeypatch.setattr(selectors, "ACTED_LIMIT", 1)
    first, second, third = make_article(), make_article(), make_article()
    reader = make_reader()
    client = Client()
    client.force_login(reader)
    for article, value in ((first, 1), (second, -1)):
        assert client.post(f"/community/article/{article.pk}/vote/", {"value": str(value)}).status_code == 200
    make_comment(article=third, author=reader)
    assert (_me(client, first)["vote"], _me(client, second)["vote"]) == (1, -1)
    assert len(_me(client, third)["own"]) == 1


def test_a_vote_reads_the_reader_s_row_again_if_it_changed_since_it_was_read(monkeypatch):
    """Two tabs of one reader: the vote is written only over the value it read."""
    article, reader = make_article(), make_reader()
    client = Client()
    client.force_login(reader)
    client.post(f"/community/article/{article.pk}/vote/", {"value": "1"})
    original = QuerySet.update
    raced = []

    def update(self, **kwargs):
        if self.model is ArticleVote and not raced:
            raced.append(True)  # the other tab takes the vote back first
            original(ArticleVote.objects.filter(user=reader, article=article), value=0)
        return original(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)
    # This tab read +1 and turns it down; its write over +1 finds 0 and writes over that.
    assert client.post(f"/community/article/{article.pk}/vote/", {"value": "-1"}).status_code == 200
    assert raced and ArticleVote.objects.get(user=reader, article=article).value == -1
    assert _me(client, article)["vote"] == -1


def test_a_vote_costs_the_reads_its_rules_need(client, django_assert_max_num_queries):
    """The article (here, with the page cache off), the reader's row where the rule needs
    it; then one write (as the page's script sends it: the answer is the vote box). The
    reader's account is not read: who they are and their standing come from their
    session and their part of the page they vote from, which a vote keeps (their next
    vote and page read it again from the cache)."""
    article = make_article()
    client.force_login(make_reader())
    _me(client, article)  # the page the reader votes from
    url = f"/community/article/{article.pk}/vote/"
    for value, most in (("1", 2), ("-1", 3)):  # a first vote (an INSERT), then a change (an UPDATE)
        with CaptureQueriesContext(connection) as ctx:
            assert client.post(url, {"value": value}, HTTP_HX_REQUEST="true").status_code == 200
        # The test's own transaction puts the INSERT in a savepoint; a server's is alone.
        statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
        assert len(statements) <= most and not any("auth_user" in sql for sql in statements), statements
    with django_assert_max_num_queries(0):  # the reader's own part kept across the votes
        assert _me(client)["signed_in"]
    assert ArticleVote.objects.get(article=article).value == -1
    assert services.article_vote(article=article, user=ArticleVote.objects.get().user, value=0) == 0


def test_a_first_vote_from_a_kept_page_writes_without_reading_first(client):
    """On an article the reader's kept list of acts says they never acted on, their vote
    is one INSERT; where they have a row after all (a vote they took back), the INSERT
    finds it and the row is read and changed as any other (toggling as the rule says)."""
    article, elsewhere = make_article(), make_article()
    reader = make_reader()
    client.force_login(reader)
    _me(client, elsewhere)  # a page before: the list of the reader's acts is kept
    url = f"/community/article/{article.pk}/vote/"
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(url, {"value": "1"}, HTTP_HX_REQUEST="true").status_code == 200
    votes = [q["sql"] for q in ctx.captured_queries if ArticleVote._meta.db_table in q["sql"]]
    assert len(votes) == 1 and votes[0].lstrip().upper().startswith("INSERT"), votes
    assert ArticleVote.objects.get(article=article, user=reader).value == 1
    assert client.post(url, {"value": "1"}).status_code == 200  # the same again (another tab): kept
    assert ArticleVote.objects.get(article=article, user=reader).value == 1
    assert client.post(url, {"value": "0"}).status_code == 200  # the pressed button: taken back
    assert ArticleVote.objects.get(article=article, user=reader).value == 0
    _me(client, elsewhere)  # a withdrawn vote is no act: the kept list does not name the article
    assert client.post(url, {"value": "-1"}, HTTP_HX_REQUEST="true").status_code == 200
    assert ArticleVote.objects.get(article=article, user=reader).value == -1
    _me(client, elsewhere)  # now it is an act: the vote is read first, and 0 takes it back
    response = client.post(url, {"value": "0"}, HTTP_HX_REQUEST="true")
    assert 'class="vote-down"' in response.content.decode()
    assert ArticleVote.objects.get(article=article, user=reader).value == 0 and _me(client, article)["vote"] == 0


def test_a_moderator_s_decision_refuses_the_next_vote_at_once(client, admin_user):
    """The standing a vote is checked against is the reader's kept part, made anew by
    the moderator's decision: refused at once, with the reason in Persian."""
    article = make_article()
    reader = make_reader()
    client.force_login(reader)
    url = f"/community/article/{article.pk}/vote/"
    assert _me(client, article)["problem"] == ""
    assert client.post(url, {"value": "1"}, HTTP_HX_REQUEST="true").status_code == 200
    services.reader_suspend(user=reader, until=timezone.now() + timedelta(days=1), reason="توهین", actor=admin_user)
    response = client.post(url, {"value": "-1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "vote-error" in response.content.decode()
    assert "توهین" in response.content.decode() and 'class="vote-up is-active"' in response.content.decode()
    response = client.post(url, {"value": "-1"})  # without JavaScript
    assert response.status_code == 400 and "توهین" in response.content.decode()
    assert ArticleVote.objects.get(article=article, user=reader).value == 1
    services.reader_reinstate(user=reader, actor=admin_user)
    assert client.post(url, {"value": "-1"}).status_code == 200
    assert ArticleVote.objects.get(article=article, user=reader).value == -1


def test_with_a_csrf_cookie_the_page_s_script_takes_the_token_from_it(settings):
    """No masked token is made for each page view of a reader who has the cookie; its
    value is what the script puts in their forms, and the site accepts it."""
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reader())
    first = _me(client, article)  # no cookie yet: the token comes along and the cookie is set
    assert first["csrf_token"] and settings.CSRF_COOKIE_NAME in client.cookies
    state = _me(client, article)
    assert "csrf_token" not in state and state["csrf_cookie"] == settings.CSRF_COOKIE_NAME
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(f"/community/article/{article.pk}/vote/", {"value": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and _me(client, article)["vote"] == 1
    assert client.post(f"/community/article/{article.pk}/vote/", {"value": "1"}).status_code == 403
    # htmx's answer puts the token the reader sent back in the vote box's form, which
    # posts with it; none is made for the answer, and no cookie is set again.
    url = f"/community/article/{article.pk}/vote/"
    response = client.post(url, {"value": "-1"}, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    html = response.content.decode()
    assert response.status_code == 200 and 'class="vote-down is-active"' in html
    assert '<form method="post"' in html and f'name="csrfmiddlewaretoken" value="{token}"' in html
    assert settings.CSRF_COOKIE_NAME not in response.cookies
    again = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert client.post(url, {"value": "0", "csrfmiddlewaretoken": again}, HTTP_HX_REQUEST="true").status_code == 200
    assert _me(client, article)["vote"] == 0
