"""One page for everyone: the article page is the same bytes for a visitor and a
reader, cached for all of them; what is personal comes from the reader's own request.
And one accessor decides what a reader may see of a comment (issue 16.2)."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client

from didgah.community import services
from didgah.community.models import Comment, Report
from didgah.news.tests.factories import make_article

from .factories import fold, make_comment, make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = settings.CACHE_MIDDLEWARE_SECONDS = 5
    yield


def test_visitor_and_reader_get_the_same_cached_page(page_cache, django_assert_num_queries):
    article = make_article(title="تیتر مشترک")
    make_comment(article=article, body="دیدگاهی برای همه")
    fold()
    visitor, reader = Client(), Client()
    reader.force_login(make_reader())
    first = visitor.get(article.get_absolute_url())
    assert first.status_code == 200 and "Age" not in first
    # Nothing personal was read: no cookie set, nothing varies on the cookie.
    assert not first.cookies and "Cookie" not in first.get("Vary", "")
    with django_assert_num_queries(0):  # a cached read costs no database work, signed in or not
        second = reader.get(article.get_absolute_url())
    assert "Age" in second and second.content == first.content  # a hit, the same bytes
    assert "max-age=5" in second["Cache-Control"]
    assert "دیدگاهی برای همه" in second.content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in second.content.decode()


def test_a_change_reaches_the_page_after_the_fold_and_the_cache(page_cache):
    article = make_article()
    author = make_reader()
    client = Client()
    client.get(article.get_absolute_url())
    comment = make_comment(article=article, author=author, body="دیدگاه تازه")
    assert "دیدگاه تازه" not in client.get(article.get_absolute_url()).content.decode()  # cached page
    fold()
    caches[django_settings.CACHE_MIDDLEWARE_ALIAS].clear()  # what the page cache's expiry does
    assert "دیدگاه تازه" in client.get(article.get_absolute_url()).content.decode()
    # Its author saw it at once through their own request.
    client.force_login(author)
    assert comment.pk in client.get(f"/community/me/?article={article.pk}").json()["own"]


def test_the_personal_request_is_private_and_complete(client):
    article = make_article()
    reader = make_reader(display_name="سارا")
    other = make_comment(article=article)
    mine = make_comment(article=article, author=reader)
    services.article_vote(article=article, user=reader, value=-1)
    services.comment_vote(comment=other, user=reader, value=1)
    anonymous = client.get(f"/community/me/?article={article.pk}")
    assert anonymous.json()["signed_in"] is False and "csrf_token" not in anonymous.json()
    client.force_login(reader)
    response = client.get(f"/community/me/?article={article.pk}")
    state = response.json()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert state["name"] == "سارا" and state["csrf_token"] and state["vote"] == -1
    assert state["comment_votes"] == {str(other.pk): 1} and state["own"] == [mine.pk]
    assert state["problem"] == "" and state["admin_url"] == ""
    # A token from it is accepted by the site's forms.
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(reader)
    token = csrf.get(f"/community/me/?article={article.pk}").json()["csrf_token"]
    response = csrf.post(f"/community/article/{article.pk}/vote/", {"value": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert client.get("/community/me/?article=abc").status_code == 200  # a bad id is no article


def test_the_personal_part_is_kept_until_the_reader_or_a_moderator_changes_it(client, admin_user,
                                                                              django_assert_max_num_queries):
    """Between two of a reader's actions their part comes from the cache (the user and the
    article are read, nothing of theirs); each service that changes it makes it anew."""
    article = make_article()
    reader = make_reader()
    client.force_login(reader)
    url = f"/community/me/?article={article.pk}"
    assert client.get(url).json()["vote"] == 0
    with django_assert_max_num_queries(2):  # the signed-in user and the article
        assert client.get(url).json()["vote"] == 0
    assert client.post(f"/community/article/{article.pk}/vote/", {"value": "1"}).status_code == 200
    assert client.get(url).json()["vote"] == 1  # the reader's own vote at once
    comment = services.comment_create(article=article, author=reader, body="دیدگاه من برای این خبر")
    assert client.get(url).json()["own"] == [comment.pk]
    services.reader_ban(user=reader, reason="هرزنامه", actor=admin_user)  # a moderator's decision
    assert "هرزنامه" in client.get(url).json()["problem"]
    # Another reader's part is another reader's.
    other = Client()
    other.force_login(make_reader())
    assert other.get(url).json()["vote"] == 0 and other.get(url).json()["own"] == []


def test_a_staff_preview_is_never_stored(page_cache, admin_user):
    from didgah.news.models import Article

    draft = make_article(status=Article.Status.DRAFT, published_at=None, title="پیش‌نویس محرمانه")
    staff = Client()
    staff.force_login(admin_user)
    assert staff.get(draft.get_absolute_url()).status_code == 200
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_pages_marked_shared_only(page_cache, client):
    """Account pages and the personal request are never stored, even without a session."""
    for url in ("/accounts/login/", "/community/me/"):
        client.get(url)
        assert "Age" not in client.get(url), url


# --- one accessor decides what a reader may see of a comment -----------------------------
HIDDEN = {
    "pending": {"status": Comment.Status.PENDING},
    "rejected": {"status": Comment.Status.REJECTED},
    "deleted": {"is_deleted": True},
}


@pytest.mark.parametrize("state", list(HIDDEN))
def test_a_hidden_comment_is_not_readable_by_id(client, state):
    article = make_article()
    author = make_reader(display_name="نویسندهٔ پنهان")
    comment = make_comment(article=article, author=author, body="متن محرمانه")
    Comment.objects.filter(pk=comment.pk).update(**HIDDEN[state])
    snoop = make_reader(verified=False)
    client.force_login(snoop)
    for path in ("reply", "report", "vote", "edit", "delete"):
        for method in (client.get, client.post):
            response = method(f"/community/comment/{comment.pk}/{path}/", {"reason": "spam", "value": "1"})
            # (the reply form is a page to GET; a POST to it is refused by its method)
            expected = 405 if (path, method) == ("reply", client.post) else 404
            assert response.status_code == expected, (path, method)
            assert "متن محرمانه" not in response.content.decode()
            assert "نویسندهٔ پنهان" not in response.content.decode()
    assert not Report.objects.exists()
    # Replying to it through the form's parent field is refused the same way.
    response = client.post(f"/community/article/{article.pk}/comment/", {"body": "پاسخ", "parent": comment.pk})
    assert response.status_code == 400 and "متن محرمانه" not in response.content.decode()


def test_its_author_may_still_see_edit_and_delete_their_pending_comment(client, settings):
    settings.COMMENT_MODERATION = "pre"
    article = make_article()
    author = make_reader()
    comment = make_comment(article=article, author=author, body="در انتظار")
    client.force_login(author)
    assert client.get(f"/community/comment/{comment.pk}/edit/").status_code == 200
    assert client.get(f"/community/comment/{comment.pk}/delete/").status_code == 200
    assert client.get(f"/community/comment/{comment.pk}/reply/").status_code == 404


def test_the_api_uses_the_same_accessor(client):
    from didgah.api.services import token_create

    article = make_article()
    hidden = make_comment(article=article, body="پنهان")
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.PENDING)
    reader = make_reader()
    _, raw = token_create(user=reader, name="t")
    response = client.post(f"/api/v1/articles/{article.pk}/comments", {"body": "پاسخ", "parent_id": hidden.pk},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    # Refused on the field, as for a comment that does not exist: a hidden one is no parent.
    missing = client.post(f"/api/v1/articles/{article.pk}/comments", {"body": "پاسخ", "parent_id": hidden.pk + 1000},
                          content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == missing.status_code == 422
    assert response.json() == missing.json()
    assert not Comment.objects.filter(body="پاسخ").exists()


def test_conditional_requests_answer_alike_on_a_miss_and_on_a_hit(page_cache, django_assert_num_queries):
    """Issue 16.13: a page-cache hit answers a conditional request as the miss did."""
    article = make_article()
    client = Client()
    url = article.get_absolute_url()
    miss = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    etag = miss["ETag"]
    with django_assert_num_queries(0):  # a hit: no database work
        hit = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert hit.status_code == 304
    caches[django_settings.CACHE_MIDDLEWARE_ALIAS].clear()
    assert client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag).status_code == 304  # a miss
    since = "Wed, 01 Jan 2020 00:00:00 GMT"
    caches[django_settings.CACHE_MIDDLEWARE_ALIAS].clear()
    first = client.get(url, HTTP_IF_MODIFIED_SINCE=since)
    second = client.get(url, HTTP_IF_MODIFIED_SINCE=since)
    assert "Age" in second and first.status_code == second.status_code


def test_a_reader_s_part_is_kept_no_longer_than_their_next_edit_window_ends(settings):
    from datetime import timedelta

    from django.utils import timezone

    from didgah.community import selectors
    from didgah.community.models import Comment

    settings.COMMENT_EDIT_MINUTES = 15
    article, reader = make_article(), make_reader()
    assert selectors.reader_state(article=article, user=reader)[1] == float("inf")
    comment = make_comment(article=article, author=reader)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=14))
    _state, seconds = selectors.reader_state(article=article, user=reader)
    assert 0 < seconds <= 60  # the edit window closes within the minute
